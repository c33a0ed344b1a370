/**
 * A Hearth production server for one benchmark step: a fresh database prepared by the demo command, the server
 * started the way `npm start` starts it (`scripts/start.js --no-build`: the static files' `nosniff`, the body size
 * limit), the facilitator signed in, and the live session moved on with the values overridden (no real room).
 * Used by the phone steps (phone-load.js, lighthouse.js); `scripts/bench.js` has its own copy for the halls,
 * where it also raises the participant and stream caps.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from './sse-client.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

export function stop(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null) return resolve();
		child.once('exit', resolve);
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 5000).unref();
	});
}

const OVERRIDE = 'Benchmark run: no real participants.';
export const overrides = { respect: OVERRIDE, relationship: OVERRIDE, responsibility: OVERRIDE };

/**
 * Starts the server on a free port with a fresh demo database and returns `{ base, demo, advanceTo, close }`.
 * `advanceTo('fearsAndStigma')` moves the live session from preparation through the opening.
 */
export async function startHearth() {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-phone-'));
	const databasePath = path.join(dir, 'hearth.db');
	const demoRun = spawnSync(
		process.execPath,
		['--import', 'tsx', 'scripts/demo.ts', '--json', '--base-url', base],
		{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8' }
	);
	if (demoRun.status !== 0) throw new Error(`demo failed:\n${demoRun.stdout}\n${demoRun.stderr}`);
	const demo = JSON.parse(demoRun.stdout);

	const child = spawn(process.execPath, ['scripts/start.js', '--no-build'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			DATABASE_PATH: databasePath,
			SHUTDOWN_TIMEOUT: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const close = async () => {
		await stop(child);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		const deadline = Date.now() + 30_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
			const ok = await request(`${base}/healthz`).then(
				(r) => r.status === 200,
				() => false
			);
			if (ok) break;
			if (Date.now() > deadline) throw new Error(`server not ready:\n${output}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		const staff = await signIn(base, demo.organiser);
		const advanceTo = async (phase) => {
			const order = ['preparation', 'opening', 'fearsAndStigma'];
			for (const from of order.slice(0, order.indexOf(phase))) {
				await command(base, staff, demo.sessionId, { type: 'phase.advance', from, overrides });
			}
		};
		return { base, demo, advanceTo, close };
	} catch (error) {
		await close();
		throw error;
	}
}

export async function signIn(base, { email, password }) {
	const res = await request(`${base}/login`, {
		method: 'POST',
		body: new URLSearchParams({ email, password }).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }
	});
	const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('hearth_session='));
	if (!cookie) throw new Error(`sign-in failed (${res.status})`);
	return cookie.split(';')[0];
}

export async function command(base, staffCookie, sessionId, body) {
	const res = await request(`${base}/api/v1/sessions/${sessionId}/commands`, {
		method: 'POST',
		body,
		headers: { cookie: staffCookie, origin: base }
	});
	if (res.status !== 200)
		throw new Error(`command ${body.type} answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body;
}
