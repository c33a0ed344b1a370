/**
 * The partners the sharing question names (issue 11): the organisations listed as alliance partners in the
 * dialogue's follow-up, in the order they were added, each once. Organisations only, never the roles there: the room
 * is asked about organisations, and a role at a small one may point at a person.
 */
import { asc, eq } from 'drizzle-orm';
import type { Reader } from '../store';
import { alliancePartner, liveSession } from '../../db/schema';

export function sharePartners(db: Reader, sessionId: string): string[] {
	const session = db
		.select({ dialogueId: liveSession.dialogueId })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	if (!session?.dialogueId) return [];
	const rows = db
		.select({ organisation: alliancePartner.organisation })
		.from(alliancePartner)
		.where(eq(alliancePartner.dialogueId, session.dialogueId))
		.orderBy(asc(alliancePartner.createdAt), asc(alliancePartner.id))
		.all();
	return [...new Set(rows.map((r) => r.organisation))];
}
