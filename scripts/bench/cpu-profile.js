/**
 * A CPU profile of the server under the bench, to find where the time of each delivered event goes:
 *   HEARTH_CPU_AFTER_MS=25000 HEARTH_BENCH_NODE_ARGS="--import ./scripts/bench/cpu-profile.js" \
 *     node scripts/bench.js --phones none --big none --no-phone
 * (`HEARTH_CPU_AFTER_MS`: from that long after the server started, e.g. only the measured part of the meetings)
 * samples the main thread every 200 µs and, when the server is stopped, writes `cpu-<pid>.cpuprofile` in the
 * system's temporary folder (Chrome DevTools opens it under Performance) and `cpu-<pid>.cpuprofile.txt`: the 40
 * functions with the most time of their own, and the time of each package (its own time, summed).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { onServerStop } from './on-stop.js';

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
const start = () => session.post('Profiler.start');
const after = Number(process.env.HEARTH_CPU_AFTER_MS ?? 0);
if (after > 0) setTimeout(start, after).unref();
else start();

/** `node_modules/<package>` (scoped too), the app's own `build/…` folder, or Node's internals. */
function packageOf(url) {
	const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
	if (match) return match[1];
	if (url.startsWith('node:')) return 'node';
	if (url.includes('/build/')) return `app ${url.split('/build/')[1].split('/').slice(0, 2).join('/')}`;
	return url ? url.split('/').slice(-2).join('/') : '(native, GC, idle)';
}

function write() {
	session.post('Profiler.stop', (error, result) => {
		if (error || !result) return;
		const { profile } = result;
		const file = path.join(os.tmpdir(), `cpu-${process.pid}.cpuprofile`);
		fs.writeFileSync(file, JSON.stringify(profile));
		// Time per node: the samples that hit it times the interval between samples.
		const hits = new Map();
		for (let i = 0; i < profile.samples.length; i++) {
			const id = profile.samples[i];
			hits.set(id, (hits.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
		}
		const own = new Map();
		const byPackage = new Map();
		for (const node of profile.nodes) {
			const micros = hits.get(node.id) ?? 0;
			const { functionName, url, lineNumber } = node.callFrame;
			const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`;
			own.set(key, (own.get(key) ?? 0) + micros);
			const pkg = functionName === '(idle)' ? '(idle)' : packageOf(url);
			byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
		}
		const busy = [...byPackage].filter(([k]) => k !== '(idle)').reduce((a, [, b]) => a + b, 0);
		const pct = (micros) => ((100 * micros) / busy).toFixed(1).padStart(5);
		const report = [`busy (not idle): ${(busy / 1e6).toFixed(2)} s; by package:`];
		for (const [key, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25))
			if (key !== '(idle)') report.push(`${pct(micros)} %  ${key}`);
		report.push('', 'by function (own time):');
		for (const [key, micros] of [...own].sort((a, b) => b[1] - a[1]).slice(0, 40))
			if (!key.startsWith('(idle)')) report.push(`${pct(micros)} %  ${key}`);
		fs.writeFileSync(`${file}.txt`, `${report.join('\n')}\n`);
	});
}
onServerStop(write);
