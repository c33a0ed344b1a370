/**
 * The WAL beside the checkpoint worker (src/lib/server/db/checkpointer.ts) under a steady stream of small commits:
 *   npx tsx scripts/bench/wal-growth.ts [commits per second, default 200] [seconds, default 8]
 * Each commit inserts three 1.5 KB rows (about four pages of log, like a submission). Every second it prints the
 * log file's size and the slowest commit of that second. The size stops growing once the log starts over; a
 * checkpoint in a commit (SQLite's own, or the fallback's) shows as a slow commit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCheckpointer } from '../../src/lib/server/db/checkpointer';
import { openDatabase } from '../../src/lib/server/db/index';

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 8);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-wal-growth-')), 'hearth.db');
const db = openDatabase(file);
const checkpointer = startCheckpointer(db.$client, file, { synchronous: 'normal' });
db.$client.exec('create table notes (id integer primary key, text text not null)');
const insert = db.$client.prepare('insert into notes (text) values (?)');
const commit = db.$client.transaction(() => {
	for (let k = 0; k < 3; k++) insert.run('x'.repeat(1500));
});

const started = Date.now();
let commits = 0;
let slowest = 0;
const tick = async () => {
	const before = performance.now();
	commit();
	slowest = Math.max(slowest, performance.now() - before);
	commits += 1;
	if (commits % rate === 0) {
		const mb = fs.statSync(`${file}-wal`).size / 1e6;
		console.log(
			`${((Date.now() - started) / 1000).toFixed(1)} s: ${commits} commits, log file ${mb.toFixed(1)} MB, slowest commit ${slowest.toFixed(1)} ms`
		);
		slowest = 0;
	}
	if (Date.now() - started < seconds * 1000) setTimeout(() => void tick(), 1000 / rate);
	else {
		await checkpointer.stop();
		db.$client.close();
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
	}
};
void tick();
