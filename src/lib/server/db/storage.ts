/**
 * Storage that fails loudly. The database file can be deleted or replaced under a running server (writes would
 * go on "succeeding" into the unlinked file), and the disk can fill up (SQLite answers SQLITE_FULL). Both are
 * noticed here: `storageProblem()` compares the file Hearth opened with the one now at its path and looks at the
 * free space, `/healthz` reports what it finds, and the request guard refuses writes with a 503 while it lasts.
 *
 * Also here: the marker file written next to a database that has been set up (so that an empty database in a
 * folder that held one before does not offer open setup), and the pid file by which `npm run restore` knows
 * that a server is running on the file.
 */
import fs from 'node:fs';
import { monotonicNow } from '../clock';

/** The file's identity when Hearth opened it. */
interface OpenedFile {
	path: string;
	dev: number;
	ino: number;
}

let opened: OpenedFile | null = null;
let lastFullAt = 0;
let reported: StorageProblem | null = null;

/** Below this many free bytes on the database's disk, writes are refused before they fail half-way. */
export const MIN_FREE_BYTES = 256 * 1024;
/** After SQLITE_FULL, writes are refused for this long even if some space came back (it is usually a trickle). */
const FULL_HOLD_MS = 10_000;

export type StorageProblem = 'missing' | 'replaced' | 'full';

/** Remembers which file was opened at `file` (called right after opening it). */
export function rememberOpenedFile(file: string): void {
	if (file === ':memory:') {
		opened = null;
		return;
	}
	const stat = fs.statSync(file);
	opened = { path: file, dev: stat.dev, ino: stat.ino };
	lastFullAt = 0;
	reported = null;
}

export function forgetOpenedFile(): void {
	opened = null;
}

/** SQLite's result codes for a disk that cannot take more (better-sqlite3 puts them on `error.code`). */
export function isStorageFullError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === 'SQLITE_FULL' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR'));
}

/** Notes a write that failed for lack of space; `/healthz` and the guard report it for a while. */
export function noteStorageFailure(error: unknown, now = monotonicNow()): boolean {
	if (!isStorageFullError(error)) return false;
	lastFullAt = now;
	logOnce('full');
	return true;
}

function freeBytes(file: string): number | null {
	try {
		const stats = fs.statfsSync(file);
		return stats.bavail * stats.bsize;
	} catch {
		return null;
	}
}

/**
 * What is wrong with the storage now, or null: the file at the path is gone or is another file than the one
 * opened, or the disk is (nearly) full or a write just failed for lack of space.
 */
export function storageProblem(now = monotonicNow()): StorageProblem | null {
	if (!opened) return null;
	let problem: StorageProblem | null = null;
	let stat: fs.Stats | null = null;
	try {
		stat = fs.statSync(opened.path);
	} catch {
		problem = 'missing';
	}
	if (stat && (stat.dev !== opened.dev || stat.ino !== opened.ino)) problem = 'replaced';
	if (!problem) {
		const free = freeBytes(opened.path);
		if ((free !== null && free < MIN_FREE_BYTES) || now - lastFullAt < FULL_HOLD_MS) problem = 'full';
	}
	if (problem) logOnce(problem);
	else reported = null;
	return problem;
}

const LOG_LINES: Record<StorageProblem, (file: string) => string> = {
	missing: (file) =>
		`Storage problem: the database file ${file} was deleted while Hearth runs. Writes are refused (503) until Hearth is restarted on a restored database (npm run restore).`,
	replaced: (file) =>
		`Storage problem: the database file ${file} was replaced by another file while Hearth runs. Writes are refused (503); stop Hearth and restart it to use the new file.`,
	full: (file) =>
		`Storage problem: the disk holding ${file} is full. Writes are refused (503) until space is freed.`
};

function logOnce(problem: StorageProblem): void {
	if (reported === problem) return;
	reported = problem;
	console.error(LOG_LINES[problem](opened?.path ?? 'the database'));
}

// ---------------------------------------------------------------------------------------------------------------
// Signs of an earlier database
// ---------------------------------------------------------------------------------------------------------------

/** The marker written next to a database once it holds an organisation. */
export function markerPath(databasePath: string): string {
	return `${databasePath}-installed`;
}

export function writeMarker(databasePath: string): void {
	if (databasePath === ':memory:') return;
	const marker = markerPath(databasePath);
	if (fs.existsSync(marker)) return;
	fs.writeFileSync(
		marker,
		'Hearth was set up with a database at this path. While this file exists, an empty database here does not\n' +
			'offer open setup: run `npm run setup`, or use the one-time setup link the server prints at start.\n'
	);
}

/** Whether the folder shows that a database was set up at this path before (its marker is there). */
export function hasEarlierDatabase(databasePath: string): boolean {
	return databasePath !== ':memory:' && fs.existsSync(markerPath(databasePath));
}

// ---------------------------------------------------------------------------------------------------------------
// The running server's pid file
// ---------------------------------------------------------------------------------------------------------------

export function pidFilePath(databasePath: string): string {
	return `${databasePath}-server.pid`;
}

/** Writes this process's pid next to the database and removes it when the process exits. */
export function claimServerPidFile(databasePath: string): void {
	if (databasePath === ':memory:') return;
	const file = pidFilePath(databasePath);
	fs.writeFileSync(file, String(process.pid));
	process.once('exit', () => {
		try {
			if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
		} catch {
			// already gone
		}
	});
}

/** The pid of a live server on this database, or null (no pid file, or its process is gone). */
export function runningServerPid(databasePath: string): number | null {
	let pid: number;
	try {
		pid = Number(fs.readFileSync(pidFilePath(databasePath), 'utf8').trim());
	} catch {
		return null;
	}
	if (!Number.isInteger(pid) || pid <= 0) return null;
	try {
		process.kill(pid, 0);
		return pid;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
	}
}
