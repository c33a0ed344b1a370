// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * What closing a session does, inside the transaction that moves it to `closed` (see `applyEvent`'s `within`),
 * so that it happens entirely or not at all: the outcome report is built from the raw data and stored, then the
 * voter secret and every voter key are erased, open prompts close, the join code is freed and the dialogue is
 * marked closed. Staff streams learn where the report is.
 */
import { eq } from 'drizzle-orm';
import type { DialogueContext } from '$lib/dialogue';
import type { Db } from '../../db';
import { dialogue, endorsement, liveSession, response } from '../../db/schema';
import { buildOutcomeReport } from '../../outcome/build';
import { saveOutcomeReport } from '../../outcome/store';
import { appendEvent } from '../../sessions/service';
import { parseControls, type Tx } from '../store';

/** Where staff read a session's outcome report. */
export function reportPath(sessionId: string): string {
	return `/reports/${sessionId}`;
}

/**
 * Erases the voter secret, every voter key and the kept projector token of a session, and marks it closed (inside
 * `tx`). The projector's link still works (its hash stays) for the thank-you screen; it is no longer shown again.
 */
export function eraseVoterKeysIn(tx: Tx | Db, sessionId: string, at: number): void {
	tx.update(liveSession)
		.set({ voterSecret: null, displayToken: null, closedAt: at, updatedAt: at })
		.where(eq(liveSession.id, sessionId))
		.run();
	tx.update(endorsement).set({ voterKey: null }).where(eq(endorsement.sessionId, sessionId)).run();
	tx.update(response).set({ voterKey: null }).where(eq(response.sessionId, sessionId)).run();
}

export function finishClosedSession(
	tx: Tx,
	sessionId: string,
	context: Pick<DialogueContext, 'settings' | 'transitions' | 'revisits' | 'pauses'> &
		Partial<Pick<DialogueContext, 'ending'>>,
	at: number
): void {
	// The report first: it reads answers (never their keys) before anything is erased.
	const report = buildOutcomeReport(tx, sessionId, context, { closedAt: at, generatedAt: at });
	saveOutcomeReport(tx, report);
	const row = tx
		.select({ controls: liveSession.controls, dialogueId: liveSession.dialogueId })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	const controls = parseControls(row?.controls ?? '{}');
	tx.update(liveSession)
		.set({
			controls: JSON.stringify({ ...controls, openPrompt: null, checkOutOpen: false, timer: null }),
			updatedAt: at
		})
		.where(eq(liveSession.id, sessionId))
		.run();
	eraseVoterKeysIn(tx, sessionId, at);
	if (row?.dialogueId) {
		tx.update(dialogue).set({ status: 'closed', updatedAt: at }).where(eq(dialogue.id, row.dialogueId)).run();
	}
	appendEvent(
		tx,
		sessionId,
		'outcome.ready',
		{ sessionId, reportPath: reportPath(sessionId) },
		{ audience: 'staff', at }
	);
}
