/**
 * Observers (issue 11, the outer circle): the watch link `/s/{code}/watch` follows the wall's content without
 * taking part. Over HTTP against the production build: the page sets no cookie and stores nothing; the stream and
 * the view with `?watch={code}` are the projector's and no more; a wrong code is refused; an observer cannot send
 * anything; observers are counted apart from the phones, and capped per session.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participant } from '$lib/server/db/schema';
import { FrameReader } from '$lib/server/live/test-support';
import { startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;
const streams: AbortController[] = [];

beforeAll(async () => {
	api = await startLiveApi({ env: { STREAM_LIMIT_OBSERVERS: '2' } });
}, 60_000);

afterAll(async () => {
	for (const stream of streams) stream.abort();
	await api?.stop();
});

/** Opens an observer's event stream; returns its status and, when open, the first snapshot's view. */
async function watch(sessionId: string, code: string): Promise<{ status: number; view?: unknown }> {
	const controller = new AbortController();
	streams.push(controller);
	const response = await fetch(
		`${api.server.baseUrl}/api/v1/sessions/${sessionId}/events?watch=${encodeURIComponent(code)}`,
		{ signal: controller.signal }
	);
	if (response.status !== 200 || !response.body) {
		controller.abort();
		return { status: response.status };
	}
	const reader = new FrameReader(response.body);
	await reader.next(5000); // retry
	const snapshot = (await reader.next(5000))?.data as { type: string; view: unknown };
	expect(snapshot.type).toBe('snapshot');
	return { status: 200, view: snapshot.view };
}

const participants = (sessionId: string) =>
	api.db.select({ n: count() }).from(participant).where(eq(participant.sessionId, sessionId)).get()?.n;

describe('the watch link', () => {
	it('opens a page that sets no cookie and stores nothing; a wrong code gets the plain error page', async () => {
		const { sessionId, joinCode } = await api.open();
		const page = await fetch(`${api.server.baseUrl}/s/${joinCode}/watch`);
		expect(page.status).toBe(200);
		expect(page.headers.get('set-cookie')).toBeNull();
		expect(await page.text()).toContain('You are following the meeting');
		expect(participants(sessionId)).toBe(0);

		const wrong = await fetch(`${api.server.baseUrl}/s/ZZZZZZ/watch`, { headers: { accept: 'text/html' } });
		expect(wrong.status).toBe(404);
		expect(await wrong.text()).toContain('<html');
	});

	it('shows the projector’s view and no more, and refuses a wrong code', async () => {
		const { sessionId, joinCode, projectorPath } = await api.open();
		const asObserver = await api.call('GET', `/api/v1/sessions/${sessionId}?watch=${joinCode}`, '');
		expect(asObserver.status).toBe(200);
		const observed = (await asObserver.json()) as Record<string, unknown>;
		const display = new URL(projectorPath, 'http://x').searchParams.get('display') ?? '';
		const asProjector = await api.call('GET', `/api/v1/sessions/${sessionId}?display=${display}`, '');
		const projected = (await asProjector.json()) as Record<string, unknown>;
		expect(observed.role).toBe('display');
		expect(Object.keys(observed).sort()).toEqual(Object.keys(projected).sort());
		// Nothing of the console: no moderation queue, no presence, no values check with reasons.
		for (const key of ['moderation', 'participants', 'hidden', 'addresses'])
			expect(observed).not.toHaveProperty(key);
		// A signed-in facilitator asking as an observer gets the observer's view too, not the console's.
		const staffAsObserver = await api.call(
			'GET',
			`/api/v1/sessions/${sessionId}?watch=${joinCode}`,
			api.staffCookie
		);
		expect(((await staffAsObserver.json()) as { role: string }).role).toBe('display');

		const other = await api.open();
		for (const code of ['AAAAAA', other.joinCode, '']) {
			const refused = await api.call('GET', `/api/v1/sessions/${sessionId}?watch=${code}`, '');
			expect(refused.status, code).toBe(404);
			expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
			expect((await watch(sessionId, code)).status, code).toBe(404);
		}
	});

	it('lets an observer send nothing: no contribution, no answer, no support', async () => {
		const { sessionId, joinCode } = await api.open();
		await api.command(sessionId, { type: 'phase.advance', from: 'preparation', overrides: {} });
		const base = `/api/v1/sessions/${sessionId}`;
		for (const [path, body] of [
			[`${base}/contributions?watch=${joinCode}`, { kind: 'concern', text: 'I am only watching.' }],
			[`${base}/responses?watch=${joinCode}`, { prompt: 'groundRules.affirm', value: 'agree' }],
			[`${base}/pause-request?watch=${joinCode}`, {}]
		] as const) {
			const sent = await api.call('POST', path, '', body);
			expect(sent.status, path).toBe(401);
		}
		expect(participants(sessionId)).toBe(0);
	});

	it('counts observers apart from the phones, and caps them per session', async () => {
		const { sessionId, joinCode } = await api.open();
		const first = await watch(sessionId, joinCode);
		expect(first.status).toBe(200);
		expect(first.view).toMatchObject({ role: 'display' });
		expect((await watch(sessionId, joinCode.toLowerCase())).status).toBe(200);
		// The cap of this server is two: a third is refused with a 429 and Retry-After, as phones over theirs are.
		const third = await fetch(`${api.server.baseUrl}/api/v1/sessions/${sessionId}/events?watch=${joinCode}`);
		expect(third.status).toBe(429);
		expect(third.headers.get('retry-after')).toBeTruthy();

		const console = (await (
			await api.call('GET', `/api/v1/sessions/${sessionId}`, api.staffCookie)
		).json()) as {
			participants: { joined: number | null; connected: Record<string, unknown> };
		};
		expect(console.participants.connected.observer).toBe(2);
		expect(console.participants.connected.display).toBe(0);
		expect(console.participants.joined).toBe(0);
		expect(participants(sessionId)).toBe(0);
	});
});
