/**
 * Deleted dialogues stay deleted, even when an older backup is restored. A backup taken before an organiser deleted
 * a dialogue still holds it; the retention sweep that runs on restore only ages out raw data, it does not know what
 * was deleted by hand. So every deletion also writes the dialogue's id (a random id: no codename, no text) to a
 * small file beside the database, `<database>-deleted`, which a restore does not replace; restoring deletes those
 * dialogues again before anything is served.
 */
import fs from 'node:fs';
import { inArray } from 'drizzle-orm';
import type { Db } from './index';
import { dialogue } from './schema';

export function ledgerPath(databasePath: string): string {
	return `${databasePath}-deleted`;
}

/** Records that `dialogueId` was deleted. An in-memory database (tests) has no file beside it and no ledger. */
export function recordDeletedDialogue(db: Db, dialogueId: string): void {
	const databasePath = db.$client.name;
	if (!databasePath || db.$client.memory) return;
	fs.appendFileSync(ledgerPath(databasePath), `${dialogueId}\n`, { mode: 0o600 });
}

/** The ids in the ledger beside `databasePath` (none when there is no ledger). */
export function deletedDialogueIds(databasePath: string): string[] {
	const file = ledgerPath(databasePath);
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
}

/** Deletes again every dialogue the ledger names (their sessions, texts and reports go with them). */
export function deleteLedgeredDialogues(db: Db, databasePath: string): number {
	const ids = deletedDialogueIds(databasePath);
	let deleted = 0;
	for (let i = 0; i < ids.length; i += 500) {
		deleted += db
			.delete(dialogue)
			.where(inArray(dialogue.id, ids.slice(i, i + 500)))
			.run().changes;
	}
	return deleted;
}
