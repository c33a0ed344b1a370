/**
 * The live session under strain, against the production build (`npx vite build` first) and its SQLite file, as
 * a hostile participant would try it: one phone cookie opening stream after stream (429 with Retry-After at the
 * cap, while the console's stream, `/healthz` and joining still work), a full session and a full process; the
 * facilitator closing the door (new phones refused in plain words, phones already in still take part, the
 * projector hides the code) and the participant cap; a flood of pending contributions (a per-phone limit, and
 * bulk hiding from the console); and wrong join codes from a hall's one address that never lock out the people
 * who know the right code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { auditLog } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';
import { startLiveApi, type LiveApi } from '../support/live-api';
import type { RunningServer } from '../support/server';

let api: LiveApi;
let server: RunningServer;
let db: Db;
let staffCookie: string;
let call: LiveApi['call'];
const streams: AbortController[] = [];

// Small caps, so that a test reaches them with a handful of streams; the per-phone cap is the default (3).
const SESSION_CAP = 7;
// Staff streams count towards the process (they hold files too) but are never refused.
const PROCESS_CAP = 11;

beforeAll(async () => {
	api = await startLiveApi({
		env: { STREAM_LIMIT_SESSION: String(SESSION_CAP), STREAM_LIMIT_PROCESS: String(PROCESS_CAP) }
	});
	({ server, db, staffCookie, call } = api);
}, 60_000);

afterAll(async () => {
	for (const stream of streams) stream.abort();
	await api?.stop();
});

async function command(sessionId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
	const response = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body);
	if (response.status !== 200) throw new Error(`${body.type}: ${response.status} ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}

interface Opened {
	sessionId: string;
	joinCode: string;
	projectorPath: string;
}

async function openSession(settings: Record<string, unknown> = {}): Promise<Opened> {
	const response = await call('POST', `/api/v1/dialogues/${api.addDialogue(settings)}/sessions`, staffCookie);
	expect(response.status).toBe(201);
	return (await response.json()) as Opened;
}

/** A phone joins; its participant cookie, or the refusal. */
async function join(code: string): Promise<{ response: Response; cookie: string }> {
	const response = await call('POST', '/api/v1/join', '', { code });
	const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('hearth_participant_')) ?? '';
	return { response, cookie: setCookie.split(';')[0] ?? '' };
}

async function phone(code: string): Promise<string> {
	const { response, cookie } = await join(code);
	expect(response.status).toBe(201);
	return cookie;
}

/** Opens an event stream and leaves it open (aborted at the end); returns the response. */
async function openStream(sessionId: string, cookie: string, query = ''): Promise<Response> {
	const controller = new AbortController();
	streams.push(controller);
	const response = await fetch(`${server.baseUrl}/api/v1/sessions/${sessionId}/events${query}`, {
		headers: { cookie },
		signal: controller.signal
	});
	return response;
}

async function expectProblem(
	response: Response,
	status: number,
	code: string
): Promise<Record<string, unknown>> {
	expect(response.status).toBe(status);
	expect(response.headers.get('content-type')).toBe('application/problem+json');
	const body = (await response.json()) as Record<string, unknown>;
	expect(body).toMatchObject({ status, code, detail: expect.any(String) });
	return body;
}

const REASONS = { respect: 'Agreed in the room', relationship: 'Done on paper', responsibility: 'Checked' };

async function moveToFears(sessionId: string): Promise<void> {
	await command(sessionId, { type: 'phase.advance', from: 'preparation', overrides: REASONS });
	await command(sessionId, { type: 'phase.advance', from: 'opening', overrides: REASONS });
}

const concern = (text: string) => ({ kind: 'concern', text, clientRequestId: randomUUID() });

describe('bounded streams', () => {
	it('refuses a phone cookie its fourth stream, a full session and a full process, never staff or /healthz', async () => {
		const { sessionId, joinCode, projectorPath } = await openSession();
		const cookie = await phone(joinCode);
		for (let i = 0; i < 3; i++) expect((await openStream(sessionId, cookie)).status).toBe(200);

		const refused = await openStream(sessionId, cookie);
		const body = await expectProblem(refused, 429, 'tooManyStreams');
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(body.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')));
		expect(body.detail).toMatch(/open in other tabs/);

		// The rest of the hall is not held back: the console, the health check and a new phone all work.
		expect((await openStream(sessionId, staffCookie)).status).toBe(200);
		expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
		const second = await phone(joinCode);
		expect((await openStream(sessionId, second)).status).toBe(200);

		// The projector, and more phones, up to the session's cap (staff do not count against it).
		const display = projectorPath.slice(projectorPath.indexOf('?'));
		expect((await openStream(sessionId, '', display)).status).toBe(200);
		expect((await openStream(sessionId, second)).status).toBe(200);
		expect((await openStream(sessionId, await phone(joinCode))).status).toBe(200);
		const full = await expectProblem(
			await openStream(sessionId, await phone(joinCode)),
			429,
			'tooManyStreams'
		);
		expect(full).toMatchObject({ limit: 'session', detail: expect.stringMatching(/very busy/) });
		expect((await openStream(sessionId, staffCookie)).status).toBe(200);

		// A second session fills what is left of the process: then it refuses too, and staff still get in.
		const other = await openSession();
		const otherPhone = await phone(other.joinCode);
		expect((await openStream(other.sessionId, otherPhone)).status).toBe(200);
		expect((await openStream(other.sessionId, otherPhone)).status).toBe(200);
		const processFull = await openStream(other.sessionId, await phone(other.joinCode));
		expect(await expectProblem(processFull, 429, 'tooManyStreams')).toMatchObject({ limit: 'process' });
		expect((await openStream(other.sessionId, staffCookie)).status).toBe(200);
		expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
		expect(server.output()).toMatch(/room for \d+ phone and projector streams/);

		// Streams that end make room again.
		for (const stream of streams.splice(0)) stream.abort();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await openStream(sessionId, cookie)).status).toBe(200);
		for (const stream of streams.splice(0)) stream.abort();
		await new Promise((resolve) => setTimeout(resolve, 300));
	});
});

describe('the door and the participant cap', () => {
	it('closes the door on new phones while phones already in take part, and the projector hides the code', async () => {
		const { sessionId, joinCode, projectorPath } = await openSession();
		const inside = await phone(joinCode);
		await moveToFears(sessionId);

		await command(sessionId, { type: 'door.close' });
		const refused = await expectProblem((await join(joinCode)).response, 403, 'doorClosed');
		expect(refused.detail).toMatch(/door is closed/);
		// The phone already in still sends, and joining again with its cookie (a reload) keeps it in.
		const sent = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, inside, concern('Mine'));
		expect(sent.status).toBe(201);
		const again = await call('POST', '/api/v1/join', inside, { code: joinCode });
		expect(again.status).toBe(200);

		const projector = (await (
			await fetch(
				`${server.baseUrl}/api/v1/sessions/${sessionId}${projectorPath.slice(projectorPath.indexOf('?'))}`
			)
		).json()) as { join: unknown; controls: { doorOpen: boolean } };
		expect(projector.join).toBeNull();
		expect(projector.controls.doorOpen).toBe(false);
		const consoleView = (await (await call('GET', `/api/v1/sessions/${sessionId}`, staffCookie)).json()) as {
			join: { code: string };
		};
		expect(consoleView.join.code).toBe(joinCode);

		await command(sessionId, { type: 'door.open' });
		expect((await join(joinCode)).response.status).toBe(201);
		const opened = (await (
			await fetch(
				`${server.baseUrl}/api/v1/sessions/${sessionId}${projectorPath.slice(projectorPath.indexOf('?'))}`
			)
		).json()) as { join: { code: string } | null };
		expect(opened.join?.code).toBe(joinCode);
		const audit = db
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.targetId, sessionId))
			.all()
			.map((a) => a.action)
			.filter((action) => action.startsWith('session.door.'));
		expect(audit).toEqual(['session.door.close', 'session.door.open']);
	});

	it('takes in no more phones than the dialogue allows', async () => {
		const { joinCode } = await openSession({ participantCap: 2 });
		await phone(joinCode);
		await phone(joinCode);
		const full = await expectProblem((await join(joinCode)).response, 403, 'sessionFull');
		expect(full).toMatchObject({ limit: 2, detail: expect.stringContaining('2 phones') });
	});
});

describe('a flood of pending contributions', () => {
	it('holds a phone to five unread, and the console hides several, and everything flagged, at once', async () => {
		const { sessionId, joinCode } = await openSession();
		const flooder = await phone(joinCode);
		await moveToFears(sessionId);
		const ids: string[] = [];
		const texts = [
			'One',
			'Two',
			'His name is Jan and he lives at Kerkstraat 12',
			'Someone should kill him',
			'Five'
		];
		for (const text of texts) {
			const res = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, flooder, concern(text));
			expect(res.status).toBe(201);
			ids.push(((await res.json()) as { id: string }).id);
		}
		const held = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, flooder, concern('Six'));
		const problem = await expectProblem(held, 429, 'tooManyPending');
		expect(problem.detail).toMatch(/waiting for a facilitator/);
		expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);

		expect((await command(sessionId, { type: 'contributions.hideFlagged' })).result).toEqual({ hidden: 2 });
		expect(
			(await command(sessionId, { type: 'contributions.hide', contributionIds: [ids[0], ids[1]] })).result
		).toEqual({ hidden: 2 });
		const view = (await (await call('GET', `/api/v1/sessions/${sessionId}`, staffCookie)).json()) as {
			moderationQueue: { id: string }[];
		};
		expect(view.moderationQueue.map((item) => item.id)).toEqual([ids[4]]);
		// Read: the phone may send again.
		const after = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, flooder, concern('Six'));
		expect(after.status).toBe(201);
		// Phones cannot use the console's bulk commands.
		const forged = await call('POST', `/api/v1/sessions/${sessionId}/commands`, flooder, {
			type: 'contributions.hideFlagged'
		});
		expect(forged.status).toBe(401);
	});
});

describe('wrong join codes from one address', () => {
	it('are limited, and never keep out someone from that address who knows the code', async () => {
		const { joinCode } = await openSession();
		for (let i = 0; i < 20; i++) {
			expect((await join('QQQQQQ')).response.status).toBe(404);
		}
		const limited = (await join('QQQQQQ')).response;
		await expectProblem(limited, 429, 'tooManyJoinAttempts');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		// The hall shares this address: the right code still lets people in.
		expect((await join(joinCode)).response.status).toBe(201);
		expect((await join(joinCode.toLowerCase())).response.status).toBe(201);
	});
});
