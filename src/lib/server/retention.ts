/**
 * Retention (privacy rule 5): once a dialogue's retention period (`settings.retentionDays`) has passed since one
 * of its sessions closed, that session's raw data is deleted — contributions (concerns and proposals with their
 * moderation notes), endorsements, answers, themes and the participants' token hashes — and its event log is cut
 * down to events without participant content. What stays: the outcome report (built first if it is missing),
 * the commitments and their follow-up, the machine's record of the values checks, and the session row itself
 * with `purgedAt` set.
 *
 * Kept events: the session's lifecycle and phase moves (with the facilitator's overrides and reasons, which the
 * report shows too), join counts, control changes, and the agreement and closing events (staff-written
 * commitments and notes). Every other type — contribution, theme, proposal, endorsement and answer events, and
 * any type this list does not know — is deleted.
 *
 * Safeguarding records (`live/safeguarding.ts`) are not raw data: they outlive the session's purge and are deleted
 * when their own period (`safeguardingRetentionDays`, from when each was recorded) has passed.
 *
 * Then the freed pages and the WAL are wiped (`reclaimFreedSpace`), so that the texts cannot be read back from the
 * database file either.
 *
 * Runs at server start and then hourly; the clock is a parameter so that specs (and `scripts/retention.ts
 * --now`) can move it past the period.
 */
import { and, eq, inArray, isNotNull, isNull, notInArray } from 'drizzle-orm';
import { isFinishedPhase, normaliseSettings } from '$lib/dialogue';
import { recordAudit } from './audit';
import { getDb, reclaimFreedSpace, type Db } from './db';
import {
	contribution,
	dialogue,
	endorsement,
	liveSession,
	meta,
	participant,
	response,
	sessionEvent,
	theme
} from './db/schema';
import { buildOutcomeReport } from './outcome/build';
import { readOutcomeReport, saveOutcomeReport } from './outcome/store';
import { purgeSafeguardingRecords } from './live/commands/safeguarding';
import { endIdleSessions } from './live/commands/ending';
import { loadSession } from './sessions/service';

const DAY_MS = 86_400_000;

/** Event types that carry no participant content and stay in a purged session's log. */
export const KEPT_EVENT_TYPES = [
	'session.created',
	'session.opened',
	'session.review',
	'phase.advance',
	'phase.revisit',
	'session.pause',
	'session.resume',
	'participant.joined',
	'controls.changed',
	'display.rotated',
	'agreement.changed',
	'consent.resolved',
	'closing.changed',
	'outcome.ready'
] as const;

export interface PurgedSession {
	sessionId: string;
	dialogueId: string;
	closedAt: number;
	deleted: {
		contributions: number;
		endorsements: number;
		responses: number;
		themes: number;
		participants: number;
		events: number;
	};
}

/** When a closed session's raw data is due for deletion. */
export function purgeDueAt(closedAt: number, retentionDays: number): number {
	return closedAt + retentionDays * DAY_MS;
}

export function retentionDaysOf(settings: string): number {
	try {
		return normaliseSettings(JSON.parse(settings) as Record<string, unknown>).retentionDays;
	} catch {
		return normaliseSettings().retentionDays;
	}
}

/** Deletes one closed session's raw data, keeping (or first making) its outcome report. One transaction. */
export function purgeSession(db: Db, sessionId: string, now: number): PurgedSession | null {
	return db.transaction(
		(tx) => {
			const session = tx.select().from(liveSession).where(eq(liveSession.id, sessionId)).get();
			if (!session?.dialogueId || !isFinishedPhase(session.phase) || session.purgedAt !== null) return null;
			const row = tx
				.select({ organisationId: dialogue.organisationId })
				.from(dialogue)
				.where(eq(dialogue.id, session.dialogueId))
				.get();
			if (!row) return null;
			if (!readOutcomeReport(tx, sessionId)) {
				const { context } = loadSession(tx, sessionId).snapshot;
				saveOutcomeReport(
					tx,
					buildOutcomeReport(tx, sessionId, context, { closedAt: session.closedAt ?? now, generatedAt: now })
				);
			}
			const deleted = {
				endorsements: tx.delete(endorsement).where(eq(endorsement.sessionId, sessionId)).returning().all()
					.length,
				responses: tx.delete(response).where(eq(response.sessionId, sessionId)).returning().all().length,
				// Commitments keep their text; their link to the proposal is set to null by the foreign key.
				contributions: tx.delete(contribution).where(eq(contribution.sessionId, sessionId)).returning().all()
					.length,
				themes: tx.delete(theme).where(eq(theme.sessionId, sessionId)).returning().all().length,
				participants: tx.delete(participant).where(eq(participant.sessionId, sessionId)).returning().all()
					.length,
				events: tx
					.delete(sessionEvent)
					.where(
						and(eq(sessionEvent.sessionId, sessionId), notInArray(sessionEvent.type, [...KEPT_EVENT_TYPES]))
					)
					.returning()
					.all().length
			};
			tx.update(liveSession)
				.set({ purgedAt: now, voterSecret: null, displayTokenHash: null, displayToken: null, updatedAt: now })
				.where(eq(liveSession.id, sessionId))
				.run();
			recordAudit(tx, {
				organisationId: row.organisationId,
				actorId: null,
				action: 'retention.purge',
				targetType: 'session',
				targetId: sessionId,
				detail: { dialogueId: session.dialogueId, ...deleted },
				at: now
			});
			return {
				sessionId,
				dialogueId: session.dialogueId,
				closedAt: session.closedAt ?? now,
				deleted
			};
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Ends the sessions left open without activity for their dialogue's `idleEndDays` (reason "left open"), then
 * purges every session closed or ended early whose retention period has passed by `now`.
 */
export function runRetention(db: Db, now = Date.now()): PurgedSession[] {
	endIdleSessions(db, now);
	const candidates = db
		.select({ id: liveSession.id, closedAt: liveSession.closedAt, settings: dialogue.settings })
		.from(liveSession)
		.innerJoin(dialogue, eq(dialogue.id, liveSession.dialogueId))
		.where(
			and(
				inArray(liveSession.phase, ['closed', 'endedEarly']),
				isNotNull(liveSession.closedAt),
				isNull(liveSession.purgedAt)
			)
		)
		.all();
	const due = candidates.filter(
		(c) => c.closedAt !== null && purgeDueAt(c.closedAt, retentionDaysOf(c.settings)) <= now
	);
	const purged: PurgedSession[] = [];
	for (const candidate of due) {
		const result = purgeSession(db, candidate.id, now);
		if (result) purged.push(result);
	}
	db.insert(meta)
		.values({ key: 'retention.lastRun', value: String(now) })
		.onConflictDoUpdate({ target: meta.key, set: { value: String(now) } })
		.run();
	// Safeguarding records have a period of their own, counted from when each was recorded.
	const safeguarding = purgeSafeguardingRecords(db, now);
	// The rows are gone; now their bytes too (free pages and old WAL frames), or a copy of the file still has them.
	if (purged.length > 0 || safeguarding > 0) reclaimFreedSpace(db);
	return purged;
}

export interface RetentionSchedule {
	stop(): void;
}

let running: RetentionSchedule | null = null;

/**
 * Runs retention now and then every `intervalMs` (default hourly) on a timer that does not keep the process
 * alive. A failure is logged and retried at the next tick; it never stops the server. Starting twice keeps one.
 */
export function startRetention(
	options: { db?: () => Db; now?: () => number; intervalMs?: number; log?: (message: string) => void } = {}
): RetentionSchedule {
	if (running) return running;
	const db = options.db ?? getDb;
	const now = options.now ?? Date.now;
	const log = options.log ?? ((message: string) => console.error(message));
	const tick = () => {
		try {
			const purged = runRetention(db(), now());
			if (purged.length > 0) {
				console.info(`Retention: raw data of ${purged.length} closed session(s) deleted; reports kept.`);
			}
		} catch (error) {
			log(`Retention could not run: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	tick();
	const timer = setInterval(tick, options.intervalMs ?? 60 * 60 * 1000);
	timer.unref();
	running = {
		stop() {
			clearInterval(timer);
			running = null;
		}
	};
	return running;
}
