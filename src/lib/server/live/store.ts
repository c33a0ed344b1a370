// live/: what every folder here shares; the transaction and its hashes, errors, input parsing, spec helpers.
/**
 * Shared plumbing of the live-session services: reading a session's row (phase, settings, controls), writing a
 * change and its log event in one synchronous transaction and publishing after the commit, and the keyed hashes
 * that let the server recognise a phone without storing anything that points at it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { normaliseSettings, type DialogueSettings, type SessionPhase } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';
import {
	OPEN_PROMPT_CHOICES,
	RESULT_PROMPTS,
	type ResultPrompt,
	type DisplayLanguages,
	type OpenablePrompt,
	type SpotlightTarget
} from '$lib/live/types';
import { isLanguage } from '$lib/i18n/languages';
import { SPEAKING_PURPOSES, type HeldSpeakingRound, type SpeakingPurpose } from '$lib/live/speaking';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { liveSession } from '../db/schema';
import { getBus } from '../events/bus';
import {
	appendEvent,
	lastSeqOf,
	withWrittenEvents,
	type Audience,
	type WrittenEvent
} from '../sessions/service';
import { LiveError } from './errors';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Reader = Db | Tx;

/** A running or paused countdown, in server time. */
export interface TimerState {
	durationMs: number;
	/** When it was last started; null while paused. */
	startedAt: number | null;
	/** Time already run before `startedAt`. */
	elapsedMs: number;
}

/**
 * A "cannot live with it" talked through: answers on `version` given up to sequence number `seq` no longer
 * block (`at` is kept for the record; a resolution stored before `seq` existed falls back to it).
 */
export interface StoredResolution {
	at: number;
	seq: number | null;
	version: number;
	/** The version as people count it (`AgreementDraft.number`) when it was resolved. */
	number: number;
	note: string;
	/** How many it resolved: kept for the record, shown only through the small-group safeguard. */
	resolved: number;
}

/** The agreement's bookkeeping (the commitments themselves are rows of `commitment`). */
export interface AgreementControls {
	/**
	 * Changes with every change to the commitments; consent and the read-back are per version. Internal: the
	 * version people see counts the read-backs (`readBacks`).
	 */
	version: number;
	readBackVersion: number | null;
	/** How many versions of the draft were read back to the room (reading the same one again does not count). */
	readBacks: number;
	readBackAt: number | null;
	resolutions: StoredResolution[];
	/** The closing ritual, once held and recorded. */
	ritual: { note: string; at: number } | null;
}

/** The facilitator's live controls, stored as JSON in `live_session.controls`. */
export interface Controls {
	purposeExplained: boolean;
	openPrompt: OpenablePrompt | null;
	timer: TimerState | null;
	joinVisible: boolean;
	/** The join code lets new phones in (the facilitator can close the door; phones already in stay). */
	doorOpen: boolean;
	/** The projector shows the group's ground rules over everything ("return to our ground rules"). */
	groundRulesShown: boolean;
	/** The origin in the phones' join link and QR (configured, or a LAN address the facilitator picked). */
	origin: string | null;
	/** When ground-rule objections were talked through (for the record). */
	objectionsResolvedAt: number | null;
	/** Ground-rule objections answered up to this sequence number count as talked through. */
	objectionsResolvedSeq: number | null;
	/** The six check-out questions take answers (closing phase). */
	checkOutOpen: boolean;
	/** Shown large on the projector until cleared or the phase moves. */
	spotlight: SpotlightTarget | null;
	/** The projector's first and optional second language; null: the projector's own browser language alone. */
	languages: DisplayLanguages | null;
	/** The round closed last in this phase, whose result the projector shows until another opens or the phase moves. */
	resultShown: ResultPrompt | null;
	agreement: AgreementControls;
	/** The speaking round running now (issue 11, the talking piece); its queue and labels are in memory only. */
	speaking: SpeakingRoundState | null;
	/** The speaking rounds held in this session, for the report: counts only, never who. */
	speakingRounds: HeldSpeakingRound[];
}

/** A running speaking round as stored: who holds the piece by turn id only, and how many turns and passes so far. */
export interface SpeakingRoundState {
	id: string;
	purpose: SpeakingPurpose;
	phase: string;
	startedAt: number;
	/** The turn id of the holder; null while the piece rests with the facilitator. */
	holder: string | null;
	/** When the holder's turn began, on the monotonic clock. */
	turnStartedAt: number | null;
	barSeconds: number | null;
	turns: number;
	passes: number;
}

export function defaultAgreementControls(): AgreementControls {
	return { version: 0, readBackVersion: null, readBackAt: null, readBacks: 0, resolutions: [], ritual: null };
}

export function defaultControls(): Controls {
	return {
		purposeExplained: false,
		openPrompt: null,
		timer: null,
		joinVisible: true,
		doorOpen: true,
		groundRulesShown: false,
		origin: null,
		objectionsResolvedAt: null,
		objectionsResolvedSeq: null,
		checkOutOpen: false,
		spotlight: null,
		languages: null,
		resultShown: null,
		agreement: defaultAgreementControls(),
		speaking: null,
		speakingRounds: []
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSpotlight(value: unknown): SpotlightTarget | null {
	if (!isRecord(value) || typeof value.id !== 'string') return null;
	const kind = value.kind;
	return kind === 'theme' || kind === 'contribution' ? { kind, id: value.id } : null;
}

function parseLanguages(value: unknown): DisplayLanguages | null {
	if (!isRecord(value) || !isLanguage(value.first)) return null;
	const second = isLanguage(value.second) && value.second !== value.first ? value.second : null;
	return { first: value.first, second };
}

/** Reads stored controls defensively: a field of an older or hand-edited row falls back to its default. */
export function parseControls(json: string): Controls {
	const d = defaultControls();
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		return d;
	}
	if (!isRecord(raw)) return d;
	const timer = isRecord(raw.timer) ? raw.timer : null;
	const num = (value: unknown): number | null =>
		typeof value === 'number' && Number.isFinite(value) ? value : null;
	return {
		purposeExplained: raw.purposeExplained === true,
		openPrompt: (OPEN_PROMPT_CHOICES as readonly unknown[]).includes(raw.openPrompt)
			? (raw.openPrompt as OpenablePrompt)
			: null,
		timer:
			timer && num(timer.durationMs) !== null
				? {
						durationMs: num(timer.durationMs) ?? 0,
						startedAt: num(timer.startedAt),
						elapsedMs: num(timer.elapsedMs) ?? 0
					}
				: null,
		joinVisible: raw.joinVisible !== false,
		doorOpen: raw.doorOpen !== false,
		groundRulesShown: raw.groundRulesShown === true,
		origin: typeof raw.origin === 'string' ? raw.origin : null,
		objectionsResolvedAt: num(raw.objectionsResolvedAt),
		objectionsResolvedSeq: num(raw.objectionsResolvedSeq),
		spotlight: parseSpotlight(raw.spotlight),
		languages: parseLanguages(raw.languages),
		checkOutOpen: raw.checkOutOpen === true,
		resultShown: (RESULT_PROMPTS as readonly unknown[]).includes(raw.resultShown)
			? (raw.resultShown as ResultPrompt)
			: null,
		agreement: parseAgreementControls(raw.agreement),
		speaking: parseSpeaking(raw.speaking),
		speakingRounds: Array.isArray(raw.speakingRounds)
			? raw.speakingRounds.filter(isRecord).flatMap((r) => {
					const held = parseHeld(r);
					return held ? [held] : [];
				})
			: []
	};
}

function finite(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function purposeOf(value: unknown): SpeakingPurpose | null {
	return (SPEAKING_PURPOSES as readonly unknown[]).includes(value) ? (value as SpeakingPurpose) : null;
}

function parseSpeaking(raw: unknown): SpeakingRoundState | null {
	if (!isRecord(raw) || typeof raw.id !== 'string') return null;
	const purpose = purposeOf(raw.purpose);
	if (!purpose) return null;
	return {
		id: raw.id,
		purpose,
		phase: typeof raw.phase === 'string' ? raw.phase : '',
		startedAt: finite(raw.startedAt) ?? 0,
		holder: typeof raw.holder === 'string' ? raw.holder : null,
		turnStartedAt: finite(raw.turnStartedAt),
		barSeconds: finite(raw.barSeconds),
		turns: Math.max(0, Math.trunc(finite(raw.turns) ?? 0)),
		passes: Math.max(0, Math.trunc(finite(raw.passes) ?? 0))
	};
}

function parseHeld(raw: Record<string, unknown>): HeldSpeakingRound | null {
	const purpose = purposeOf(raw.purpose);
	if (!purpose) return null;
	return {
		purpose,
		phase: typeof raw.phase === 'string' ? raw.phase : '',
		turns: Math.max(0, Math.trunc(finite(raw.turns) ?? 0)),
		passes: Math.max(0, Math.trunc(finite(raw.passes) ?? 0)),
		startedAt: finite(raw.startedAt) ?? 0,
		endedAt: finite(raw.endedAt) ?? 0
	};
}

function parseAgreementControls(raw: unknown): AgreementControls {
	const d = defaultAgreementControls();
	if (!isRecord(raw)) return d;
	const num = (value: unknown): number | null =>
		typeof value === 'number' && Number.isFinite(value) ? value : null;
	const ritual = isRecord(raw.ritual) ? raw.ritual : null;
	const readBackVersion = num(raw.readBackVersion);
	return {
		version: Math.max(0, Math.trunc(num(raw.version) ?? 0)),
		readBackVersion,
		readBackAt: num(raw.readBackAt),
		// Stored before read-backs were counted: one, if any was made.
		readBacks: Math.max(0, Math.trunc(num(raw.readBacks) ?? (readBackVersion !== null ? 1 : 0))),
		resolutions: Array.isArray(raw.resolutions)
			? raw.resolutions.filter(isRecord).map((r) => ({
					at: num(r.at) ?? 0,
					seq: num(r.seq),
					version: num(r.version) ?? 0,
					number: num(r.number) ?? num(r.version) ?? 0,
					note: typeof r.note === 'string' ? r.note : '',
					resolved: num(r.resolved) ?? 0
				}))
			: [],
		ritual:
			ritual && num(ritual.at) !== null
				? { note: typeof ritual.note === 'string' ? ritual.note : '', at: num(ritual.at) ?? 0 }
				: null
	};
}

/** What the services need to know about a session for most requests, without starting a machine actor. */
export interface SessionState {
	id: string;
	dialogueId: string | null;
	phase: SessionPhase;
	revision: number;
	lastSeq: number;
	settings: DialogueSettings;
	controls: Controls;
	joinCode: string | null;
	displayTokenHash: string | null;
	/** The projector link's token while the session is open (staff only: the console's view). */
	displayToken: string | null;
	voterSecret: string | null;
	closedAt: number | null;
	/** The follow-up review date set while closing (`YYYY-MM-DD`). */
	followUpOn: string | null;
	/** The earlier session this one reviews, for a review session. */
	reviewOf: string | null;
	/** The machine's state value from the snapshot (for checkAdvance and revisitTargets without an actor). */
	machineValue: unknown;
}

/** A session's machine snapshot, parsed, with the revision it belongs to. */
interface ParsedSnapshot {
	revision: number;
	settings: DialogueSettings;
	machineValue: unknown;
}

/**
 * The settings and the machine's state from a session's stored snapshot (JSON of the XState snapshot), read and
 * parsed once per revision: the snapshot is written only when the machine moves, and every move raises the
 * revision (`sessions/service.ts`). Every live request reads the session's state, and the snapshot is its largest
 * column: reading it each time was a tenth of what a request allocated (issue 14). Kept per connection, like the
 * prepared queries: a database opened anew (a restore) starts with nothing known.
 */
function machineSnapshot(
	db: Reader,
	sessionId: string,
	revision: number,
	phase: string
): { settings: DialogueSettings; machineValue: unknown } {
	const parsedSnapshots = prepared(db, 'parsedSnapshots', () => new Map<string, ParsedSnapshot>());
	const known = parsedSnapshots.get(sessionId);
	if (known && known.revision === revision) return known;
	const snapshot =
		prepared(db, 'readSnapshot', (reader) =>
			reader
				.select({ snapshot: liveSession.snapshot })
				.from(liveSession)
				.where(eq(liveSession.id, sql.placeholder('sessionId')))
				.prepare()
		).get({ sessionId })?.snapshot ?? '';
	let settings: DialogueSettings;
	let machineValue: unknown = phase;
	try {
		const parsed: unknown = JSON.parse(snapshot);
		const context = isRecord(parsed) && isRecord(parsed.context) ? parsed.context : {};
		settings = normaliseSettings(isRecord(context.settings) ? context.settings : undefined);
		if (isRecord(parsed)) machineValue = parsed.value;
	} catch {
		settings = normaliseSettings();
	}
	// A bound on what it keeps: the sessions live at once, not every session ever read.
	if (parsedSnapshots.size >= 1_000) parsedSnapshots.clear();
	const entry = { revision, settings, machineValue };
	parsedSnapshots.set(sessionId, entry);
	return entry;
}

export function readSessionState(db: Reader, sessionId: string): SessionState {
	const row = prepared(db, 'readSessionState', (reader) =>
		reader
			.select({
				id: liveSession.id,
				dialogueId: liveSession.dialogueId,
				phase: liveSession.phase,
				revision: liveSession.revision,
				lastSeq: liveSession.lastSeq,
				controls: liveSession.controls,
				joinCode: liveSession.joinCode,
				displayTokenHash: liveSession.displayTokenHash,
				displayToken: liveSession.displayToken,
				voterSecret: liveSession.voterSecret,
				closedAt: liveSession.closedAt,
				followUpOn: liveSession.followUpOn,
				reviewOf: liveSession.reviewOf
			})
			.from(liveSession)
			.where(eq(liveSession.id, sql.placeholder('sessionId')))
			.prepare()
	).get({ sessionId });
	if (!row) throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
	const { settings, machineValue } = machineSnapshot(db, row.id, row.revision, row.phase);
	return {
		id: row.id,
		dialogueId: row.dialogueId,
		phase: row.phase as SessionPhase,
		revision: row.revision,
		lastSeq: row.lastSeq,
		settings,
		controls: parseControls(row.controls),
		joinCode: row.joinCode,
		displayTokenHash: row.displayTokenHash,
		displayToken: row.displayToken,
		voterSecret: row.voterSecret,
		closedAt: row.closedAt,
		followUpOn: row.followUpOn,
		reviewOf: row.reviewOf,
		machineValue
	};
}

/** Writes the session's controls (inside the caller's transaction). */
export function writeControls(tx: Tx, sessionId: string, controls: Controls, at: number): void {
	tx.update(liveSession)
		.set({ controls: JSON.stringify(controls), updatedAt: at })
		.where(eq(liveSession.id, sessionId))
		.run();
}

export type Emit = (
	type: string,
	payload: unknown,
	options?: { audience?: Audience; actorId?: string | null }
) => number;

/**
 * Runs `fn` in one immediate (write-locking) transaction; every `emit` appends a log event with the next
 * sequence number inside it. After the commit, the last sequence number is published once: streams read
 * everything after their cursor, so one notice covers all events of the change.
 */
export function commit<T>(
	db: Db,
	sessionId: string,
	fn: (tx: Tx, emit: Emit, at: number) => T,
	at = Date.now()
): T {
	committed.length = 0;
	let done: { result: T; events: WrittenEvent[] };
	try {
		done = withWrittenEvents(() =>
			db.transaction(
				(tx) =>
					fn(
						tx,
						(type, payload, options = {}) =>
							appendEvent(tx, sessionId, type, payload, { ...options, at }).seq,
						at
					),
				{ behavior: 'immediate' }
			)
		);
	} catch (error) {
		// Writes are synchronous: what was queued belongs to this transaction, which did not commit.
		committed.length = 0;
		throw error;
	}
	for (const run of committed.splice(0)) run();
	const last = lastSeqOf(db, sessionId);
	if (done.events.length > 0)
		getBus().publish({ sessionId, seq: last, events: inTheLog(done.events, sessionId, last) });
	return done.result;
}

/**
 * The events a commit wrote, to hand to the streams with its notice so that they need not read them back from the
 * log (they still do when they had not read everything before them, `streams/stream.ts`), when they are certainly
 * what the log now holds: all of this session, one after another, up to its last sequence number. Anything else (a
 * savepoint rolled back inside the transaction, whose sequence number was then used again or not at all; another
 * session's events) and the streams read the log.
 */
function inTheLog(
	events: readonly WrittenEvent[],
	sessionId: string,
	last: number
): WrittenEvent[] | undefined {
	const first = last - events.length + 1;
	return events.every((event, i) => event.sessionId === sessionId && event.seq === first + i)
		? [...events]
		: undefined;
}

const committed: (() => void)[] = [];

/**
 * Runs `fn` once the running `commit` transaction has committed, and never if it fails: a phone's rate-limit hit is
 * counted this way, so that a write the disk refused does not use up the phone's quota.
 */
export function afterCommit(fn: () => void): void {
	committed.push(fn);
}

/** A fresh random token (256 bits, URL-safe). */
export function randomToken(): string {
	return randomBytes(32).toString('base64url');
}

/** The stored form of a token: SHA-256 in hex. */
export function sha256(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The key under which a phone's endorsements and answers are counted: HMAC-SHA256 of its token under the
 * session's voter secret. Without the secret (erased when the session closes) it cannot be tied to a token.
 */
export function voterKey(voterSecret: string, token: string): string {
	return createHmac('sha256', voterSecret).update(token).digest('hex');
}

/** The session must take submissions from phones now: live, not paused, not closed. */
export function requireOpenForPhones(state: SessionState): void {
	if (state.closedAt !== null || state.phase === 'closed') {
		throw new LiveError(409, 'sessionClosed', m.live_error_session_closed());
	}
	if (state.phase === 'paused') throw new LiveError(409, 'paused', m.live_error_paused());
}
