/**
 * Storage that fails loudly (issue 10, point 4), against the production server:
 * - the database file deleted or replaced under the running server: /healthz says so, writes get a plain 503, the
 *   log says why; a restart on the empty database that follows does not offer open setup, only the one-time
 *   token printed in the log does (and while the old WAL is still there, the start stops rather than replay it);
 * - a full disk (a small tmpfs filled to the brim): a submission and a sign-in answer 503 in plain words, /healthz
 *   reports `full`, and the refused submissions do not use up the phone's quota;
 * - a write the disk refuses half-way (SQLITE_FULL from SQLite itself) rolls back without counting against the
 *   phone's quota.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '$lib/server/db';
import { contribution, organisation } from '$lib/server/db/schema';
import { approveContribution } from '$lib/server/live/commands/moderation';
import { submitContribution } from '$lib/server/live/phones/participation';
import { joinPhone, liveFixture, moveTo, openSession, requestId } from '$lib/server/live/test-support';
import { seedFacilitator } from '../support/live-api';
import { startServer, tempDatabasePath, type RunningServer } from '../support/server';

const servers: RunningServer[] = [];
const mounts: string[] = [];

afterEach(async () => {
	for (const server of servers.splice(0)) await server.stop();
	for (const dir of mounts.splice(0)) execFileSync('umount', [dir]);
});

afterAll(async () => {
	for (const server of servers.splice(0)) await server.stop();
});

async function start(databasePath: string): Promise<RunningServer> {
	const server = await startServer({ databasePath });
	servers.push(server);
	return server;
}

async function health(server: RunningServer): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${server.baseUrl}/healthz`);
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts a form the way a browser without JavaScript does. */
function postForm(server: RunningServer, pathname: string, fields: Record<string, string>, cookie = '') {
	return fetch(`${server.baseUrl}${pathname}`, {
		method: 'POST',
		headers: {
			origin: server.baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
}

const ORGANISER = {
	organisationName: 'Probation North',
	name: 'Olga Organiser',
	email: 'olga@example.org',
	password: 'correct horse battery',
	confirm: 'correct horse battery'
};

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('the database file deleted or replaced while Hearth runs', () => {
	it('is reported, refuses writes with 503, and the empty database after a restart does not offer open setup', async () => {
		const databasePath = tempDatabasePath('hearth-lost');
		const first = await start(databasePath);
		const setUp = await postForm(first, '/setup', ORGANISER);
		expect(setUp.status).toBe(303);
		expect(await health(first)).toMatchObject({ status: 200, body: { storage: 'ok' } });

		fs.rmSync(databasePath);
		expect(await health(first)).toMatchObject({
			status: 503,
			body: { status: 'degraded', storage: 'missing' }
		});
		// A write that would have "succeeded" into the unlinked file is refused, in plain words.
		const join = await fetch(`${first.baseUrl}/api/v1/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code: 'ABCDEF' })
		});
		expect(join.status).toBe(503);
		expect(join.headers.get('content-type')).toBe('application/problem+json');
		expect(await join.json()).toMatchObject({
			status: 503,
			code: 'storageUnavailable',
			detail: expect.stringMatching(/database file is missing or was replaced/)
		});
		const signIn = await postForm(first, '/login', { email: ORGANISER.email, password: ORGANISER.password });
		expect(signIn.status).toBe(503);
		expect(await signIn.text()).toMatch(/Cannot save right now/);
		await until(() => /Storage problem: the database file .* was deleted/.test(first.output()), 'the log');
		await first.stop();

		// The old WAL is still there: starting would replay it into a new file, so the start stops in one sentence.
		await expect(startServer({ databasePath })).rejects.toThrow(/write-ahead log .* is still there/);
		// The operator moves the leftovers away and starts on an empty database: setup is locked.
		fs.rmSync(`${databasePath}-wal`, { force: true });
		fs.rmSync(`${databasePath}-shm`, { force: true });
		const second = await start(databasePath);
		const token = /\/setup\?token=([\w-]+)/.exec(second.output())?.[1];
		expect(token, second.output()).toBeTruthy();
		const page = await fetch(`${second.baseUrl}/setup`);
		const html = await page.text();
		expect(html).toMatch(/Setup is locked/);
		expect(html).not.toMatch(/name="password"/);
		const refused = await postForm(second, '/setup', ORGANISER);
		expect(refused.status).toBe(403);
		const check = openDatabase(databasePath);
		expect(check.select().from(organisation).all()).toEqual([]);
		check.$client.close();
		expect(await postForm(second, '/setup?token=wrong', ORGANISER).then((r) => r.status)).toBe(403);

		const withToken = await fetch(`${second.baseUrl}/setup?token=${token}`).then((r) => r.text());
		expect(withToken).toMatch(/name="password"/);
		const created = await postForm(second, `/setup?token=${token}`, ORGANISER);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe('/dialogues');

		// Replaced by another file: reported as such.
		const other = `${databasePath}.other`;
		fs.copyFileSync(databasePath, other);
		fs.renameSync(other, databasePath);
		expect(await health(second)).toMatchObject({ status: 503, body: { storage: 'replaced' } });
	}, 60_000);
});

/** Fixtures in the server's database: an organisation, a facilitator of a dialogue, and its staff cookie. */
function staffFixture(db: Db): { dialogueId: string; cookie: string; email: string } {
	const facilitator = seedFacilitator(db);
	return {
		dialogueId: facilitator.addDialogue(),
		cookie: facilitator.staffCookie,
		email: `${facilitator.facilitatorId}@example.org`
	};
}

/** Writes a file until the disk is full. */
function fillDisk(file: string): void {
	const fd = fs.openSync(file, 'w');
	const chunk = Buffer.alloc(64 * 1024, 1);
	try {
		for (;;) fs.writeSync(fd, chunk);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
	} finally {
		fs.closeSync(fd);
	}
	// The last partial chunk: fill the remaining bytes too.
	const small = Buffer.alloc(512, 1);
	const tail = fs.openSync(file, 'a');
	try {
		for (;;) fs.writeSync(tail, small);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
	} finally {
		fs.closeSync(tail);
	}
}

const isRoot = process.getuid?.() === 0;

describe('a full disk', () => {
	it.skipIf(!isRoot)(
		'answers a submission and a sign-in with 503, reports it in /healthz, and uses up no quota',
		async () => {
			// A real full disk: a small tmpfs (needs root, as in CI).
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-full-'));
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir]);
			mounts.push(dir);
			const databasePath = path.join(dir, 'hearth.db');
			const server = await start(databasePath);
			const db = openDatabase(databasePath);
			const { dialogueId, cookie } = staffFixture(db);
			db.$client.close();
			const call = (method: string, pathname: string, who: string, body?: unknown) =>
				fetch(`${server.baseUrl}${pathname}`, {
					method,
					headers: { cookie: who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
					body: body === undefined ? undefined : JSON.stringify(body)
				});

			const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, cookie);
			const { sessionId, joinCode } = (await opened.json()) as { sessionId: string; joinCode: string };
			const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
			const phone =
				joined.headers
					.getSetCookie()
					.find((c) => c.startsWith('hearth_participant_'))
					?.split(';')[0] ?? '';
			const overrides = { respect: 'In the room', relationship: 'On paper', responsibility: 'Checked' };
			for (let i = 0; i < 2; i++) {
				const moved = await call('POST', `/api/v1/sessions/${sessionId}/commands`, cookie, {
					type: 'phase.advance',
					from: i === 0 ? 'preparation' : 'opening',
					overrides
				});
				expect(moved.status).toBe(200);
			}
			const concern = (text: string) => ({ kind: 'concern', text, clientRequestId: randomUUID() });

			const filler = path.join(dir, 'filler');
			fillDisk(filler);
			expect(await health(server)).toMatchObject({ status: 503, body: { storage: 'full' } });
			for (let i = 0; i < 12; i++) {
				const refused = await call(
					'POST',
					`/api/v1/sessions/${sessionId}/contributions`,
					phone,
					concern(`Worry ${i}`)
				);
				expect(refused.status).toBe(503);
				expect(await refused.json()).toMatchObject({
					code: 'storageFull',
					detail: expect.stringMatching(/disk is full/)
				});
			}
			const signIn = await fetch(`${server.baseUrl}/login`, {
				method: 'POST',
				headers: {
					origin: server.baseUrl,
					'content-type': 'application/x-www-form-urlencoded',
					'x-sveltekit-action': 'true'
				},
				body: new URLSearchParams({ email: 'someone@example.org', password: 'a password of theirs' })
			});
			expect(signIn.status).toBe(503);
			// An enhanced form gets a failure it shows above the fields, with what was typed (never the password).
			const result = (await signIn.json()) as { type: string; status: number; data: string };
			expect(result).toMatchObject({ type: 'failure', status: 503 });
			expect(result.data).toMatch(/disk is full/);
			expect(result.data).toContain('someone@example.org');
			expect(result.data).not.toContain('a password of theirs');
			await until(() => /Storage problem: the disk holding .* is full/.test(server.output()), 'the log');

			// Space freed: the phone still has its whole quota of ten a minute. (The facilitator approves each one as
			// it comes: a phone may have only five waiting for moderation.)
			fs.rmSync(filler);
			expect(await health(server)).toMatchObject({ status: 200, body: { storage: 'ok' } });
			for (let i = 0; i < 10; i++) {
				const sent = await call(
					'POST',
					`/api/v1/sessions/${sessionId}/contributions`,
					phone,
					concern(`Worry ${i}`)
				);
				const body = await sent.text();
				expect(sent.status, body).toBe(201);
				const { id } = JSON.parse(body) as { id: string };
				const approved = await call('POST', `/api/v1/sessions/${sessionId}/commands`, cookie, {
					type: 'contribution.approve',
					contributionId: id
				});
				expect(approved.status).toBe(200);
			}
			const eleventh = await call(
				'POST',
				`/api/v1/sessions/${sessionId}/contributions`,
				phone,
				concern('11')
			);
			expect(eleventh.status).toBe(429);
		},
		60_000
	);

	it('a write SQLite refuses for lack of space is rolled back and does not count against the phone', () => {
		const fx = liveFixture({ minParticipants: 1 });
		try {
			const opened = openSession(fx);
			moveTo(fx, opened.sessionId, 'fearsAndStigma');
			const client = fx.db.$client;
			// No page beyond the ones the file has: SQLite answers SQLITE_FULL once they are used up.
			const phones = Array.from({ length: 200 }, () => joinPhone(fx, opened));
			client.pragma(`max_page_count = ${client.pragma('page_count', { simple: true }) as number}`);
			let failure: unknown = null;
			let phone = phones[0];
			let sentByPhone = 0;
			const text = 'A worry that takes some room on the page, '.repeat(8).slice(0, 300);
			for (let i = 0; i < 1000 && !failure && phone; i++) {
				if (sentByPhone === 5) {
					phone = phones[i / 5];
					sentByPhone = 0;
					if (!phone) break;
				}
				try {
					submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() });
					sentByPhone++;
				} catch (error) {
					failure = error;
				}
			}
			expect((failure as { code?: string } | null)?.code).toBe('SQLITE_FULL');
			if (!phone) throw new Error('no phone');
			client.pragma('max_page_count = 1000000');
			// Five sent, one refused by the disk: five more are within the limit of ten, the sixth is not. (Each is
			// approved as it comes: a phone may have only five waiting for moderation.)
			const approve = (id: string) => approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
			for (const { id } of fx.db.select({ id: contribution.id }).from(contribution).all()) approve(id);
			for (let i = 0; i < 10 - sentByPhone; i++) {
				approve(submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() }).id);
			}
			expect(() =>
				submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() })
			).toThrow(/quickly/);
		} finally {
			fx.close();
		}
	});
});
