/**
 * What the phone and the projector work out about the agreement, the consent round and the check-out round:
 * kept apart from the screens so that it can be tested on its own. Pure functions, no Svelte, no messages.
 */
import {
	CHECK_OUT_PROMPTS,
	CONSENT_GRADIENTS,
	type CheckOutPrompt,
	type ConsentGradient,
	type PublicCommitment
} from '$lib/live/types';

// ---------------------------------------------------------------------------------------------------------------
// The consent round
// ---------------------------------------------------------------------------------------------------------------

export function isGradient(value: unknown): value is ConsentGradient {
	return typeof value === 'string' && (CONSENT_GRADIENTS as readonly string[]).includes(value);
}

/** The phone asks (again, when `changed`), or shows the answer it has for the draft as it is now. */
/** How a commitment differs from the version a person last answered on. */
export type CommitmentMark = 'new' | 'changed';

export interface DraftChanges {
	/** Commitments that are new or whose words, owner, date or check changed, by id. */
	marks: Record<string, CommitmentMark>;
	/** How many commitments of the version answered on are gone. */
	removed: number;
	/** Anything at all: marks, removals, or only the order. */
	any: boolean;
}

/**
 * What changed in the agreement since the version a person answered on (`before`), commitment by commitment, so
 * that a phone asking again can show only that and bring the answers into reach. A move alone changes nothing a
 * commitment says, but it is a change all the same (`any`).
 */
export function draftChanges(
	before: readonly PublicCommitment[],
	now: readonly PublicCommitment[]
): DraftChanges {
	const said = (c: PublicCommitment) => JSON.stringify([c.action, c.ownerRole, c.dueOn, c.reviewHow]);
	const earlier = new Map(before.map((c) => [c.id, c]));
	const marks: Record<string, CommitmentMark> = {};
	for (const c of now) {
		const old = earlier.get(c.id);
		if (!old) marks[c.id] = 'new';
		else if (said(old) !== said(c)) marks[c.id] = 'changed';
	}
	const ids = new Set(now.map((c) => c.id));
	const removed = before.filter((c) => !ids.has(c.id)).length;
	const moved =
		before
			.filter((c) => ids.has(c.id))
			.map((c) => c.id)
			.join() !==
		now
			.filter((c) => earlier.has(c.id))
			.map((c) => c.id)
			.join();
	return { marks, removed, any: Object.keys(marks).length > 0 || removed > 0 || moved };
}

export type ConsentState =
	{ kind: 'ask'; changed: boolean } | { kind: 'answered'; value: ConsentGradient; pending: boolean };

export interface ConsentFacts {
	/** The draft version on screen. */
	version: number;
	/** `myAnswers.consent` of the view: the server's record of this phone's answer to this version only. */
	answer: string | undefined;
	/** The last consent answer waiting in the phone's queue, with the version it was given on. */
	pending: { value: string; version: number } | null;
	/** The version this phone last answered (kept on the phone), or null when it never answered. */
	lastVersion: number | null;
}

/**
 * Whether to ask for consent. An answer waiting in the queue counts only for the version on screen (one given on
 * an earlier version will be refused as `draftChanged`); a phone that answered an earlier version is asked again,
 * and told that the agreement changed.
 */
export function consentState({ version, answer, pending, lastVersion }: ConsentFacts): ConsentState {
	if (pending && pending.version === version && isGradient(pending.value)) {
		return { kind: 'answered', value: pending.value, pending: true };
	}
	if (isGradient(answer)) return { kind: 'answered', value: answer, pending: false };
	return { kind: 'ask', changed: lastVersion !== null && lastVersion !== version };
}

/**
 * How long the answers wait after the agreement on screen changed, so that a tap aimed at the old text is not
 * taken for the new one.
 */
export const CONSENT_TAP_PAUSE_MS = 1_500;

/** How long (ms) a tap still has to wait, `pauseMs` after `since` (phone clock); 0 when it is taken. */
export function tapWait(since: number | null, now: number, pauseMs: number): number {
	if (since === null) return 0;
	// A clock set back does not make the wait longer than the pause.
	return Math.min(pauseMs, Math.max(0, since + pauseMs - now));
}

/** What the ask screen keeps while it is shown. */
export interface ConsentReading {
	/** The version the ask screen first showed: the one the person started reading. */
	startedOn: number;
	/** The version on screen now. */
	shown: number;
	/** When (phone clock, ms) the version on screen took the place of another; null when it did not change. */
	changedAt: number | null;
}

/**
 * Follows the version on the ask screen. A reading starts on the version shown; `changed` says that the ask
 * screen itself appeared because the agreement changed after this phone answered (what was under the person's
 * finger changed too). A new version on screen afterwards is a change from the moment it is seen.
 */
export function followConsentReading(
	reading: ConsentReading | null,
	version: number,
	now: number,
	changed = false
): ConsentReading {
	if (!reading) return { startedOn: version, shown: version, changedAt: changed ? now : null };
	if (reading.shown === version) return reading;
	return { ...reading, shown: version, changedAt: now };
}

/**
 * Whether a tap on an answer counts for the version on screen, and if not, how long it waits. `changed`: the
 * version on screen is not the one the person started reading.
 */
export type ConsentTap = { take: true; changed: boolean } | { take: false; changed: boolean; waitMs: number };

/**
 * A tap counts for the version on screen once the person has had a moment to see it: not before the screen has
 * caught up with the version, and not within `pauseMs` of the version changing on screen.
 */
export function consentTap(
	reading: ConsentReading | null,
	version: number,
	now: number,
	pauseMs = CONSENT_TAP_PAUSE_MS
): ConsentTap {
	if (!reading) return { take: false, changed: false, waitMs: pauseMs };
	const changed = reading.startedOn !== version;
	if (reading.shown !== version) return { take: false, changed, waitMs: pauseMs };
	const waitMs = tapWait(reading.changedAt, now, pauseMs);
	return waitMs > 0 ? { take: false, changed, waitMs } : { take: true, changed };
}

// ---------------------------------------------------------------------------------------------------------------
// The check-out round
// ---------------------------------------------------------------------------------------------------------------

/**
 * How long taps on the next check-out question are not taken after an answer or a skip, so that a double tap
 * does not answer the next question unseen.
 */
export const CHECK_OUT_TAP_PAUSE_MS = 500;

export interface CheckOutStep {
	prompt: CheckOutPrompt;
	/** 1-based place among the questions ("2 of 6"). */
	position: number;
	total: number;
}

/**
 * The next check-out question to ask: the first one neither answered (`done`: in the view's answers or waiting in
 * the queue) nor skipped. Null when every question is answered or skipped.
 */
export function nextCheckOut(
	done: (prompt: CheckOutPrompt) => boolean,
	skipped: readonly string[]
): CheckOutStep | null {
	const index = CHECK_OUT_PROMPTS.findIndex((p) => !done(p) && !skipped.includes(p));
	const prompt = CHECK_OUT_PROMPTS[index];
	return prompt ? { prompt, position: index + 1, total: CHECK_OUT_PROMPTS.length } : null;
}

/** Check-out questions skipped and still unanswered (offered again at the end). */
export function skippedCheckOut(
	done: (prompt: CheckOutPrompt) => boolean,
	skipped: readonly string[]
): CheckOutPrompt[] {
	return CHECK_OUT_PROMPTS.filter((p) => !done(p) && skipped.includes(p));
}

/**
 * The check-out question on screen: the one the person went back to (`again`, to change the answer), else the
 * next one to ask. `again` is true for a question asked again.
 */
export function checkOutStep(
	done: (prompt: CheckOutPrompt) => boolean,
	skipped: readonly string[],
	again: CheckOutPrompt | null
): (CheckOutStep & { again: boolean }) | null {
	const index = again ? CHECK_OUT_PROMPTS.indexOf(again) : -1;
	if (again && index >= 0) {
		return { prompt: again, position: index + 1, total: CHECK_OUT_PROMPTS.length, again: true };
	}
	const next = nextCheckOut(done, skipped);
	return next ? { ...next, again: false } : null;
}

/**
 * The question before `current` (every one before it was answered or skipped), to go back to; the last question
 * once all are through (`current` null); null on the first question.
 */
export function previousCheckOut(current: CheckOutPrompt | null): CheckOutPrompt | null {
	const index = current ? CHECK_OUT_PROMPTS.indexOf(current) : CHECK_OUT_PROMPTS.length;
	return index > 0 ? (CHECK_OUT_PROMPTS[index - 1] ?? null) : null;
}

export type CheckOutMark = 'done' | 'skipped' | 'current' | 'todo';

/** Each question's state, for the progress bar; `again` is the question gone back to, shown as current. */
export function checkOutMarks(
	done: (prompt: CheckOutPrompt) => boolean,
	skipped: readonly string[],
	again: CheckOutPrompt | null = null
): CheckOutMark[] {
	const current = checkOutStep(done, skipped, again)?.prompt;
	return CHECK_OUT_PROMPTS.map((p) =>
		p === current ? 'current' : done(p) ? 'done' : skipped.includes(p) ? 'skipped' : 'todo'
	);
}
