import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
	CHECKPOINT_PAGES,
	FALLBACK_AUTOCHECKPOINT_PAGES,
	startCheckpointer,
	type Checkpointer
} from './checkpointer';
import { openDatabase, reclaimFreedSpace, type Db } from './index';

const opened: { db: Db; checkpointer: Checkpointer }[] = [];

function open(
	intervalMs: number,
	thresholdPages?: number
): { db: Db; file: string; checkpointer: Checkpointer } {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-checkpoint-')), 'hearth.db');
	const db = openDatabase(file);
	const checkpointer = startCheckpointer(db.$client, file, {
		synchronous: 'normal',
		intervalMs,
		thresholdPages
	});
	opened.push({ db, checkpointer });
	db.$client.exec('create table notes (id integer primary key, text text not null)');
	return { db, file, checkpointer };
}

/** About `pages` pages of log, in commits of one 3 KB row each (a page apiece, plus the table's). */
function write(db: Db, commits: number): void {
	const insert = db.$client.prepare('insert into notes (text) values (?)');
	for (let i = 0; i < commits; i++) insert.run(`note ${i} `.padEnd(3000, '.'));
}

/** The log now, read without copying anything: its pages, and how many of them are copied into the file. */
function logState(db: Db): { log: number; checkpointed: number } {
	const [row] = db.$client.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
	return row ?? { log: -1, checkpointed: -1 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
	for (const { db, checkpointer } of opened.splice(0)) {
		await checkpointer.stop();
		db.$client.close();
	}
});

describe('checkpoints in a worker thread', () => {
	it('leaves the 1,000-page checkpoint to the worker, which copies the log back so that it starts over', async () => {
		const { db, file, checkpointer } = open(20);
		expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
		// More than SQLite's own threshold (1,000 pages), which the connection no longer acts on in the commit.
		write(db, 1_500);
		// The worker copies the log into the file: the file grows to the database's size.
		const size = () => (db.$client.pragma('page_count', { simple: true }) as number) * 4096;
		const deadline = Date.now() + 10_000;
		while (fs.statSync(file).size < size() && Date.now() < deadline) await sleep(10);
		expect(fs.statSync(file).size).toBe(size());
		// Everything copied, the next commit starts the log from its beginning again. (The worker is stopped first: a
		// checkpoint of its own running at that moment would hold the restart back.)
		await checkpointer.stop();
		write(db, 1);
		expect(logState(db).log).toBeLessThan(10);
	});

	it('leaves a shorter log alone, so that commits do not start it over (and sync it) at every look', async () => {
		const { db, file } = open(10);
		write(db, 100);
		const { log } = logState(db);
		expect(log).toBeGreaterThan(100);
		expect(log).toBeLessThan(CHECKPOINT_PAGES);
		// Thirty looks at the log, and none copied it: the file holds no more than the schema's first commit made.
		await sleep(300);
		expect(logState(db)).toMatchObject({ log, checkpointed: 0 });
		expect(fs.statSync(file).size).toBeLessThan(100 * 4096);
	});

	it('checks again soon while a long log is not all copied, rather than at its usual pace', async () => {
		const { db, file, checkpointer } = open(400);
		write(db, 1_100);
		// A reader in the middle of a read keeps what came after its snapshot in the log: the checkpoint copies the
		// pages up to that snapshot, and the log stays long and not all copied.
		const reader = new Database(file, { readonly: true });
		reader.exec('begin');
		reader.prepare('select count(*) from notes').get();
		write(db, 50);
		const partial = await checkpointer.next();
		expect(partial.log).toBeGreaterThanOrEqual(CHECKPOINT_PAGES);
		expect(partial.checkpointed).toBeLessThan(partial.log);
		// Once the read ends, the rest is copied by the next look: in 20 ms, not in the usual 400.
		reader.exec('commit');
		reader.close();
		const started = performance.now();
		const rest = await checkpointer.next();
		expect(performance.now() - started).toBeLessThan(200);
		expect(rest.checkpointed).toBe(rest.log);
	});

	it('hands the checkpoints back to SQLite when the worker cannot run', async () => {
		const { db, file } = open(20);
		const errors: string[] = [];
		const error = console.error;
		console.error = (message: string) => errors.push(message);
		try {
			// A worker given a file that is not there stops at once.
			const broken = startCheckpointer(db.$client, `${file}.missing`, { synchronous: 'normal' });
			opened.push({ db, checkpointer: broken });
			expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
			await broken.stop();
			expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
			expect(errors.join('\n')).toMatch(/checkpoint worker stopped/);
		} finally {
			console.error = error;
		}
	});

	it('lets a purge truncate the log to nothing while the worker checkpoints every millisecond', async () => {
		// A worker that copies the log at every page and looks every millisecond: checkpoints all the time.
		const { db, file } = open(1, 1);
		for (let round = 0; round < 40; round++) {
			write(db, 50);
			db.$client.exec('delete from notes');
			reclaimFreedSpace(db);
			expect(fs.statSync(`${file}-wal`).size).toBe(0);
			await new Promise((resolve) => setTimeout(resolve, round % 3));
		}
	});
});
