/** Finding a dialogue's live session, for pages that link to it (callers have checked access to the dialogue). */
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import { liveSession } from '../db/schema';
import type { Reader } from './store';

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
