/**
 * WAL checkpoints off the event loop.
 *
 * In WAL mode every commit appends pages to the write-ahead log, and SQLite copies them back into the database file
 * (a checkpoint) once the log holds 1,000 pages: inside the commit that crossed the line, on the connection that
 * made it. That copy ends with an fsync, and it took 9–14 ms on this project's machine: in a busy hall, every hundred
 * or so submissions one phone, and the console waiting for it, waited that long (issue 14, `docs/benchmarks.md`).
 *
 * So the server's connection no longer checkpoints at 1,000 pages: a worker thread with a connection of its own
 * does. Every `intervalMs` it looks at the log without touching it (a `NOOP` checkpoint reads two numbers from the
 * log's index) and, once the log holds `thresholdPages` (SQLite's own 1,000), runs a passive checkpoint, which never
 * blocks a reader or a writer (the server keeps appending meanwhile). Once a checkpoint has copied the whole log, the
 * server's next commit starts the log from the beginning again, so the file stops growing as before.
 *
 * Not sooner: starting the log over costs the commit that does it an fsync of the log's header (0.3–1.4 ms here).
 * With a checkpoint every half second, as first built, that was a commit in every ten in the meetings bench, and most
 * of their slowest submissions; at 1,000 pages, it is one in a few hundred. Should the worker ever stop, the server's
 * connection still checkpoints itself, later (`FALLBACK_AUTOCHECKPOINT_PAGES`).
 *
 * `reclaimFreedSpace` (db/index.ts) must truncate the log to nothing after a purge, which SQLite refuses while
 * another checkpoint runs (this worker's, or another process's): it tries again until the log is truncated.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { SynchronousMode } from '../config';

/** The server's connection checkpoints itself only past this many pages of log (40 MB): should the worker stall. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
/** The log's length at which the worker copies it back: SQLite's own (`wal_autocheckpoint`'s default). */
export const CHECKPOINT_PAGES = 1_000;
/**
 * A log past the threshold that is still not all copied means commits keep arriving while the worker copies, so that
 * no checkpoint ends with the whole log copied and the log never starts over: then the worker checkpoints again soon,
 * in smaller steps. At 1,000 commits a second (about 4,000 pages), with a checkpoint every half second the log
 * reached the fallback with much of it not yet copied, and the fallback's checkpoint made commits of 14–17 ms; with
 * one every 20 ms, most seconds' slowest commit stayed under 5 ms, an odd one 8–15 ms (`npx tsx
 * scripts/bench/wal-growth.ts 1000`; a disk this busy is not a hall's: a meeting commits a few times a second).
 */
const BUSY_INTERVAL_MS = 20;

/**
 * The worker, as CommonJS source: `better-sqlite3` is loaded from the path the server resolved (a worker run from a
 * string resolves nothing relative to the app). Every `intervalMs` (sooner while a long log is not yet all copied) it
 * reads the log's length; past `thresholdPages` it checkpoints and reports what the checkpoint did.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
let failed = '';
let timer;
const run = () => {
	let behind = false;
	try {
		const [row] = db.pragma('wal_checkpoint(NOOP)');
		// Look again soon after a checkpoint: what was committed while it copied is copied next, in smaller steps.
		behind = row.log >= workerData.thresholdPages && row.checkpointed < row.log;
		if (behind) {
			const [done] = db.pragma('wal_checkpoint(PASSIVE)');
			// Not when another checkpoint held the log (a purge's, db/index.ts): then it reports -1 pages.
			if (done.log >= 0) parentPort.postMessage(done);
		}
		failed = '';
	} catch (error) {
		// Said once, not at every try (a full disk fails every one until space is freed).
		const message = String(error && error.message);
		if (message !== failed) parentPort.postMessage({ error: message });
		failed = message;
	}
	timer = setTimeout(run, behind ? ${BUSY_INTERVAL_MS} : workerData.intervalMs);
};
timer = setTimeout(run, workerData.intervalMs);
parentPort.on('message', (message) => {
	if (message !== 'close') return;
	clearTimeout(timer);
	db.close();
	parentPort.close();
});
`;

/** What one checkpoint did: pages in the log, and of those, copied into the database file. */
export type CheckpointReport = { busy: number; log: number; checkpointed: number };

export type Checkpointer = {
	/** Resolves with the next checkpoint that copied pages (tests). */
	next(): Promise<CheckpointReport>;
	stop(): Promise<void>;
};

const running = new WeakMap<Database.Database, { stop: () => Promise<void> }>();

/**
 * Hands the checkpoints of the database at `file` (opened as `client`) to a worker thread. The client keeps a
 * fallback. A failing checkpoint (the disk full, say) is logged once; the next ones try again.
 */
export function startCheckpointer(
	client: Database.Database,
	file: string,
	options: { synchronous: SynchronousMode; intervalMs?: number; thresholdPages?: number }
): Checkpointer {
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: {
			driver: createRequire(import.meta.url).resolve('better-sqlite3'),
			file,
			synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL',
			intervalMs: options.intervalMs ?? 100,
			thresholdPages: options.thresholdPages ?? CHECKPOINT_PAGES
		},
		// A connection and a timer: the worker needs little, and must not take memory from the halls.
		resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 }
	});
	client.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
	let waiting: ((report: CheckpointReport) => void)[] = [];
	worker.on('message', (message: CheckpointReport | { error: string }) => {
		if ('error' in message) {
			console.error(`Hearth could not checkpoint its database's write-ahead log: ${message.error}`);
			return;
		}
		const resolve = waiting;
		waiting = [];
		for (const done of resolve) done(message);
	});
	worker.on('error', (error) => {
		// Back to SQLite's own checkpoints, in the commits.
		console.error(`Hearth's checkpoint worker stopped: ${error.message}`);
		running.delete(client);
		if (client.open) client.pragma('wal_autocheckpoint = 1000');
	});
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	let stopped: Promise<void> | null = null;
	const stop = () => {
		if (!stopped) {
			running.delete(client);
			worker.postMessage('close');
			stopped = exited;
		}
		return stopped;
	};
	// Last: adding a message listener refs the worker's port again. The worker must never keep the server running.
	worker.unref();
	running.set(client, { stop });
	return {
		next: () => new Promise((resolve) => waiting.push(resolve)),
		stop
	};
}

/** Stops the worker of `client`, if it has one. */
export function stopCheckpointer(client: Database.Database): Promise<void> {
	return running.get(client)?.stop() ?? Promise.resolve();
}
