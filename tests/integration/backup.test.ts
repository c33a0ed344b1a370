/**
 * Backups an operator can trust (issue 10, point 5), with the scripts as an operator runs them and the production
 * server: `npm run backup` during live writes gives a copy with every submission acknowledged before it began;
 * `npm run restore` refuses while the server runs and refuses files that are not Hearth databases or come from a
 * newer schema; and restoring an old backup deletes the raw data whose retention period has passed since, before
 * the server answers its first request.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/server/db';
import { contribution, dialogue, liveSession } from '$lib/server/db/schema';
import { liveFixture } from '$lib/server/live/test-support';
import { runToClosed } from '$lib/server/outcome/test-support';
import { deleteDialogue } from '$lib/server/outcome/service';
import { readOutcomeReport } from '$lib/server/outcome/store';
import { seedFacilitator } from '../support/live-api';
import { ROOT, startServer, tempDatabasePath, type RunningServer } from '../support/server';

const run = promisify(execFile);
const DAY = 86_400_000;
const servers: RunningServer[] = [];

afterEach(async () => {
	for (const server of servers.splice(0)) await server.stop();
});

interface Finished {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs `npm run backup|restore -- …` the way npm does (tsx), on DATABASE_PATH; never throws on exit codes. */
async function script(name: 'backup' | 'restore', databasePath: string, args: string[]): Promise<Finished> {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['--import', 'tsx', `scripts/${name}.ts`, ...args],
			{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, timeout: 60_000 }
		);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
	}
}

function textsIn(file: string): string[] {
	const db = new Database(file, { readonly: true });
	try {
		return (db.prepare('select text from contribution').all() as { text: string }[]).map((r) => r.text);
	} finally {
		db.close();
	}
}

describe('npm run backup and npm run restore', () => {
	it('backs up during live writes; the restored database has every submission acknowledged before', async () => {
		const databasePath = tempDatabasePath('hearth-backup');
		const server = await startServer({ databasePath });
		servers.push(server);
		const db = openDatabase(databasePath);
		const facilitator = seedFacilitator(db);
		const staff = facilitator.staffCookie;
		const dialogueId = facilitator.addDialogue();
		db.$client.close();
		const call = (method: string, pathname: string, cookie: string, body?: unknown) =>
			fetch(`${server.baseUrl}${pathname}`, {
				method,
				headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body)
			});

		const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, staff);
		const { sessionId, joinCode } = (await opened.json()) as { sessionId: string; joinCode: string };
		const phones: string[] = [];
		for (let i = 0; i < 12; i++) {
			const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
			const cookie = joined.headers
				.getSetCookie()
				.find((c) => c.startsWith('hearth_participant_'))
				?.split(';')[0];
			if (!cookie) throw new Error('no participant cookie');
			phones.push(cookie);
		}
		const overrides = { respect: 'In the room', relationship: 'On paper', responsibility: 'Checked' };
		for (let i = 0; i < 2; i++) {
			const moved = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staff, {
				type: 'phase.advance',
				from: i === 0 ? 'preparation' : 'opening',
				overrides
			});
			expect(moved.status).toBe(200);
		}

		// Twelve phones send four worries each (a phone may have at most five waiting for moderation), all at once;
		// the backup starts once ten are acknowledged.
		const acknowledged: { text: string }[] = [];
		const sending = phones.map(async (phone, p) => {
			for (let i = 0; i < 4; i++) {
				const text = `Worry ${i} from phone ${p}`;
				const sent = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, phone, {
					kind: 'concern',
					text,
					clientRequestId: randomUUID()
				});
				expect(sent.status).toBe(201);
				acknowledged.push({ text });
			}
		});
		while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 5));
		const backupFile = path.join(path.dirname(databasePath), 'backups', 'hearth-backup.db');
		// What was acknowledged before the backup began, taken as it begins (comparing millisecond clocks missed an
		// acknowledgement of the same millisecond).
		const before = acknowledged.map((a) => a.text);
		const backup = await script('backup', databasePath, [backupFile]);
		await Promise.all(sending);
		expect(backup.code, backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/Backed up .* to .*hearth-backup\.db/);

		const inBackup = textsIn(backupFile);
		expect(inBackup).toEqual(expect.arrayContaining(before));
		// A consistent snapshot: nothing in it that was not acknowledged.
		const all = acknowledged.map((a) => a.text);
		expect(all).toEqual(expect.arrayContaining(inBackup));
		expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);

		// Not over a running server.
		const whileRunning = await script('restore', databasePath, [backupFile]);
		expect(whileRunning.code).toBe(1);
		expect(whileRunning.stderr).toMatch(/Hearth is running on .*Stop it first/);
		expect(textsIn(databasePath)).toHaveLength(48);

		await server.stop();
		const restored = await script('restore', databasePath, [backupFile]);
		expect(restored.code, restored.stderr).toBe(0);
		expect(restored.stdout).toMatch(/Restored .*hearth-backup\.db/);
		expect(textsIn(databasePath).sort()).toEqual([...inBackup].sort());

		const again = await startServer({ databasePath });
		servers.push(again);
		// The restored server serves the session, with the facilitator's sign-in from before the backup.
		const view = await fetch(`${again.baseUrl}/api/v1/sessions/${sessionId}`, { headers: { cookie: staff } });
		expect(view.status).toBe(200);
	}, 90_000);

	it('refuses a file that is not a Hearth database, or comes from a newer schema', async () => {
		const databasePath = tempDatabasePath('hearth-refuse');
		const dir = path.dirname(databasePath);
		const text = path.join(dir, 'notes.txt');
		fs.writeFileSync(text, 'not a database at all');
		expect((await script('restore', databasePath, [text])).stderr).toMatch(/not a Hearth database/);

		const other = path.join(dir, 'other.db');
		new Database(other).exec('create table things (x)');
		expect((await script('restore', databasePath, [other])).stderr).toMatch(/not a Hearth database/);

		const newer = path.join(dir, 'newer.db');
		const db = openDatabase(newer);
		db.$client
			.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)')
			.run('from-the-future', Date.now() + 365 * DAY);
		db.$client.close();
		const refused = await script('restore', databasePath, [newer]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/newer version of Hearth/);
		expect(fs.existsSync(databasePath)).toBe(false);
	}, 60_000);

	it('restoring an old backup deletes the raw data past its retention period before the first request', async () => {
		// A backup made while a session's raw data was still kept, restored after its retention period passed.
		const fx = liveFixture({ minParticipants: 1, minGroupSize: 3, retentionDays: 30 });
		const source = fx.db.$client.name;
		const { sessionId } = runToClosed(fx, { phones: 4, hidden: 1 });
		fx.db
			.update(liveSession)
			.set({ closedAt: Date.now() - 31 * DAY })
			.where(eq(liveSession.id, sessionId))
			.run();
		fx.db.$client.close();
		const backupFile = path.join(path.dirname(source), 'old-backup.db');
		expect((await script('backup', source, [backupFile])).code).toBe(0);
		expect(textsIn(backupFile)).toContain('Something unkind 0');

		const databasePath = tempDatabasePath('hearth-restored');
		const restored = await script('restore', databasePath, [backupFile]);
		expect(restored.code, restored.stderr).toBe(0);
		expect(restored.stdout).toMatch(/raw data of 1 closed session\(s\) was past its retention period/);
		// Before any server has started: the raw data is gone, from the rows and from the file's bytes.
		expect(textsIn(databasePath)).toEqual([]);
		expect(fs.readFileSync(databasePath).includes(Buffer.from('Something unkind 0'))).toBe(false);
		const db = openDatabase(databasePath);
		expect(db.select().from(contribution).all()).toEqual([]);
		expect(readOutcomeReport(db, sessionId)).not.toBeNull();
		db.$client.close();

		const server = await startServer({ databasePath });
		servers.push(server);
		expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
	}, 60_000);

	it('restoring a backup taken before a dialogue was deleted deletes that dialogue again', async () => {
		const fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const databasePath = fx.db.$client.name;
		runToClosed(fx, { phones: 4, hidden: 1 });
		const codename = fx.db.select().from(dialogue).where(eq(dialogue.id, fx.dialogueId)).get()?.codename;
		if (!codename) throw new Error('no dialogue');
		fx.db.$client.close();
		const backupFile = path.join(path.dirname(databasePath), 'before-the-deletion.db');
		expect((await script('backup', databasePath, [backupFile])).code).toBe(0);
		expect(textsIn(backupFile)).toContain('Something unkind 0');

		// The organiser deletes the dialogue; later the backup taken before it is restored.
		const db = openDatabase(databasePath);
		deleteDialogue(fx.organiser, fx.dialogueId, codename, { db });
		db.$client.close();
		const restored = await script('restore', databasePath, [backupFile]);
		expect(restored.code, restored.stderr).toBe(0);
		expect(restored.stdout).toMatch(
			/Deleted again: 1 dialogue\(s\) an organiser deleted after this backup was taken/
		);

		expect(textsIn(databasePath)).toEqual([]);
		expect(fs.readFileSync(databasePath).includes(Buffer.from('Something unkind 0'))).toBe(false);
		const after = openDatabase(databasePath);
		expect(after.select().from(dialogue).where(eq(dialogue.id, fx.dialogueId)).get()).toBeUndefined();
		after.$client.close();
	}, 60_000);
});
