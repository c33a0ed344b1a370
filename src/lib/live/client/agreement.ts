/**
 * What the phone and the projector work out about the agreement, the consent round and the check-out round:
 * kept apart from the screens so that it can be tested on its own. Pure functions, no Svelte, no messages.
 */
import {
	CHECK_OUT_PROMPTS,
	CONSENT_GRADIENTS,
	type CheckOutPrompt,
	type ConsentGradient
} from '$lib/live/types';

// ---------------------------------------------------------------------------------------------------------------
// The consent round
// ---------------------------------------------------------------------------------------------------------------

export function isGradient(value: unknown): value is ConsentGradient {
	return typeof value === 'string' && (CONSENT_GRADIENTS as readonly string[]).includes(value);
}

/** The phone asks (again, when `changed`), or shows the answer it has for the draft as it is now. */
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

// ---------------------------------------------------------------------------------------------------------------
// The check-out round
// ---------------------------------------------------------------------------------------------------------------

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

export type CheckOutMark = 'done' | 'skipped' | 'current' | 'todo';

/** Each question's state, for the progress bar. */
export function checkOutMarks(
	done: (prompt: CheckOutPrompt) => boolean,
	skipped: readonly string[]
): CheckOutMark[] {
	const current = nextCheckOut(done, skipped)?.prompt;
	return CHECK_OUT_PROMPTS.map((p) =>
		done(p) ? 'done' : p === current ? 'current' : skipped.includes(p) ? 'skipped' : 'todo'
	);
}
