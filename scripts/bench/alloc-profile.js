/**
 * An allocation profile of the server under the bench, garbage included, to find what fills the young generation:
 *   HEARTH_BENCH_NODE_ARGS="--import ./scripts/bench/alloc-profile.js" npm run bench -- --phones none --big none
 * (`HEARTH_ALLOC_AFTER_MS`: from that long after the server started) samples every allocation of about 32 KB (V8's sampling heap profiler, with the objects that the young and the full
 * collections took again kept in the profile) and, when the server is stopped, writes `alloc-<pid>.heapprofile` in
 * the system's temporary folder (Chrome DevTools opens it under Memory) and prints the 25 functions that allocated
 * the most, by their own allocations.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { onServerStop } from './on-stop.js';

const session = new Session();
session.connect();
const start = () =>
	session.post('HeapProfiler.startSampling', {
		samplingInterval: 32 * 1024,
		// HEARTH_ALLOC_LIVE=1: only what is still alive when the server stops (what the run kept, not its garbage).
		includeObjectsCollectedByMajorGC: process.env.HEARTH_ALLOC_LIVE !== '1',
		includeObjectsCollectedByMinorGC: process.env.HEARTH_ALLOC_LIVE !== '1'
	});
// Only the measured part of a scenario: HEARTH_ALLOC_AFTER_MS=25000 skips the joins and the streams' opening.
const after = Number(process.env.HEARTH_ALLOC_AFTER_MS ?? 0);
if (after > 0) setTimeout(start, after).unref();
else start();

function write() {
	session.post('HeapProfiler.stopSampling', (error, result) => {
		if (error || !result) return;
		const file = path.join(os.tmpdir(), `alloc-${process.pid}.heapprofile`);
		fs.writeFileSync(file, JSON.stringify(result.profile));
		const own = new Map();
		const walk = (node) => {
			const { functionName, url, lineNumber } = node.callFrame;
			const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`;
			own.set(key, (own.get(key) ?? 0) + node.selfSize);
			for (const child of node.children) walk(child);
		};
		walk(result.profile.head);
		const total = [...own.values()].reduce((a, b) => a + b, 0);
		const lines = [...own].sort((a, b) => b[1] - a[1]).slice(0, 25);
		const report = [`allocated (sampled): ${(total / 1e6).toFixed(0)} MB; by function:`];
		for (const [key, bytes] of lines)
			report.push(`${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${key}`);
		fs.writeFileSync(`${file}.txt`, `${report.join('\n')}\n`);
	});
}
onServerStop(write);
