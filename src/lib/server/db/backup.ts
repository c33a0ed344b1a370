/**
 * Backups an operator can trust (`npm run backup`, `npm run restore`). A backup is SQLite's online backup of the
 * live file, consistent while the server writes, then rebuilt without free pages. A restore accepts only a Hearth
 * database whose schema this version knows, replaces the file (and removes the old WAL, which would otherwise be
 * replayed over the restored file), migrates it, deletes again the dialogues deleted since (`deleted-ledger.ts`),
 * and runs the retention sweep before anything is served, so that a backup never brings back raw data that
 * retention or an organiser had deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runRetention, type PurgedSession } from '../retention';
import { deleteLedgeredDialogues } from './deleted-ledger';
import { migrationsFolder, openDatabase, reclaimFreedSpace } from './index';
import { runningServerPid, writeMarker } from './storage';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Tables every Hearth database has had since its first migration. */
const HEARTH_TABLES = ['__drizzle_migrations', 'organisation', 'staff_user', 'dialogue'];

/** A backup or restore that cannot go ahead, with a sentence for the operator. */
export class BackupError extends Error {
	override name = 'BackupError';
}

/** The newest migration this version of Hearth ships (milliseconds, as Drizzle records it). */
function newestKnownMigration(): number {
	const journal = JSON.parse(
		fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')
	) as { entries: { when: number }[] };
	return Math.max(...journal.entries.map((e) => e.when));
}

/**
 * Checks that `file` is a Hearth database this version can use: an SQLite file, with Hearth's tables, intact, and
 * with no migration newer than the ones shipped. Throws a BackupError saying what is wrong.
 */
export function inspectBackup(file: string): { migratedTo: number } {
	let header: Buffer;
	try {
		const fd = fs.openSync(file, 'r');
		header = Buffer.alloc(16);
		fs.readSync(fd, header, 0, 16, 0);
		fs.closeSync(fd);
	} catch {
		throw new BackupError(`${file} cannot be read.`);
	}
	if (!header.equals(SQLITE_HEADER)) throw new BackupError(`${file} is not a Hearth database (not SQLite).`);
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const tables = new Set(
			(db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
				(t) => t.name
			)
		);
		const missing = HEARTH_TABLES.filter((t) => !tables.has(t));
		if (missing.length > 0) {
			throw new BackupError(`${file} is not a Hearth database (it has no ${missing.join(', ')} table).`);
		}
		const integrity = db.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok')
			throw new BackupError(`${file} is damaged (SQLite's integrity check: ${integrity}).`);
		const row = db.prepare('select max(created_at) as at from __drizzle_migrations').get() as {
			at: number | null;
		};
		const migratedTo = Number(row.at ?? 0);
		if (migratedTo > newestKnownMigration()) {
			throw new BackupError(
				`${file} comes from a newer version of Hearth (its schema is newer than this one knows). Restore it with that version, or update Hearth first.`
			);
		}
		return { migratedTo };
	} catch (error) {
		if (error instanceof BackupError) throw error;
		throw new BackupError(`${file} is not a Hearth database (${(error as Error).message}).`);
	} finally {
		db.close();
	}
}

/**
 * Writes a consistent copy of the database at `source` to `target` while the server may be writing to it. The
 * copy is one file (no WAL) without free pages. Refuses to overwrite an existing file.
 */
export async function backupDatabase(source: string, target: string): Promise<{ bytes: number }> {
	if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source} to back up.`);
	if (path.resolve(target) === path.resolve(source)) {
		throw new BackupError('The backup must go to another file than the database itself.');
	}
	if (fs.existsSync(target)) throw new BackupError(`${target} exists already; choose a new file name.`);
	fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
	const partial = `${target}.partial`;
	fs.rmSync(partial, { force: true });
	const db = new Database(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		// SQLite's online backup copies the pages of one consistent snapshot, however much the server writes.
		await db.backup(partial);
	} finally {
		db.close();
	}
	const copy = new Database(partial);
	try {
		copy.pragma('journal_mode = DELETE');
		copy.pragma('secure_delete = ON');
		copy.exec('VACUUM');
	} finally {
		copy.close();
	}
	fs.renameSync(partial, target);
	inspectBackup(target);
	return { bytes: fs.statSync(target).size };
}

/**
 * Puts the backup `file` in place of the database at `databasePath`, with the server stopped, then migrates it
 * and runs the retention sweep as of `now`. Returns what retention deleted.
 */
export function restoreDatabase(
	file: string,
	databasePath: string,
	now = Date.now()
): { purged: PurgedSession[]; deletedAgain: number } {
	const pid = runningServerPid(databasePath);
	if (pid !== null) {
		throw new BackupError(
			`Hearth is running on ${databasePath} (process ${pid}). Stop it first, then restore.`
		);
	}
	if (!fs.existsSync(file)) throw new BackupError(`There is no file at ${file}.`);
	inspectBackup(file);
	fs.mkdirSync(path.dirname(databasePath), { recursive: true });
	const incoming = `${databasePath}.restoring`;
	fs.copyFileSync(file, incoming);
	// The old WAL belongs to the old file: left in place, SQLite would replay it over the restored one.
	for (const leftover of [`${databasePath}-wal`, `${databasePath}-shm`, `${databasePath}-journal`]) {
		fs.rmSync(leftover, { force: true });
	}
	fs.renameSync(incoming, databasePath);
	const db = openDatabase(databasePath);
	try {
		// Dialogues deleted since the backup was taken are deleted again, before retention and before serving.
		const deletedAgain = deleteLedgeredDialogues(db, databasePath);
		const purged = runRetention(db, now);
		if (deletedAgain > 0 && purged.length === 0) reclaimFreedSpace(db);
		writeMarker(databasePath);
		return { purged, deletedAgain };
	} finally {
		db.$client.close();
	}
}
