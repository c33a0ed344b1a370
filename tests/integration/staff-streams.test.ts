/**
 * Ending a staff member's access ends their open event streams, on the production build (`npx vite build`
 * first) with a real database file: sign-out, the account switched off, the role changed and a password reset
 * each close the console's stream within seconds, and no pending (staff-only) contribution reaches it after.
 * A stream whose sign-in runs out (the absolute lifetime) ends at the next check too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePasswordReset } from '$lib/server/auth/accounts';
import { createSession as createStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { openDatabase, type Db } from '$lib/server/db';
import { dialogue, dialogueFacilitator, organisation, staffUser } from '$lib/server/db/schema';
import type { StaffRole } from '$lib/server/db/schema';
import type { StaffPrincipal } from '$lib/server/auth/principal';
import { FrameReader, loggedEvents } from '$lib/server/live/test-support';
import { startServer, type RunningServer } from '../support/server';

const PASSWORD = 'a calm warm hearth by the river';
const REASONS = { respect: 'Agreed in the room', relationship: 'Done on paper', responsibility: 'Checked' };

let server: RunningServer;
let db: Db;
let organisationId: string;
let dialogueId: string;
let organiser: StaffPrincipal;
let organiserCookie: string;
let sessionId: string;
let joinCode: string;
const streams: AbortController[] = [];

function addStaff(role: StaffRole): StaffPrincipal {
	const id = randomUUID();
	const principal = { id, organisationId, role, email: `${id}@example.org`, name: `Staff ${role}` };
	// A password hash that is never checked here: these people are signed in by a session made directly.
	db.insert(staffUser)
		.values({ ...principal, passwordHash: '$argon2id$placeholder', createdAt: Date.now() })
		.run();
	if (role === 'facilitator')
		db.insert(dialogueFacilitator)
			.values({ dialogueId, userId: id, role: 'co', assignedAt: Date.now() })
			.run();
	return principal;
}

function cookieOf(userId: string): string {
	return `${SESSION_COOKIE}=${createStaffSession(db, userId).token}`;
}

async function call(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

/** A plain form post, as a browser without JavaScript sends it (the origin check stays on). */
async function form(path: string, cookie: string, fields: Record<string, string>): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, {
		method: 'POST',
		headers: { cookie, origin: server.baseUrl, accept: 'text/html' },
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
}

/** Opens a staff stream and reads past its retry line and snapshot. */
async function openStaffStream(cookie: string): Promise<FrameReader> {
	const controller = new AbortController();
	streams.push(controller);
	const response = await fetch(`${server.baseUrl}/api/v1/sessions/${sessionId}/events`, {
		headers: { cookie },
		signal: controller.signal
	});
	expect(response.status).toBe(200);
	if (!response.body) throw new Error('no body');
	const reader = new FrameReader(response.body);
	expect((await reader.next(5000))?.retry).toBeGreaterThanOrEqual(2000);
	expect((await reader.next(5000))?.data).toMatchObject({ type: 'snapshot', view: { role: 'staff' } });
	return reader;
}

/** A phone joins (a new one each time: one phone may have only five contributions waiting for moderation). */
async function joinPhone(): Promise<string> {
	const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
	expect(joined.status).toBe(201);
	const cookie =
		joined.headers
			.getSetCookie()
			.find((c) => c.startsWith('hearth_participant_'))
			?.split(';')[0] ?? '';
	expect(cookie).not.toBe('');
	return cookie;
}

async function submit(text: string): Promise<string> {
	const response = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, await joinPhone(), {
		kind: 'concern',
		text,
		clientRequestId: randomUUID()
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { id: string }).id;
}

/** Reads until the stream ends or `ms` pass; what logged events came and whether it ended. */
async function readUntilEnd(reader: FrameReader, ms: number) {
	const deadline = Date.now() + ms;
	const frames = [];
	while (!reader.done && Date.now() < deadline) {
		const frame = await reader.next(Math.max(1, deadline - Date.now()));
		if (frame) frames.push(frame);
	}
	return { ended: reader.done, events: loggedEvents(frames) };
}

/**
 * The console's stream gets a pending contribution (what the ending must stop); `end` happens; the stream ends
 * within 3 seconds; a contribution sent afterwards never reaches it.
 */
async function expectStreamEndsWith(cookie: string, end: () => Promise<void>) {
	const reader = await openStaffStream(cookie);
	const before = await submit(`Before ${randomUUID()}`);
	const received = await readUntilEnd(reader, 300);
	// (Each submission comes from a phone that joins for it; the fifth join also tells staff how many joined.)
	expect(received.events.filter((e) => e.type !== 'participant.joined')).toEqual([
		expect.objectContaining({ type: 'contribution.submitted', data: expect.objectContaining({ id: before }) })
	]);

	await end();
	const afterEnd = await readUntilEnd(reader, 3000);
	expect(afterEnd.ended).toBe(true);
	await submit(`After ${randomUUID()}`);
	expect(afterEnd.events.filter((e) => e.type === 'contribution.submitted')).toEqual([]);
	expect(await reader.next(300)).toBeNull();
}

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	const now = Date.now();
	organisationId = randomUUID();
	dialogueId = randomUUID();
	db.insert(organisation).values({ id: organisationId, name: 'Probation', createdAt: now }).run();
	db.insert(dialogue)
		.values({ id: dialogueId, organisationId, codename: 'Oak', createdAt: now, updatedAt: now })
		.run();
	organiser = addStaff('organiser');
	organiserCookie = cookieOf(organiser.id);
	const lead = addStaff('facilitator');
	const leadCookie = cookieOf(lead.id);

	const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, leadCookie);
	expect(opened.status).toBe(201);
	const body = (await opened.json()) as { sessionId: string; joinCode: string };
	sessionId = body.sessionId;
	for (let i = 0; i < 2; i++) {
		const advanced = await call('POST', `/api/v1/sessions/${sessionId}/commands`, leadCookie, {
			type: 'phase.advance',
			from: i === 0 ? 'preparation' : 'opening',
			overrides: REASONS
		});
		expect(advanced.status).toBe(200);
	}
	joinCode = body.joinCode;
}, 60_000);

afterAll(async () => {
	for (const stream of streams) stream.abort();
	await server?.stop();
	db?.$client.close();
});

describe('ending a staff member’s access ends their open event streams', () => {
	it('on sign-out; the stream cannot be opened again with that cookie', async () => {
		const facilitator = addStaff('facilitator');
		const cookie = cookieOf(facilitator.id);
		await expectStreamEndsWith(cookie, async () => {
			expect((await form('/logout', cookie, {})).status).toBe(303);
		});
		const again = await call('GET', `/api/v1/sessions/${sessionId}/events`, cookie);
		expect(again.status).toBe(401);
	});

	it('when an organiser switches the account off, on every open stream of that person', async () => {
		const facilitator = addStaff('facilitator');
		const laptop = cookieOf(facilitator.id);
		const second = await openStaffStream(cookieOf(facilitator.id));
		await expectStreamEndsWith(laptop, async () => {
			const res = await form('/organisation/members?/disable', organiserCookie, { memberId: facilitator.id });
			expect(res.status).toBe(303);
		});
		expect((await readUntilEnd(second, 1000)).ended).toBe(true);
		expect((await call('GET', `/api/v1/sessions/${sessionId}/events`, laptop)).status).toBe(401);
	});

	it('when the role changes (the console reconnects under the new role)', async () => {
		const facilitator = addStaff('facilitator');
		const cookie = cookieOf(facilitator.id);
		await expectStreamEndsWith(cookie, async () => {
			const res = await form('/organisation/members?/role', organiserCookie, {
				memberId: facilitator.id,
				role: 'organiser'
			});
			expect(res.status).toBe(303);
		});
	});

	it('when the password is reset through a link; the old sign-in is refused', async () => {
		const facilitator = addStaff('facilitator');
		const cookie = cookieOf(facilitator.id);
		const link = issuePasswordReset(db, organiser, facilitator.id);
		await expectStreamEndsWith(cookie, async () => {
			const res = await form(`/reset/${link.token}`, '', { password: PASSWORD, confirm: PASSWORD });
			expect(res.status).toBe(303);
		});
		expect((await call('GET', `/api/v1/sessions/${sessionId}/events`, cookie)).status).toBe(401);
	});
});
