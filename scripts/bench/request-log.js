/**
 * A request log for the server under the bench, to find out what a slow request ran into:
 *   HEARTH_BENCH_NODE_ARGS="--import ./scripts/bench/request-log.js" npm run bench -- --phones none --big none
 * writes `request-log-<pid>.txt` in the system's temporary folder, one line per
 *   request:  R <method>:<last path segment> <start> <end>
 *   collection:  G <kind> <start> <end>      (1 = young generation, 4 = full, 8 = a step of incremental marking)
 *   event loop stall of more than 2.5 ms:  L <start> <end>
 *   memory, every second:  M <time> <rss> <V8 heap committed> <V8 heap used> <external> <array buffers>  (MB)
 * with times in milliseconds on the wall clock (performance.timeOrigin + performance.now(), as the bench's own), so
 * that the bench's slowest latencies can be laid beside them. Issue 14's fourth pass found the WAL checkpoints so.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';

const out = fs.openSync(path.join(os.tmpdir(), `request-log-${process.pid}.txt`), 'w');
const now = () => (performance.timeOrigin + performance.now()).toFixed(2);

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
	if (event === 'request') {
		const name = `${req.method}:${req.url.split('?')[0].split('/').at(-1)}`;
		const start = now();
		res.on('finish', () => fs.writeSync(out, `R ${name} ${start} ${now()}\n`));
	}
	return emit.call(this, event, req, res, ...rest);
};

new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) {
		const start = performance.timeOrigin + entry.startTime;
		fs.writeSync(out, `G ${entry.detail?.kind} ${start.toFixed(2)} ${(start + entry.duration).toFixed(2)}\n`);
	}
}).observe({ entryTypes: ['gc'] });

let last = performance.now();
setInterval(() => {
	const at = performance.now();
	if (at - last > 2.5)
		fs.writeSync(
			out,
			`L ${(performance.timeOrigin + last).toFixed(2)} ${(performance.timeOrigin + at).toFixed(2)}\n`
		);
	last = at;
}, 1).unref();

setInterval(() => {
	const m = process.memoryUsage();
	const mb = (n) => (n / 1e6).toFixed(1);
	fs.writeSync(
		out,
		`M ${now()} ${mb(m.rss)} ${mb(m.heapTotal)} ${mb(m.heapUsed)} ${mb(m.external)} ${mb(m.arrayBuffers)}\n`
	);
}, 1000).unref();
