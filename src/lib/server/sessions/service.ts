/**
 * The session service: every change to a live session goes through here. It loads the persisted snapshot,
 * applies one event to the dialogue machine, saves the new snapshot guarded by its revision (two concurrent
 * writers cannot both win) and appends the event to the session's append-only log, all in one synchronous
 * transaction; it publishes `{ sessionId, seq }` on the bus only after the commit.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { createActor, type Actor } from 'xstate';
import {
	checkAdvance,
	DIALOGUE_MACHINE_VERSION,
	dialogueMachine,
	migrateSnapshot,
	phaseOf,
	type DialogueEvent,
	type DialogueSettings,
	type DialogueSnapshot,
	type SessionPhase,
	type ValuesCheck
} from '$lib/dialogue';
import { shownCheck } from '$lib/privacy/small-groups';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { liveSession, sessionEvent } from '../db/schema';
import { getBus, type StoredEvent } from '../events/bus';
import { auditStaffEvent } from './staff-audit';

export type Audience = 'all' | 'staff';

/** Another writer changed the session between our read and our write; the caller may reload and retry. */
export class RevisionConflictError extends Error {
	override name = 'RevisionConflictError';
	constructor(
		readonly sessionId: string,
		readonly expected: number
	) {
		super(
			`Session ${sessionId} was changed by someone else (expected revision ${expected}). Reload and try again.`
		);
	}
}

/**
 * The event was meant for a phase the session is no longer in (a second console or a double click moved it
 * first). Carries where the session is now, so that the caller can show it.
 */
export class PhaseMovedError extends Error {
	override name = 'PhaseMovedError';
	constructor(
		readonly sessionId: string,
		readonly expected: SessionPhase,
		readonly current: { phase: SessionPhase; revision: number; seq: number }
	) {
		super(`Session ${sessionId} is in ${current.phase}, not in ${expected}.`);
	}
}

export class SessionNotFoundError extends Error {
	override name = 'SessionNotFoundError';
	constructor(readonly sessionId: string) {
		super(`There is no session ${sessionId}.`);
	}
}

export interface LoadedSession {
	id: string;
	dialogueId: string | null;
	revision: number;
	lastSeq: number;
	phase: SessionPhase;
	snapshot: DialogueSnapshot;
}

export type ApplyResult =
	| { status: 'applied'; session: LoadedSession; seq: number; check: ValuesCheck | null }
	/** The machine did not accept the event (e.g. a values check with unmet values); nothing was written. */
	| { status: 'refused'; session: LoadedSession; check: ValuesCheck | null };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Reader = Db | Tx;

/** Starts an actor from a stored row (migrating an older snapshot, or refusing an unknown one). */
function startActor(row: typeof liveSession.$inferSelect): {
	actor: Actor<typeof dialogueMachine>;
	session: LoadedSession;
} {
	const actor = createActor(dialogueMachine, {
		snapshot: migrateSnapshot(row.machineVersion, JSON.parse(row.snapshot)),
		// Ignored when restoring from a snapshot; the machine's type asks for it.
		input: {}
	});
	actor.start();
	const snapshot = actor.getSnapshot();
	return {
		actor,
		session: {
			id: row.id,
			dialogueId: row.dialogueId,
			revision: row.revision,
			lastSeq: row.lastSeq,
			phase: phaseOf(snapshot),
			snapshot
		}
	};
}

function readRow(db: Reader, sessionId: string) {
	const row = db.select().from(liveSession).where(eq(liveSession.id, sessionId)).get();
	if (!row) throw new SessionNotFoundError(sessionId);
	return row;
}

/** Takes the next gapless sequence number of a session, inside the caller's transaction. */
function nextSeq(tx: Tx, sessionId: string): number {
	const row = prepared(tx, 'nextSeq', (reader) =>
		reader
			.update(liveSession)
			.set({ lastSeq: sql`${liveSession.lastSeq} + 1` })
			.where(eq(liveSession.id, sql.placeholder('sessionId')))
			.returning({ seq: liveSession.lastSeq })
			.prepare()
	).get({ sessionId });
	if (!row) throw new SessionNotFoundError(sessionId);
	return row.seq;
}

/** The sequence number of a session's last logged event (0 for none, or no such session). */
export function lastSeqOf(db: Reader, sessionId: string): number {
	return (
		prepared(db, 'lastSeqOf', (reader) =>
			reader
				.select({ lastSeq: liveSession.lastSeq })
				.from(liveSession)
				.where(eq(liveSession.id, sql.placeholder('sessionId')))
				.prepare()
		).get({ sessionId })?.lastSeq ?? 0
	);
}

function insertEvent(
	tx: Tx,
	sessionId: string,
	seq: number,
	type: string,
	payload: unknown,
	audience: Audience,
	actorId: string | null,
	at: number
): StoredEvent {
	const stored = { seq, type, payload: JSON.stringify(payload ?? {}), audience, actorId, createdAt: at };
	prepared(tx, 'insertEvent', (reader) =>
		reader
			.insert(sessionEvent)
			.values({
				sessionId: sql.placeholder('sessionId'),
				seq: sql.placeholder('seq'),
				type: sql.placeholder('type'),
				payload: sql.placeholder('payload'),
				audience: sql.placeholder('audience'),
				actorId: sql.placeholder('actorId'),
				createdAt: sql.placeholder('createdAt')
			})
			.prepare()
	).run({ sessionId, ...stored });
	// Staff actions also go to the organisation's audit log, which retention keeps.
	auditStaffEvent(tx, sessionId, type, payload, actorId, at);
	collecting?.push({ sessionId, ...stored });
	return stored;
}

/** An event written to a session's log. */
export type WrittenEvent = StoredEvent & { sessionId: string };

/** The events the running `withWrittenEvents` has seen written so far. */
let collecting: WrittenEvent[] | null = null;

/**
 * Runs `fn` (a synchronous transaction) and returns, with its result, every event it wrote to any log, in order,
 * so that the committer can hand them to the streams (`live/store.ts` `commit`). What a failed `fn` wrote was
 * rolled back and is not returned (nor passed to an enclosing call).
 */
export function withWrittenEvents<T>(fn: () => T): { result: T; events: WrittenEvent[] } {
	const outer = collecting;
	const events: WrittenEvent[] = [];
	collecting = events;
	let result: T;
	try {
		result = fn();
	} finally {
		collecting = outer;
	}
	outer?.push(...events);
	return { result, events };
}

/** Creates a session in `preparation` with the dialogue's settings, and logs its creation as event 1. */
export function createSession(
	db: Db,
	options: {
		dialogueId?: string | null;
		settings?: Partial<DialogueSettings>;
		actorId?: string | null;
		now?: number;
	} = {}
): LoadedSession {
	const id = randomUUID();
	const at = options.now ?? Date.now();
	const actor = createActor(dialogueMachine, { input: { settings: options.settings } });
	actor.start();
	const persisted = actor.getPersistedSnapshot();
	const phase = phaseOf(actor.getSnapshot());
	actor.stop();
	db.transaction(
		(tx) => {
			tx.insert(liveSession)
				.values({
					id,
					dialogueId: options.dialogueId ?? null,
					machineVersion: DIALOGUE_MACHINE_VERSION,
					revision: 0,
					snapshot: JSON.stringify(persisted),
					phase,
					lastSeq: 0,
					createdAt: at,
					updatedAt: at
				})
				.run();
			const seq = nextSeq(tx, id);
			insertEvent(tx, id, seq, 'session.created', { phase }, 'all', options.actorId ?? null, at);
		},
		{ behavior: 'immediate' }
	);
	getBus().publish({ sessionId: id, seq: 1 });
	return loadSession(db, id);
}

/** Loads a session, migrating a snapshot written by an older machine version (or refusing with a clear error). */
export function loadSession(db: Reader, sessionId: string): LoadedSession {
	const { actor, session } = startActor(readRow(db, sessionId));
	actor.stop();
	return session;
}

/**
 * Applies one machine event. Refused events (a values check with unmet values, a revisit to a later phase…)
 * change nothing. `expectedRevision`, when given, must match the stored one: a client acting on a stale view
 * gets a RevisionConflictError rather than silently overwriting a newer state.
 */
export function applyEvent(
	db: Db,
	sessionId: string,
	event: DialogueEvent,
	options: {
		expectedRevision?: number;
		/** The phase the event is about: checked in the same transaction as the write, so two moves cannot both pass. */
		expectedPhase?: SessionPhase;
		actorId?: string | null;
		payload?: unknown;
		/**
		 * Runs inside the same transaction once the event was applied and logged (not when refused), so that what
		 * must happen with it (closing: the outcome report, erasing voter keys) commits with it or not at all.
		 * Must stay synchronous; events it appends are published with the machine's.
		 */
		within?: (tx: Tx, session: LoadedSession, seq: number) => void;
	} = {}
): ApplyResult {
	const result = db.transaction(
		(tx): ApplyResult => {
			const row = readRow(tx, sessionId);
			if (options.expectedRevision !== undefined && options.expectedRevision !== row.revision) {
				throw new RevisionConflictError(sessionId, options.expectedRevision);
			}
			const { actor, session: before } = startActor(row);
			if (options.expectedPhase !== undefined && options.expectedPhase !== before.phase) {
				actor.stop();
				throw new PhaseMovedError(sessionId, options.expectedPhase, {
					phase: before.phase,
					revision: row.revision,
					seq: row.lastSeq
				});
			}
			const check =
				event.type === 'phase.advance' ? checkAdvance(before.snapshot, event.facts, event.overrides) : null;
			const beforeJson = JSON.stringify(actor.getPersistedSnapshot());
			actor.send(event);
			const persisted = actor.getPersistedSnapshot();
			const after = actor.getSnapshot();
			actor.stop();
			const persistedJson = JSON.stringify(persisted);
			if (persistedJson === beforeJson) return { status: 'refused', session: before, check };

			const phase = phaseOf(after);
			const at = event.at;
			const updated = tx
				.update(liveSession)
				.set({
					snapshot: persistedJson,
					machineVersion: DIALOGUE_MACHINE_VERSION,
					phase,
					revision: row.revision + 1,
					updatedAt: at
				})
				.where(and(eq(liveSession.id, sessionId), eq(liveSession.revision, row.revision)))
				.returning({ revision: liveSession.revision })
				.get();
			if (!updated) throw new RevisionConflictError(sessionId, row.revision);
			const seq = nextSeq(tx, sessionId);
			const { type, ...rest } = event;
			// Facts are kept in the snapshot's transition record; the log keeps the decision and who made it, with the
			// check as staff may see it (the log is streamed and replayed: no count of people below the minimum).
			const shown = shownCheck(check, before.snapshot.context.settings.minGroupSize);
			const payload = options.payload ?? {
				...rest,
				facts: undefined,
				from: before.phase,
				to: phase,
				check: shown
			};
			insertEvent(tx, sessionId, seq, type, payload, 'all', options.actorId ?? event.by ?? null, at);
			const session = { ...before, revision: updated.revision, lastSeq: seq, phase, snapshot: after };
			options.within?.(tx, session, seq);
			return { status: 'applied', seq, check, session };
		},
		{ behavior: 'immediate' }
	);
	if (result.status === 'applied') getBus().publish({ sessionId, seq: result.seq });
	return result;
}

/**
 * Appends a non-machine event (a contribution, an approval…) to the session's log with the next sequence number,
 * inside the caller's transaction, so that the change and its event commit together. Publish after commit.
 */
export function appendEvent(
	tx: Tx,
	sessionId: string,
	type: string,
	payload: unknown,
	options: { audience?: Audience; actorId?: string | null; at?: number } = {}
): StoredEvent {
	return insertEvent(
		tx,
		sessionId,
		nextSeq(tx, sessionId),
		type,
		payload,
		options.audience ?? 'all',
		options.actorId ?? null,
		options.at ?? Date.now()
	);
}

export interface LoggedEvent {
	seq: number;
	type: string;
	payload: unknown;
	audience: Audience;
	actorId: string | null;
	createdAt: number;
}

/** Events after `afterSeq`, in order (replay for a stream reconnecting with Last-Event-ID). */
export function readEvents(db: Reader, sessionId: string, afterSeq = 0, limit = 1000): LoggedEvent[] {
	return prepared(db, 'readEvents', (reader) =>
		reader
			.select()
			.from(sessionEvent)
			.where(
				and(
					eq(sessionEvent.sessionId, sql.placeholder('sessionId')),
					gt(sessionEvent.seq, sql.placeholder('afterSeq'))
				)
			)
			.orderBy(asc(sessionEvent.seq))
			.limit(sql.placeholder('limit'))
			.prepare()
	)
		.all({ sessionId, afterSeq, limit })
		.map(loggedEvent);
}

/** An event as the log stores it, as its readers get it: the payload parsed (a fresh copy for each reading). */
export function loggedEvent(e: StoredEvent): LoggedEvent {
	return {
		seq: e.seq,
		type: e.type,
		payload: JSON.parse(e.payload) as unknown,
		audience: e.audience as Audience,
		actorId: e.actorId,
		createdAt: e.createdAt
	};
}
