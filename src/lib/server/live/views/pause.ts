// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * What the room is shown during a pause. The room sees what it saw when the pause began, minus what moderation
 * took back since: a contribution approved while paused (`shownSeq` after the pause's sequence number) reaches
 * phones and the projector only once the session resumes. Sequence numbers, not clocks, decide "after".
 */
import { and, eq, max } from 'drizzle-orm';
import { sessionEvent } from '../../db/schema';
import type { Reader } from '../store';

/** The sequence number of the pause the session is in now, or null when it is not paused. */
export function pausedSince(db: Reader, sessionId: string, phase: string): number | null {
	if (phase !== 'paused') return null;
	return (
		db
			.select({ seq: max(sessionEvent.seq) })
			.from(sessionEvent)
			.where(and(eq(sessionEvent.sessionId, sessionId), eq(sessionEvent.type, 'session.pause')))
			.get()?.seq ?? null
	);
}

/** Whether a contribution came onto the wall during the current pause (and so waits for the resume). */
export function withheldDuringPause(shownSeq: number | null, since: number | null): boolean {
	return since !== null && shownSeq !== null && shownSeq > since;
}
