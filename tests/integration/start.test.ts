import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/server';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Runs `npm start`'s script on the existing production build and collects what it printed. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['scripts/start.js', '--no-build'], {
			cwd: root,
			env: { ...process.env, HOST: '127.0.0.1', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

describe('npm start explains what a person can fix', () => {
	it('says the port is taken, in one sentence and without a stack trace', async () => {
		const port = await freePort();
		const blocker = net.createServer().listen(port, '127.0.0.1');
		await new Promise((r) => blocker.once('listening', r));
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-start-'));
		try {
			const { code, output } = await start({
				PORT: String(port),
				DATABASE_PATH: path.join(dir, 'hearth.db')
			});
			expect(code).toBe(1);
			expect(output).toContain(`Hearth could not start: Port ${port} on 127.0.0.1 is already in use`);
			expect(output).not.toMatch(/\n\s+at /);
		} finally {
			blocker.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('says the database cannot be written, in one sentence and without a stack trace', async () => {
		// A path below a regular file can never be created, whoever runs the test (root included).
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-start-'));
		const file = path.join(dir, 'not-a-folder');
		fs.writeFileSync(file, '');
		try {
			const { code, output } = await start({
				PORT: String(await freePort()),
				DATABASE_PATH: path.join(file, 'hearth.db')
			});
			expect(code).toBe(1);
			expect(output).toContain('Hearth could not start: Hearth cannot write its database at');
			expect(output).toContain('set DATABASE_PATH');
			expect(output).not.toMatch(/\n\s+at /);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
