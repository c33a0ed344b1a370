import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const children: ChildProcessWithoutNullStreams[] = [];

/** Starts the session process on `databasePath` and returns a function that sends one command. */
async function startProcess(databasePath: string) {
	const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/session-process.ts'], {
		cwd: root,
		env: { ...process.env, DATABASE_PATH: databasePath }
	});
	children.push(child);
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	const next = async () => {
		const { value, done } = await replies.next();
		if (done) throw new Error(`session process ended: ${stderr}`);
		return JSON.parse(value) as Record<string, unknown>;
	};
	expect(await next()).toMatchObject({ ready: true });
	return {
		child,
		send: async (command: Record<string, unknown>) => {
			child.stdin.write(JSON.stringify(command) + '\n');
			return next();
		}
	};
}

afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('a session survives its process being killed', () => {
	it('resumes exactly where it was in a new process on the same SQLite file', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-restart-'));
		const databasePath = path.join(dir, 'hearth.db');

		const first = await startProcess(databasePath);
		const { id } = await first.send({ op: 'create' });
		expect(await first.send({ op: 'advance', id })).toMatchObject({ ok: true, status: 'applied' });
		expect(await first.send({ op: 'advance', id })).toMatchObject({ ok: true, status: 'applied' });
		expect(await first.send({ op: 'pause', id })).toMatchObject({ ok: true, status: 'applied' });
		const before = await first.send({ op: 'show', id });
		expect(before).toMatchObject({ phase: 'paused', revision: 3, seqs: [1, 2, 3, 4], transitions: 2 });

		// No clean shutdown: the process dies as it would on a power cut.
		first.child.kill('SIGKILL');
		await new Promise((resolve) => first.child.once('exit', resolve));

		const second = await startProcess(databasePath);
		expect(await second.send({ op: 'show', id })).toEqual(before);
		expect(await second.send({ op: 'resume', id })).toMatchObject({ status: 'applied' });
		expect(await second.send({ op: 'show', id })).toMatchObject({
			phase: 'fearsAndStigma',
			revision: 4,
			seqs: [1, 2, 3, 4, 5]
		});
		expect(await second.send({ op: 'advance', id })).toMatchObject({ status: 'applied' });
		expect(await second.send({ op: 'show', id })).toMatchObject({ phase: 'proposals', transitions: 3 });
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
