/**
 * Starts the production build as `npm start` does (`scripts/start.js --no-build`, no ORIGIN: the hall setup the
 * README describes) as a separate process on a free loopback port with its own database file, and stops it.
 * Used by the end-to-end tests and by restart tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface RunningServer {
	baseUrl: string;
	port: number;
	databasePath: string;
	process: ChildProcess;
	output: () => string;
	stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

/** A fresh temporary folder for one test's database. */
export function tempDatabasePath(label = 'hearth'): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`)), 'hearth.db');
}

// A cold start takes about a second on an idle machine, but 20 s and more at a load of 30 on two cores (measured);
// the hooks that start a server allow 60 s.
async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 45_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
		try {
			const res = await fetch(`${baseUrl}/healthz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${output()}`);
}

/**
 * Servers started by this process and not yet exited. A spec or worker that ends without stopping one (a failed
 * `beforeAll`, a forgotten `afterAll`) must not leave it running: when this process exits, they are killed.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

export async function startServer(
	options: { databasePath?: string; port?: number; env?: Record<string, string> } = {}
): Promise<RunningServer> {
	const entry = path.join(ROOT, 'build', 'index.js');
	if (!fs.existsSync(entry)) throw new Error('No production build: run `npm run build` first.');
	const port = options.port ?? (await freePort());
	const databasePath = options.databasePath ?? tempDatabasePath();
	const baseUrl = `http://127.0.0.1:${port}`;
	const { ORIGIN: _origin, PROTOCOL_HEADER: _protocol, ...inherited } = process.env;
	const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), '--no-build'], {
		cwd: ROOT,
		env: {
			...inherited,
			HOST: '127.0.0.1',
			PORT: String(port),
			DATABASE_PATH: databasePath,
			// Open SSE streams would otherwise hold a shutdown for 30 s.
			SHUTDOWN_TIMEOUT: '1',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const output = () => log;
	try {
		await waitForHealth(baseUrl, child, output);
	} catch (error) {
		// A server that never became healthy (a slow start on a busy machine) would otherwise live on with its
		// output piped into this process, and keep a Vitest worker, and so Vitest's main process, from exiting.
		child.kill('SIGKILL');
		throw error;
	}
	return {
		baseUrl,
		port,
		databasePath,
		process: child,
		output,
		stop: (signal = 'SIGTERM') =>
			new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill(signal);
			})
	};
}
