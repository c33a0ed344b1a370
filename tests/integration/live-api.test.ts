/**
 * The live JSON API and its event stream against the production build (`npx vite build` first): a phone joins,
 * submits (and retries), a facilitator approves, the phone's stream gets the approval once; a reconnect with
 * Last-Event-ID gets exactly what was missed; and after a server restart on the same database the stream
 * resumes from Last-Event-ID with nothing lost or duplicated.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession as createStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { openDatabase, type Db } from '$lib/server/db';
import { dialogue, dialogueFacilitator, organisation, staffUser } from '$lib/server/db/schema';
import { FrameReader, loggedEvents, type Frame } from '$lib/server/live/test-support';
import { readEvents } from '$lib/server/sessions/service';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let db: Db;
let staffCookie: string;
let dialogueId: string;
const streams: AbortController[] = [];

beforeAll(async () => {
	server = await startServer();
	// The server applied the migrations; the test writes its fixtures into the same file (WAL allows both).
	db = openDatabase(server.databasePath);
	const now = Date.now();
	const organisationId = randomUUID();
	const userId = randomUUID();
	dialogueId = randomUUID();
	db.insert(organisation).values({ id: organisationId, name: 'Probation', createdAt: now }).run();
	db.insert(staffUser)
		.values({
			id: userId,
			organisationId,
			email: `${userId}@example.org`,
			name: 'Facilitator',
			role: 'facilitator',
			createdAt: now
		})
		.run();
	db.insert(dialogue)
		.values({ id: dialogueId, organisationId, codename: 'Oak', createdAt: now, updatedAt: now })
		.run();
	db.insert(dialogueFacilitator).values({ dialogueId, userId, role: 'lead', assignedAt: now }).run();
	staffCookie = `${SESSION_COOKIE}=${createStaffSession(db, userId, now).token}`;
}, 60_000);

afterAll(async () => {
	for (const stream of streams) stream.abort();
	await server?.stop();
	db?.$client.close();
});

async function call(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function command(sessionId: string, body: Record<string, unknown>): Promise<Response> {
	const response = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body);
	if (response.status !== 200) throw new Error(`${body.type}: ${response.status} ${await response.text()}`);
	return response;
}

/** Opens the phone's event stream, optionally resuming after `lastEventId`. */
async function openStream(sessionId: string, cookie: string, lastEventId?: number): Promise<FrameReader> {
	const controller = new AbortController();
	streams.push(controller);
	const response = await fetch(`${server.baseUrl}/api/v1/sessions/${sessionId}/events`, {
		headers: { cookie, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
		signal: controller.signal
	});
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
	if (!response.body) throw new Error('no body');
	const reader = new FrameReader(response.body);
	const retry = await reader.next(5000);
	expect(retry?.retry).toBeGreaterThanOrEqual(2000);
	const snapshot = await reader.next(5000);
	expect(snapshot?.data).toMatchObject({ type: 'snapshot', view: { role: 'participant' } });
	return reader;
}

/** Logged events that arrive until the stream is quiet. */
async function received(
	reader: FrameReader,
	quietMs = 400
): Promise<{ seq: number; type: string; data: unknown }[]> {
	const frames: Frame[] = await reader.drain(quietMs);
	return loggedEvents(frames);
}

const everyoneSees = (sessionId: string, afterSeq: number) =>
	readEvents(db, sessionId, afterSeq)
		.filter((e) => e.audience === 'all')
		.map((e) => [e.seq, e.type]);

describe('the live API on the production server', () => {
	it('joins, submits once, streams the approval once, replays what was missed and survives a restart', async () => {
		const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, staffCookie);
		expect(opened.status).toBe(201);
		const { sessionId, joinCode, projectorPath } = (await opened.json()) as {
			sessionId: string;
			joinCode: string;
			projectorPath: string;
		};
		expect(projectorPath).toContain(`/projector/${sessionId}?display=`);

		// A phone joins: 201 and an HttpOnly participant cookie.
		const joined = await call('POST', '/api/v1/join', '', { code: joinCode.toLowerCase() });
		expect(joined.status).toBe(201);
		// With the phone's first view, as its stream's first snapshot would hold it: a phone's, not a console's.
		const joinedBody = (await joined.json()) as { sessionId: string; view: Record<string, unknown> };
		expect(joinedBody).toEqual({
			sessionId,
			view: expect.objectContaining({ role: 'participant', sessionId, phase: 'preparation' })
		});
		expect(Object.keys(joinedBody.view)).not.toContain('moderationQueue');
		const setCookie = joined.headers.getSetCookie().find((c) => c.startsWith('hearth_participant_')) ?? '';
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		const phoneCookie = setCookie.split(';')[0] ?? '';
		// Exactly the view this phone's own cookie is answered with (GET …/sessions/{id}), apart from the clock: the
		// join shows nothing that the phone's view, with its privacy rules and small-group limits, does not.
		const ownView = await call('GET', `/api/v1/sessions/${sessionId}`, phoneCookie);
		expect(ownView.status).toBe(200);
		const withoutClock = (view: Record<string, unknown>) => ({ ...view, serverNow: 0 });
		expect(withoutClock(joinedBody.view)).toEqual(
			withoutClock((await ownView.json()) as Record<string, unknown>)
		);

		const unknown = await call('POST', '/api/v1/join', '', { code: 'QQQQQQ' });
		expect(unknown.status).toBe(404);
		expect(unknown.headers.get('content-type')).toBe('application/problem+json');
		expect(await unknown.json()).toMatchObject({
			status: 404,
			code: 'joinCodeUnknown',
			detail: expect.any(String)
		});

		// Into fears and stigma, passing the unmet values with written reasons.
		const reasons = {
			respect: 'Agreed in the room',
			relationship: 'Done on paper',
			responsibility: 'Checked'
		};
		const refused = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, {
			type: 'phase.advance',
			from: 'preparation'
		});
		expect(refused.status).toBe(409);
		expect(await refused.json()).toMatchObject({ code: 'valuesUnmet', unmet: expect.any(Array) });
		await command(sessionId, { type: 'phase.advance', from: 'preparation', overrides: reasons });
		await command(sessionId, { type: 'phase.advance', from: 'opening', overrides: reasons });

		const stream = await openStream(sessionId, phoneCookie);

		const concern = {
			kind: 'concern',
			text: 'I worry about the walk to school',
			clientRequestId: randomUUID()
		};
		const first = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, phoneCookie, concern);
		const retry = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, phoneCookie, concern);
		expect(first.status).toBe(201);
		expect(retry.status).toBe(200);
		const { id } = (await first.json()) as { id: string };
		expect(await retry.json()).toEqual({ id });
		const proposal = { kind: 'proposal', text: 'Not now', clientRequestId: randomUUID() };
		const wrongPhase = await call(
			'POST',
			`/api/v1/sessions/${sessionId}/contributions`,
			phoneCookie,
			proposal
		);
		expect(wrongPhase.status).toBe(409);

		// The phone sees nothing of its pending submission, then the approval once.
		expect(await received(stream)).toEqual([]);
		await command(sessionId, { type: 'contribution.approve', contributionId: id });
		const approval = await received(stream);
		expect(approval).toEqual([
			expect.objectContaining({ type: 'contribution.approved', data: expect.objectContaining({ id }) })
		]);
		const seen = approval.at(-1)?.seq ?? 0;
		streams.at(-1)?.abort();

		// While the phone is away: new submissions (staff only) and approvals.
		const more: string[] = [];
		for (const text of ['Who keeps an eye on the park?', 'What does the school know?']) {
			const res = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, phoneCookie, {
				kind: 'concern',
				text,
				clientRequestId: randomUUID()
			});
			more.push(((await res.json()) as { id: string }).id);
		}
		for (const contributionId of more)
			await command(sessionId, { type: 'contribution.approve', contributionId });

		const resumed = await openStream(sessionId, phoneCookie, seen);
		const replayed = await received(resumed);
		expect(replayed.map((e) => [e.seq, e.type])).toEqual(everyoneSees(sessionId, seen));
		expect(replayed.map((e) => (e.data as { id: string }).id)).toEqual(more);
		const beforeRestart = replayed.at(-1)?.seq ?? seen;

		// The server restarts: the open stream ends at once (not after the shutdown timeout).
		const stoppedAt = Date.now();
		await server.stop();
		expect(Date.now() - stoppedAt).toBeLessThan(5000);
		await resumed.drain(200);
		expect(resumed.done).toBe(true);
		server = await startServer({ databasePath: server.databasePath });

		// Something happens before the phone is back; then it reconnects with its last id.
		const late = await call('POST', `/api/v1/sessions/${sessionId}/contributions`, phoneCookie, {
			kind: 'concern',
			text: 'And after the restart?',
			clientRequestId: randomUUID()
		});
		const lateId = ((await late.json()) as { id: string }).id;
		await command(sessionId, { type: 'contribution.approve', contributionId: lateId });
		const back = await openStream(sessionId, phoneCookie, beforeRestart);
		const afterRestart = await received(back);
		expect(afterRestart.map((e) => [e.seq, e.type])).toEqual(everyoneSees(sessionId, beforeRestart));
		expect(afterRestart.map((e) => (e.data as { id: string }).id)).toEqual([lateId]);

		// And it carries on live, each event once.
		await command(sessionId, { type: 'contribution.hide', contributionId: id });
		const live = await received(back);
		expect(live).toEqual([expect.objectContaining({ type: 'contribution.hidden', data: { id } })]);
		const all = [...approval, ...replayed, ...afterRestart, ...live].map((e) => e.seq);
		expect(new Set(all).size).toBe(all.length);
	}, 90_000);
});
