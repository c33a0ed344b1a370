#!/usr/bin/env node
/**
 * `npm run bench`: the live session under load, on loopback, against the production build.
 *
 * For each hall size it starts a fresh production server on a fresh database (prepared by the demo command),
 * joins N simulated phones that each hold an SSE stream, plus the facilitator's and the projector's streams, then
 * streams concern submissions from the phones and approves each one. It reports, as p50/p95/p99:
 *   - submit → console: from a phone's POST to the facilitator's stream carrying it;
 *   - approve → projector: from the facilitator's approval to the projector's stream carrying it;
 * events lost or duplicated on every phone stream, and the server's memory. In the same run it measures a bare
 * SSE broadcast (no database, no auth) with the same number of streams as the floor, and reports the ratio.
 *
 * Then the phone on slow 3G and Lighthouse on the phone page (scripts/bench/phone-load.js, issue 14).
 *
 * Options: --phones 500,2000 (hall sizes), --submissions 200, --rate 20 (per second), --json (machine output),
 * --phone-only (only the phone step), --no-phone (without it).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { compressedSize, openStream, pool, request, summarise } from './bench/sse-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const HALLS = args.includes('--phone-only') ? [] : option('phones', '500,2000').split(',').map(Number);
const SUBMISSIONS = Number(option('submissions', '200'));
const RATE = Number(option('rate', '20'));
const JSON_OUT = args.includes('--json');
const log = (...parts) => JSON_OUT || console.log(...parts);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

/** Resident and peak memory of a process, in MB (Linux /proc). */
function memoryOf(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? NaN);
	return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function startProcess(command, argv, env, readyCheck) {
	const child = spawn(command, argv, {
		cwd: root,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 30_000;
		const poll = async () => {
			if (child.exitCode !== null) return reject(new Error(`process exited:\n${output}`));
			if (await readyCheck(output).catch(() => false)) return resolve(child);
			if (Date.now() > deadline) return reject(new Error(`process not ready:\n${output}`));
			setTimeout(poll, 100);
		};
		void poll();
	});
}

function stop(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null) return resolve();
		child.once('exit', resolve);
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 5000).unref();
	});
}

/** Paces `count` calls of `fn` at `rate` per second; returns when all have been started and finished. */
async function paced(count, rate, fn) {
	const started = [];
	const t0 = performance.now();
	for (let i = 0; i < count; i++) {
		const due = t0 + (i * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		started.push(fn(i));
	}
	return Promise.all(started);
}

async function waitUntil(predicate, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return true;
		await sleep(50);
	}
	return predicate();
}

// ---------------------------------------------------------------------------------------------------------------
// The floor: a bare SSE broadcast.
// ---------------------------------------------------------------------------------------------------------------

async function runFloor(phones) {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const server = await startProcess(
		process.execPath,
		['scripts/bench/floor-server.js'],
		{ PORT: String(port) },
		async (out) => out.includes('ready')
	);
	try {
		const sentAt = new Map();
		const listener = [];
		const broadcast = [];
		const received = Array.from({ length: phones }, () => new Map());
		const onListener = ({ data, receivedAt }) => {
			const { marker } = JSON.parse(data);
			listener.push(receivedAt - sentAt.get(marker));
		};
		const streams = [await openStream(`${base}/events`, { onMessage: onListener })];
		const opened = await pool([...Array(phones).keys()], 100, (i) =>
			openStream(`${base}/events`, {
				onMessage: ({ data, receivedAt }) => {
					const { marker } = JSON.parse(data);
					received[i].set(marker, (received[i].get(marker) ?? 0) + 1);
					broadcast.push(receivedAt - sentAt.get(marker));
				}
			})
		);
		streams.push(...opened);
		await paced(SUBMISSIONS, RATE, async (i) => {
			const marker = `m${i}`;
			sentAt.set(marker, performance.now());
			await request(`${base}/publish`, { method: 'POST', body: { marker, text: `A worry, number ${i}` } });
		});
		await waitUntil(() => received.every((r) => r.size === SUBMISSIONS), 20_000);
		const memory = memoryOf(server.pid);
		for (const s of streams) s.close();
		return {
			listener: summarise(listener),
			broadcast: summarise(broadcast),
			...countDeliveries(received),
			memory
		};
	} finally {
		await stop(server);
	}
}

function countDeliveries(received) {
	let lost = 0;
	let duplicated = 0;
	for (const r of received) {
		lost += SUBMISSIONS - r.size;
		for (const n of r.values()) duplicated += n - 1;
	}
	return { lost, duplicated };
}

// ---------------------------------------------------------------------------------------------------------------
// Hearth: the production server with its database, auth and per-role streams.
// ---------------------------------------------------------------------------------------------------------------

function demoOnFreshDatabase(databasePath, baseUrl) {
	const result = spawnSync(
		process.execPath,
		['--import', 'tsx', 'scripts/demo.ts', '--json', '--base-url', baseUrl],
		{
			cwd: root,
			env: { ...process.env, DATABASE_PATH: databasePath },
			encoding: 'utf8'
		}
	);
	if (result.status !== 0) throw new Error(`demo failed:\n${result.stdout}\n${result.stderr}`);
	return JSON.parse(result.stdout);
}

async function signIn(base, { email, password }) {
	const res = await request(`${base}/login`, {
		method: 'POST',
		body: new URLSearchParams({ email, password }).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }
	});
	const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('hearth_session='));
	if (!cookie) throw new Error(`sign-in failed (${res.status})`);
	return cookie.split(';')[0];
}

async function command(base, staffCookie, sessionId, body) {
	const res = await request(`${base}/api/v1/sessions/${sessionId}/commands`, {
		method: 'POST',
		body,
		headers: { cookie: staffCookie, origin: base }
	});
	if (res.status !== 200)
		throw new Error(`command ${body.type} answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body;
}

/**
 * The JavaScript a phone downloads on its first visit to the join page: the entry scripts the HTML imports, the
 * route's nodes it names (`node_ids`), and everything those import statically, each at the size the server sends
 * it gzip-compressed (adapter-node serves precompressed files). Screens loaded later by dynamic import are not
 * counted: they arrive when their phase starts.
 */
async function phoneScriptSize(base, joinCode) {
	const page = await request(`${base}/s/${joinCode}`);
	const html = String(page.body);
	const client = path.join(root, 'build', 'client');
	const queue = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map(
		(m) => new URL(m[1], `${base}/s/`).pathname
	);
	const nodeIds =
		html
			.match(/node_ids:\s*\[([\d,\s]+)\]/)?.[1]
			.split(',')
			.map((n) => n.trim()) ?? [];
	const nodesDir = path.join(client, '_app', 'immutable', 'nodes');
	for (const id of nodeIds) {
		const file = fs.readdirSync(nodesDir).find((f) => f.startsWith(`${id}.`) && f.endsWith('.js'));
		if (file) queue.push(`/_app/immutable/nodes/${file}`);
	}
	const seen = new Set();
	let gzipBytes = 0;
	while (queue.length) {
		const url = queue.pop();
		if (seen.has(url)) continue;
		seen.add(url);
		gzipBytes += await compressedSize(`${base}${url}`);
		const source = fs.readFileSync(path.join(client, url), 'utf8');
		// Static imports only (`import … from "x"`, `import "x"`), not `import("x")`.
		for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) {
			queue.push(new URL(m[1], `${base}${url}`).pathname);
		}
	}
	return { files: seen.size, gzipKb: gzipBytes / 1024, languages: await languageChunkSizes(base) };
}

/**
 * What a phone in another language downloads on top (scripts/vite-locale-chunks.js): each language's chunk of the
 * phone's texts, loaded before the page hydrates, and the chunk of its other texts, which a phone never loads.
 */
async function languageChunkSizes(base) {
	const chunks = path.join(root, 'build', 'client', '_app', 'immutable', 'chunks');
	const pattern =
		/(\w+):\{phone:\(\)=>\w+\(\(\)=>import\(`\.\/([^`]+)`\)[^}]*?rest:\(\)=>\w+\(\(\)=>import\(`\.\/([^`]+)`\)/g;
	for (const file of fs.readdirSync(chunks).filter((name) => name.endsWith('.js'))) {
		const found = [...fs.readFileSync(path.join(chunks, file), 'utf8').matchAll(pattern)];
		if (found.length === 0) continue;
		const sizes = [];
		for (const [, locale, phone, rest] of found) {
			sizes.push({
				locale,
				phoneKb: (await compressedSize(`${base}/_app/immutable/chunks/${phone}`)) / 1024,
				restKb: (await compressedSize(`${base}/_app/immutable/chunks/${rest}`)) / 1024
			});
		}
		return sizes;
	}
	throw new Error('no language chunks found in the build (scripts/vite-locale-chunks.js)');
}

const OVERRIDE = 'Benchmark run: no real participants.';
const overrides = { respect: OVERRIDE, relationship: OVERRIDE, responsibility: OVERRIDE };

async function runHearth(phones) {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
	const databasePath = path.join(dir, 'hearth.db');
	const demo = demoOnFreshDatabase(databasePath, base);
	// A simulated hall bigger than the default participant cap (500): the organiser's setting is raised, as an
	// organiser would for such a crowd, before the server starts.
	const db = new Database(databasePath);
	db.prepare(`UPDATE dialogue SET settings = json_set(settings, '$.participantCap', ?) WHERE id = ?`).run(
		phones + 10,
		demo.dialogueId
	);
	db.close();
	const server = await startProcess(
		process.execPath,
		[...(process.env.HEARTH_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'build/index.js'],
		{
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			DATABASE_PATH: databasePath,
			SHUTDOWN_TIMEOUT: '1',
			// Every phone holds one stream, next to the console's and the projector's.
			STREAM_LIMIT_SESSION: String(phones + 10),
			STREAM_LIMIT_PROCESS: String(phones + 20)
		},
		async () => (await request(`${base}/healthz`)).status === 200
	);
	const streams = [];
	try {
		const phonePage = await phoneScriptSize(base, demo.joinCode);
		const staff = await signIn(base, demo.organiser);
		const { sessionId, joinCode } = demo;
		const display = new URL(demo.projectorUrl).searchParams.get('display');
		// Into the fears-and-stigma phase, where phones submit concerns.
		await command(base, staff, sessionId, { type: 'phase.advance', from: 'preparation', overrides });
		await command(base, staff, sessionId, { type: 'phase.advance', from: 'opening', overrides });

		const sentAt = new Map(); // marker → POST start
		const approvedAt = new Map(); // contribution id → approval POST start
		const submitToConsole = [];
		const approveToProjector = [];
		const received = Array.from({ length: phones }, () => new Map());
		const pendingApprovals = [];

		streams.push(
			await openStream(`${base}/api/v1/sessions/${sessionId}/events`, {
				headers: { cookie: staff },
				onMessage: ({ data, receivedAt }) => {
					const message = JSON.parse(data);
					if (message.type !== 'contribution.submitted') return;
					const marker = message.data.text.split(' ').at(-1);
					if (!sentAt.has(marker)) return;
					submitToConsole.push(receivedAt - sentAt.get(marker));
					pendingApprovals.push(message.data.id);
				}
			})
		);
		streams.push(
			await openStream(`${base}/api/v1/sessions/${sessionId}/events?display=${encodeURIComponent(display)}`, {
				onMessage: ({ data, receivedAt }) => {
					const message = JSON.parse(data);
					if (message.type === 'contribution.approved' && approvedAt.has(message.data.id)) {
						approveToProjector.push(receivedAt - approvedAt.get(message.data.id));
					}
				}
			})
		);

		// Every phone joins (one shared address, as in a hall) and opens its stream.
		const cookies = await pool([...Array(phones).keys()], 50, async () => {
			const res = await request(`${base}/api/v1/join`, {
				method: 'POST',
				body: { code: joinCode },
				headers: { origin: base }
			});
			if (res.status !== 201) throw new Error(`join answered ${res.status}: ${JSON.stringify(res.body)}`);
			return [res.headers['set-cookie']]
				.flat()
				.map((c) => c.split(';')[0])
				.join('; ');
		});
		const phoneStreams = await pool(cookies, 100, (cookie, i) =>
			openStream(`${base}/api/v1/sessions/${sessionId}/events`, {
				headers: { cookie },
				onMessage: ({ data }) => {
					const message = JSON.parse(data);
					if (message.type !== 'contribution.approved') return;
					received[i].set(message.data.id, (received[i].get(message.data.id) ?? 0) + 1);
				}
			})
		);
		streams.push(...phoneStreams);
		const memoryIdle = memoryOf(server.pid);

		// The facilitator approves each concern as it reaches the console.
		let approving = true;
		const approver = (async () => {
			while (approving || pendingApprovals.length) {
				const id = pendingApprovals.shift();
				if (!id) {
					await sleep(5);
					continue;
				}
				approvedAt.set(id, performance.now());
				await command(base, staff, sessionId, { type: 'contribution.approve', contributionId: id });
			}
		})();

		await paced(SUBMISSIONS, RATE, async (i) => {
			const marker = `m${i}`;
			const cookie = cookies[(i * 7919) % phones];
			sentAt.set(marker, performance.now());
			const res = await request(`${base}/api/v1/sessions/${sessionId}/contributions`, {
				method: 'POST',
				body: {
					kind: 'concern',
					text: `I worry about the walk to school, note ${marker}`,
					clientRequestId: `bench-${marker}-x`
				},
				headers: { cookie, origin: base }
			});
			if (res.status !== 201)
				throw new Error(`submission answered ${res.status}: ${JSON.stringify(res.body)}`);
		});
		await waitUntil(() => submitToConsole.length === SUBMISSIONS, 20_000);
		approving = false;
		await approver;
		await waitUntil(() => received.every((r) => r.size === SUBMISSIONS), 20_000);
		const memory = memoryOf(server.pid);
		return {
			phonePage,
			submitToConsole: summarise(submitToConsole),
			approveToProjector: summarise(approveToProjector),
			...countDeliveries(received),
			memoryIdle,
			memory
		};
	} finally {
		for (const s of streams) s.close();
		await stop(server);
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------------------------

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const row = (label, s) =>
	`  ${label.padEnd(28)} p50 ${fmt(s.p50).padStart(7)} ms   p95 ${fmt(s.p95).padStart(7)} ms   p99 ${fmt(s.p99).padStart(7)} ms   (n=${s.n})`;

if (!fs.existsSync(path.join(root, 'build', 'index.js'))) {
	log('Building the production server first…');
	const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		cwd: root,
		stdio: JSON_OUT ? 'ignore' : 'inherit'
	});
	if (built.status !== 0) process.exit(1);
}

/** The budgets of issue 4 for a hall of this size (500 and 2,000 phones; other sizes: nothing lost). */
function budgetFor(phones, floor, hearth, ratio) {
	const worst = Math.max(hearth.submitToConsole.p99, hearth.approveToProjector.p99);
	const lines = [{ ok: hearth.lost === 0 && hearth.duplicated === 0, text: 'nothing lost or duplicated' }];
	if (phones <= 500) {
		lines.push({
			ok: Math.max(ratio.submitToConsole, ratio.approveToProjector) <= 2,
			text: 'p99 within 2× the floor'
		});
		lines.push({ ok: worst < 100, text: `p99 under 100 ms (${worst.toFixed(1)} ms)` });
		lines.push({ ok: hearth.phonePage.gzipKb < 60, text: 'phone page under 60 KB of compressed JavaScript' });
	} else {
		lines.push({ ok: worst < 250, text: `p99 under 250 ms (${worst.toFixed(1)} ms)` });
		lines.push({
			ok: hearth.memory.peakMb < 300,
			text: `server memory under 300 MB (peak ${hearth.memory.peakMb.toFixed(0)} MB)`
		});
	}
	return { lines };
}

const results = [];
log(
	`Hearth benchmark — ${os.cpus().length} cores, Node ${process.version}, ${SUBMISSIONS} submissions at ${RATE}/s per hall size\n`
);
for (const phones of HALLS) {
	log(`${phones} phones`);
	const floor = await runFloor(phones);
	log(row('floor: POST → listener', floor.listener));
	log(row('floor: POST → every stream', floor.broadcast));
	const hearth = await runHearth(phones);
	log(row('submit → console', hearth.submitToConsole));
	log(row('approve → projector', hearth.approveToProjector));
	const ratio = {
		submitToConsole: hearth.submitToConsole.p99 / floor.listener.p99,
		approveToProjector: hearth.approveToProjector.p99 / floor.listener.p99
	};
	log(
		`  p99 ratio to the floor        submit → console ${ratio.submitToConsole.toFixed(2)}×, approve → projector ${ratio.approveToProjector.toFixed(2)}×`
	);
	log(
		`  phone streams                 lost ${hearth.lost}, duplicated ${hearth.duplicated} (floor: lost ${floor.lost}, duplicated ${floor.duplicated})`
	);
	log(
		`  phone page JavaScript         ${hearth.phonePage.gzipKb.toFixed(1)} KB gzip in ${hearth.phonePage.files} files (first load)`
	);
	log(
		`  phone texts per language      ${hearth.phonePage.languages.map((l) => `${l.locale} ${l.phoneKb.toFixed(1)}`).join(', ')} KB gzip (loaded by a phone in that language; staff texts ${Math.min(...hearth.phonePage.languages.map((l) => l.restKb)).toFixed(0)}–${Math.max(...hearth.phonePage.languages.map((l) => l.restKb)).toFixed(0)} KB, never)`
	);
	log(
		`  server memory                 ${hearth.memoryIdle.rssMb.toFixed(0)} MB with all streams open, ${hearth.memory.rssMb.toFixed(0)} MB after the run, peak ${hearth.memory.peakMb.toFixed(0)} MB\n`
	);
	const budget = budgetFor(phones, floor, hearth, ratio);
	for (const line of budget.lines) log(`  ${line.ok ? 'met    ' : 'MISSED '} ${line.text}`);
	log('');
	results.push({ phones, floor, hearth, ratio, budgetMet: budget.lines.every((l) => l.ok) });
}
const phone = args.includes('--no-phone')
	? null
	: await (await import('./bench/phone-load.js')).runPhoneStep({ log });
if (JSON_OUT) console.log(JSON.stringify({ submissions: SUBMISSIONS, rate: RATE, results, phone }, null, 2));
