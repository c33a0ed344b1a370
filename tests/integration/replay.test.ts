/**
 * Issue 9.1: a stream never carries what moderation took back. Against the production build (`npx vite build`
 * first) and its SQLite file: a concern is approved, redacted, then hidden, another hidden, a theme renamed;
 * then a new phone and the projector replay from 0 and from every id in between, and again after a restart.
 * None of them ever receives a removed word. Text approved during a pause reaches them only after the resume.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FrameReader, loggedEvents, type Frame } from '$lib/server/live/test-support';
import { startLiveApi, type LiveApi } from '../support/live-api';
import type { RunningServer } from '../support/server';

let api: LiveApi;
let server: RunningServer;
let staffCookie: string;
let call: LiveApi['call'];
const streams: AbortController[] = [];

beforeAll(async () => {
	api = await startLiveApi();
	({ server, staffCookie, call } = api);
}, 60_000);

afterEach(() => {
	for (const stream of streams.splice(0)) stream.abort();
});

afterAll(async () => {
	await api?.stop();
});

async function command(
	sessionId: string,
	body: Record<string, unknown>
): Promise<{ lastSeq: number; result?: Record<string, string> }> {
	const response = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body);
	if (response.status !== 200) throw new Error(`${body.type}: ${response.status} ${await response.text()}`);
	return (await response.json()) as { lastSeq: number; result?: Record<string, string> };
}

const reasons = { respect: 'Agreed in the room', relationship: 'Done on paper', responsibility: 'Checked' };

interface Live {
	sessionId: string;
	phoneCookie: string;
	display: string;
}

/** A session (of a dialogue of its own) in fears and stigma, with one phone joined. */
async function liveSession(): Promise<Live> {
	const dialogueId = api.addDialogue();
	const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, staffCookie);
	const { sessionId, joinCode, projectorPath } = (await opened.json()) as {
		sessionId: string;
		joinCode: string;
		projectorPath: string;
	};
	const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
	expect(joined.status).toBe(201);
	const phoneCookie =
		joined.headers
			.getSetCookie()
			.find((c) => c.startsWith('hearth_participant_'))
			?.split(';')[0] ?? '';
	await command(sessionId, { type: 'phase.advance', from: 'preparation', overrides: reasons });
	await command(sessionId, { type: 'phase.advance', from: 'opening', overrides: reasons });
	const display = new URL(projectorPath, server.baseUrl).searchParams.get('display') ?? '';
	return { sessionId, phoneCookie, display };
}

async function submit(live: Live, text: string): Promise<string> {
	const response = await call('POST', `/api/v1/sessions/${live.sessionId}/contributions`, live.phoneCookie, {
		kind: 'concern',
		text,
		clientRequestId: randomUUID()
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { id: string }).id;
}

type Viewer = 'phone' | 'projector';

/** Opens a stream as a phone (its cookie) or the projector (its link's token), from `lastEventId` if given. */
async function openStream(live: Live, viewer: Viewer, lastEventId?: number): Promise<FrameReader> {
	const controller = new AbortController();
	streams.push(controller);
	const query = new URLSearchParams();
	if (viewer === 'projector') query.set('display', live.display);
	if (lastEventId !== undefined) query.set('lastEventId', String(lastEventId));
	const response = await fetch(`${server.baseUrl}/api/v1/sessions/${live.sessionId}/events?${query}`, {
		headers: viewer === 'phone' ? { cookie: live.phoneCookie } : {},
		signal: controller.signal
	});
	expect(response.status).toBe(200);
	if (!response.body) throw new Error('no body');
	return new FrameReader(response.body);
}

/** Everything one stream received (snapshot and events) until it went quiet, as the text it was sent. */
async function everythingSent(
	live: Live,
	viewer: Viewer,
	lastEventId?: number
): Promise<{ raw: string; frames: Frame[] }> {
	const reader = await openStream(live, viewer, lastEventId);
	const frames = await reader.drain(250);
	await reader.cancel().catch(() => undefined);
	return { raw: JSON.stringify(frames), frames };
}

const REMOVED = ['Jan de Vries', 'Kerkstraat', 'burn their house', 'Kerkstraat worries'];
const KEPT = ['[a neighbour] scares me'];

async function replayEverywhere(live: Live, lastSeq: number): Promise<void> {
	for (const viewer of ['phone', 'projector'] as const) {
		for (const from of [undefined, ...Array.from({ length: lastSeq + 1 }, (_, i) => i)]) {
			const { raw } = await everythingSent(live, viewer, from);
			for (const word of REMOVED)
				expect(raw, `${viewer} from ${from ?? 'a first connect'}`).not.toContain(word);
			for (const word of KEPT) expect(raw, `${viewer} from ${from ?? 'a first connect'}`).toContain(word);
		}
	}
}

describe('replay applies moderation', () => {
	it('never hands a phone or the projector a redacted, hidden or renamed text, from any id, also after a restart', async () => {
		const live = await liveSession();
		const named = await submit(live, 'Jan de Vries from the Kerkstraat scares me');
		const threat = await submit(live, 'Somebody should burn their house');
		const calm = await submit(live, 'I hope the school knows');
		await command(live.sessionId, { type: 'contribution.approve', contributionId: named });
		await command(live.sessionId, { type: 'contribution.approve', contributionId: threat });
		await command(live.sessionId, { type: 'contribution.approve', contributionId: calm });
		const { result } = await command(live.sessionId, {
			type: 'theme.create',
			title: 'Kerkstraat worries',
			contributionIds: [named, calm]
		});
		const themeId = result?.themeId ?? '';
		// A phone that was connected the whole time sees the moderation happen live.
		const watching = await openStream(live, 'phone');
		await watching.drain(200);
		await command(live.sessionId, {
			type: 'contribution.redact',
			contributionId: named,
			text: '[a neighbour] scares me',
			note: 'A name and a street'
		});
		await command(live.sessionId, { type: 'theme.rename', themeId, title: 'Feeling safe at home' });
		await command(live.sessionId, { type: 'contribution.hide', contributionId: threat, note: 'A threat' });
		const { lastSeq } = await command(live.sessionId, {
			type: 'theme.answer',
			themeId,
			note: 'The street has a contact person'
		});
		const seenLive = loggedEvents(await watching.drain(300));
		expect(seenLive.map((e) => e.type)).toEqual([
			'contribution.approved',
			'theme.updated',
			'contribution.hidden',
			'theme.updated'
		]);
		expect(seenLive[0]?.data).toMatchObject({ id: named, text: '[a neighbour] scares me', redacted: true });

		// The logged payloads still hold what was written (the log is history); the streams must not.
		const replayed = loggedEvents((await everythingSent(live, 'phone', 0)).frames);
		expect(
			replayed.find((e) => e.type === 'contribution.approved' && (e.data as { id: string }).id === threat)
		).toBeUndefined();
		expect(replayed.filter((e) => e.type === 'contribution.hidden').map((e) => e.data)).toEqual([
			{ id: threat },
			{ id: threat }
		]);
		await replayEverywhere(live, lastSeq);

		server = await api.restart();
		await replayEverywhere(live, lastSeq);
	}, 120_000);

	it('gives phones and the projector what was approved during a pause only once it resumes', async () => {
		const live = await liveSession();
		const waiting = await submit(live, 'The bus stop is dark at night');
		const phone = await openStream(live, 'phone');
		const projector = await openStream(live, 'projector');
		await phone.drain(200);
		await projector.drain(200);
		await command(live.sessionId, { type: 'session.pause' });
		const { lastSeq } = await command(live.sessionId, {
			type: 'contribution.approve',
			contributionId: waiting
		});

		const during = [JSON.stringify(await phone.drain(300)), JSON.stringify(await projector.drain(300))];
		for (const viewer of ['phone', 'projector'] as const) {
			for (const from of [undefined, 0, lastSeq - 1])
				during.push((await everythingSent(live, viewer, from)).raw);
		}
		for (const raw of during) expect(raw).not.toContain('bus stop');

		await command(live.sessionId, { type: 'session.resume' });
		const resumed = loggedEvents(await phone.drain(300));
		expect(resumed).toEqual([
			expect.objectContaining({
				type: 'session.resume',
				data: expect.objectContaining({
					to: 'fearsAndStigma',
					board: expect.objectContaining({
						wall: expect.objectContaining({
							unthemed: [{ id: waiting, text: 'The bus stop is dark at night', redacted: false }]
						})
					})
				})
			})
		]);
		expect(JSON.stringify(await projector.drain(300))).toContain('The bus stop is dark at night');
		expect((await everythingSent(live, 'phone', 0)).raw).toContain('The bus stop is dark at night');
	}, 60_000);
});
