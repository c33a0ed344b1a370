// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * Ending a session early (issue 11): by the facilitator (`session.endEarly`, with a reason) or by the retention
 * tick for a session left open without activity (reason `leftOpen`). Either way it is the machine's
 * `session.endEarly` event, and in the same transaction what closing does too (`finishClosedSession`): the report
 * of how far the meeting got is stored, the voter secret and keys are erased, open rounds close.
 */
import { and, eq, isNotNull, isNull, max, notInArray } from 'drizzle-orm';
import type { EndEarlyReason } from '$lib/dialogue';
import { reclaimFreedSpace, type Db } from '../../db';
import { dialogue, liveSession, sessionEvent } from '../../db/schema';
import { readSettings } from '../../dialogues/settings';
import { applyEvent, type ApplyResult } from '../../sessions/service';
import { clearPauseRequests } from '../streams/presence';
import { finishClosedSession } from './closing';
import { closeRoundsIn } from './controls';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EndEarlyOptions {
	reason: EndEarlyReason;
	note?: string | null;
	at: number;
	by: string | null;
	/** The origin links in control events are made with ('' from the retention tick, which has no request). */
	requestOrigin: string;
}

/** Sends `session.endEarly` and, when the machine takes it, finishes the session as closing does. */
export function endSessionEarly(db: Db, sessionId: string, options: EndEarlyOptions): ApplyResult {
	const { reason, note, at, by, requestOrigin } = options;
	const result = applyEvent(
		db,
		sessionId,
		{ type: 'session.endEarly', reason, ...(note ? { note } : {}), at, ...(by ? { by } : {}) },
		{
			actorId: by,
			within: (tx, session) => {
				closeRoundsIn(tx, sessionId, at, requestOrigin, by);
				finishClosedSession(tx, sessionId, session.snapshot.context, at);
			}
		}
	);
	if (result.status === 'applied') {
		clearPauseRequests(sessionId);
		// The voter secret and keys were erased; their old copies must not stay readable in the WAL or free pages.
		reclaimFreedSpace(db);
	}
	return result;
}

/**
 * Ends every started session that has had no activity (no logged event, no write to the session) for its
 * dialogue's `idleEndDays` by `now`, with the reason "left open". Returns the ids of the sessions it ended.
 */
export function endIdleSessions(db: Db, now: number): string[] {
	const open = db
		.select({
			id: liveSession.id,
			updatedAt: liveSession.updatedAt,
			settings: dialogue.settings,
			lastEventAt: max(sessionEvent.createdAt)
		})
		.from(liveSession)
		.innerJoin(dialogue, eq(dialogue.id, liveSession.dialogueId))
		.leftJoin(sessionEvent, eq(sessionEvent.sessionId, liveSession.id))
		.where(
			and(
				isNull(liveSession.closedAt),
				isNotNull(liveSession.openedAt),
				notInArray(liveSession.phase, ['preparation', 'closed', 'endedEarly'])
			)
		)
		.groupBy(liveSession.id)
		.all();
	const ended: string[] = [];
	for (const row of open) {
		const lastActivity = Math.max(row.updatedAt, row.lastEventAt ?? 0);
		const days = readSettings(row).idleEndDays;
		if (now - lastActivity < days * DAY_MS) continue;
		const result = endSessionEarly(db, row.id, {
			reason: 'leftOpen',
			at: now,
			by: null,
			requestOrigin: ''
		});
		if (result.status === 'applied') ended.push(row.id);
	}
	return ended;
}
