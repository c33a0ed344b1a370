/**
 * The database connection, opened lazily on first use (never at import: `vite build` imports server
 * modules). SQLite in WAL mode with foreign keys on and a busy timeout; migrations applied on open.
 *
 * Deleted means unrecoverable: `secure_delete` overwrites freed content with zeros, and after a purge
 * `reclaimFreedSpace` checkpoints the WAL into the file, rebuilds the file (VACUUM) and truncates the WAL, so that
 * neither the database file nor its WAL keeps the texts in free pages or old frames.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readConfig, type SynchronousMode } from '../config';
import { startCheckpointer, stopCheckpointer } from './checkpointer';
import { forgetOpenedFile, rememberOpenedFile } from './storage';

/**
 * Without the schema: Hearth writes its queries with the query builder and never uses Drizzle's relational API
 * (`db.query.…`), whose builders Drizzle made for every table on every transaction (issue 14: about 4 % of what
 * the meetings bench allocated).
 */
export type Db = BetterSQLite3Database & { $client: Database.Database };

/** A start-up problem a person can fix; printed as one plain sentence, never as a stack trace. */
export class StartupError extends Error {
	override name = 'StartupError';
}

let current: Db | undefined;

/** Finds the committed `drizzle/` folder, both from the source tree and from the production build. */
export function migrationsFolder(): string {
	const candidates = [
		process.env.HEARTH_MIGRATIONS_DIR,
		path.resolve(process.cwd(), 'drizzle'),
		path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../drizzle')
	].filter((p): p is string => !!p);
	const found = candidates.find((p) => fs.existsSync(path.join(p, 'meta', '_journal.json')));
	if (!found)
		throw new StartupError(`The database migrations were not found (looked in ${candidates.join(', ')}).`);
	return found;
}

/**
 * Drizzle prepares a new statement for every query it runs; on the live session's hot paths (a hall of phones
 * submitting while hundreds of streams read the log) preparing was a fifth of the server's time. Statements are
 * reusable, so keep them per SQL text. Drizzle switches a statement to raw mode for `.values()`: reset that on
 * reuse so that the next `.all()` gets objects again.
 */
function cacheStatements(client: Database.Database, max = 500): void {
	const prepare = client.prepare.bind(client);
	const cache = new Map<string, Database.Statement>();
	client.prepare = ((source: string) => {
		const cached = cache.get(source);
		if (cached) {
			if (cached.reader) cached.raw(false);
			return cached;
		}
		const statement = prepare(source);
		if (cache.size >= max) cache.delete(cache.keys().next().value as string);
		cache.set(source, statement);
		return statement;
	}) as typeof client.prepare;
}

/** Opens (creating if needed) the SQLite file at `file`, configures it and applies the migrations. */
export function openDatabase(file: string, options: { synchronous?: SynchronousMode } = {}): Db {
	if (file !== ':memory:') {
		const dir = path.dirname(file);
		try {
			fs.mkdirSync(dir, { recursive: true });
			fs.accessSync(dir, fs.constants.W_OK);
			if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
		} catch {
			throw new StartupError(
				`Hearth cannot write its database at ${file}. Make that folder writable, or set DATABASE_PATH to a file in a folder you can write to.`
			);
		}
	}
	const missing = file !== ':memory:' && (!fs.existsSync(file) || fs.statSync(file).size === 0);
	if (missing && fs.existsSync(`${file}-wal`)) {
		// SQLite would replay the old WAL into the new file: half a database. Someone must look first.
		throw new StartupError(
			`The database ${file} is missing, but its write-ahead log ${file}-wal is still there: the database was deleted or lost. Restore a backup (npm run restore), or move ${file}-wal and ${file}-shm away to start empty.`
		);
	}
	let client: Database.Database;
	try {
		client = new Database(file);
		client.pragma('journal_mode = WAL');
		client.pragma('foreign_keys = ON');
		client.pragma('busy_timeout = 5000');
		// See SynchronousMode: NORMAL loses at most the last commits on a power cut, FULL loses none.
		client.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
		client.pragma('secure_delete = ON');
	} catch (error) {
		throw new StartupError(`Hearth cannot open its database at ${file}: ${(error as Error).message}`);
	}
	cacheStatements(client);
	const db = drizzle(client) as Db;
	migrate(db, { migrationsFolder: migrationsFolder() });
	return db;
}

/**
 * Makes deleted data unrecoverable from the file and its WAL: copies the WAL into the database, rebuilds the file
 * without its free pages, and truncates the WAL to nothing. Runs after a retention purge and a dialogue deletion;
 * it rewrites the whole file, which takes well under a second at Hearth's sizes. Must not run inside a transaction.
 */
export function reclaimFreedSpace(db: Db): void {
	const client = db.$client;
	truncateLog(client);
	client.exec('VACUUM');
	truncateLog(client);
}

/**
 * Copies the whole WAL into the file and truncates it to nothing. SQLite refuses at once while another checkpoint
 * runs (the checkpoint worker's, db/checkpointer.ts, or another process's): try again for up to `timeoutMs`, then
 * throw rather than leave deleted texts in the log unsaid.
 */
function truncateLog(client: Database.Database, timeoutMs = 5_000): void {
	const deadline = Date.now() + timeoutMs;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (;;) {
		const [result] = client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
		if (!result?.busy) return;
		if (Date.now() > deadline)
			throw new Error('The write-ahead log could not be truncated: another connection kept using it.');
		Atomics.wait(pause, 0, 0, 5);
	}
}

/** The process-wide database, opened on first call. */
export function getDb(): Db {
	if (!current) {
		const config = readConfig();
		current = openDatabase(config.databasePath, { synchronous: config.synchronous });
		// The WAL's checkpoints in a worker thread, not in the commit that fills it (db/checkpointer.ts).
		startCheckpointer(current.$client, config.databasePath, { synchronous: config.synchronous });
		rememberOpenedFile(config.databasePath);
	}
	return current;
}

/** Whether the database answers a trivial query (for /healthz). */
export function databaseReachable(): boolean {
	try {
		getDb().$client.prepare('select 1').get();
		return true;
	} catch {
		return false;
	}
}

/** Closes the process-wide database (tests and graceful shutdown). */
export function closeDb(): void {
	if (current) void stopCheckpointer(current.$client);
	current?.$client.close();
	current = undefined;
	forgetOpenedFile();
}
