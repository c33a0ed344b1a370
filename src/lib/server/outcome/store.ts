/**
 * Where outcome reports are kept: one row per closed session, JSON. Written at closing in the same transaction as
 * the move to `closed`; a closed session without one (closed before reports existed) gets it built on first
 * read, as long as its raw data is still there.
 */
import { eq } from 'drizzle-orm';
import { isFinishedPhase } from '$lib/dialogue';
import { OUTCOME_FORMAT, type OutcomeReport } from '$lib/outcome/types';
import type { Db } from '../db';
import { liveSession, outcomeReport } from '../db/schema';
import type { Reader, Tx } from '../live/store';
import { loadSession } from '../sessions/service';
import { buildOutcomeReport } from './build';

export function saveOutcomeReport(tx: Tx | Db, report: OutcomeReport): void {
	const content = JSON.stringify(report);
	tx.insert(outcomeReport)
		.values({
			sessionId: report.sessionId,
			dialogueId: report.dialogueId,
			content,
			generatedAt: report.generatedAt
		})
		.onConflictDoUpdate({
			target: outcomeReport.sessionId,
			set: { content, generatedAt: report.generatedAt }
		})
		.run();
}

function parseReport(content: string): OutcomeReport | null {
	try {
		const value = JSON.parse(content) as Partial<OutcomeReport> | null;
		return value && value.format === OUTCOME_FORMAT ? (value as OutcomeReport) : null;
	} catch {
		return null;
	}
}

export function readOutcomeReport(db: Reader, sessionId: string): OutcomeReport | null {
	const row = db
		.select({ content: outcomeReport.content })
		.from(outcomeReport)
		.where(eq(outcomeReport.sessionId, sessionId))
		.get();
	return row ? parseReport(row.content) : null;
}

/**
 * The stored report, or one built now for a session that closed without one. Null for a session that is not
 * closed, and for one whose raw data retention already deleted (nothing true could be built from it).
 */
export function ensureOutcomeReport(db: Db, sessionId: string, now = Date.now()): OutcomeReport | null {
	const stored = readOutcomeReport(db, sessionId);
	if (stored) return stored;
	const row = db
		.select({ phase: liveSession.phase, closedAt: liveSession.closedAt, purgedAt: liveSession.purgedAt })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	if (!row || !isFinishedPhase(row.phase) || row.purgedAt !== null) return null;
	const { context } = loadSession(db, sessionId).snapshot;
	const report = buildOutcomeReport(db, sessionId, context, {
		closedAt: row.closedAt ?? now,
		generatedAt: now
	});
	saveOutcomeReport(db, report);
	return report;
}
