// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/** Finding a dialogue's live session, for pages that link to it (callers have checked access to the dialogue). */
import { and, desc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { liveSession } from '../../db/schema';
import type { Reader } from '../store';

/** The dialogue's session that is not closed yet, if any (there is at most one). */
export function openSessionOf(db: Reader, dialogueId: string): { id: string; phase: string } | null {
	return (
		db
			.select({ id: liveSession.id, phase: liveSession.phase })
			.from(liveSession)
			.where(
				and(
					eq(liveSession.dialogueId, dialogueId),
					isNull(liveSession.closedAt),
					ne(liveSession.phase, 'closed')
				)
			)
			.orderBy(desc(liveSession.createdAt))
			.get() ?? null
	);
}

/** The dialogue's most recently closed session, if any: its outcome report is the one to read first. */
export function lastClosedSessionOf(db: Reader, dialogueId: string): { id: string; closedAt: number } | null {
	const row = db
		.select({ id: liveSession.id, closedAt: liveSession.closedAt })
		.from(liveSession)
		.where(and(eq(liveSession.dialogueId, dialogueId), isNotNull(liveSession.closedAt)))
		.orderBy(desc(liveSession.closedAt))
		.get();
	return row?.closedAt != null ? { id: row.id, closedAt: row.closedAt } : null;
}
