/**
 * The console's care over HTTP (issue 13): a theme name that reads like another theme's is refused as an RFC 9457
 * problem with a field message on `title`, in the request's language; approving all unflagged answers how many;
 * the projector's current link is shown again to the session's staff from any browser, and to nobody else.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession as createStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { staffUser } from '$lib/server/db/schema';
import { FrameReader } from '$lib/server/live/test-support';
import { moveSessionTo, seedFacilitator, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;

beforeAll(async () => {
	api = await startLiveApi();
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

describe('theme names and bulk approval over HTTP', () => {
	it('refuses a duplicate theme name with a problem detail and a field message', async () => {
		const { sessionId } = await api.open();
		const first = await api.command(sessionId, { type: 'theme.create', title: 'Safety at school' });
		expect(first.status).toBe(200);
		const again = await api.command(sessionId, { type: 'theme.create', title: ' SAFETY  at school' });
		expect(again.status).toBe(409);
		expect(again.headers.get('content-type')).toContain('application/problem+json');
		const problem = (await again.json()) as { code: string; errors?: Record<string, string> };
		expect(problem.code).toBe('themeDuplicate');
		expect(problem.errors?.title).toBe(
			'There is already a theme called “Safety at school”. Choose another name, or put these worries in that theme.'
		);
		const dutch = await fetch(`${api.server.baseUrl}/api/v1/sessions/${sessionId}/commands`, {
			method: 'POST',
			headers: {
				cookie: api.staffCookie,
				'content-type': 'application/json',
				'accept-language': 'nl'
			},
			body: JSON.stringify({ type: 'theme.create', title: 'safety at SCHOOL' })
		});
		expect(dutch.status).toBe(409);
		expect(((await dutch.json()) as { errors?: Record<string, string> }).errors?.title).toContain(
			'Er is al een thema met de naam “Safety at school”'
		);
	});

	it('answers how many an approve-all-unflagged approved', async () => {
		const { sessionId } = await api.open();
		const response = await api.command(sessionId, { type: 'contributions.approveUnflagged' });
		expect(response.status).toBe(200);
		expect(((await response.json()) as { result?: unknown }).result).toEqual({ approved: 0 });
	});
});

describe('the current projector link, from any browser of the session’s staff (issue 13)', () => {
	/** A signed-in cookie for a new staff member of the facilitator's organisation, assigned to nothing. */
	function colleague(role: 'facilitator' | 'organiser'): string {
		const id = randomUUID();
		api.db
			.insert(staffUser)
			.values({
				id,
				organisationId: api.organisationId,
				email: `${id}@example.org`,
				name: 'Colleague',
				role,
				createdAt: Date.now()
			})
			.run();
		return `${SESSION_COOKIE}=${createStaffSession(api.db, id).token}`;
	}

	async function viewAs(sessionId: string, cookie: string, query = '') {
		const response = await api.call('GET', `/api/v1/sessions/${sessionId}${query}`, cookie);
		return { status: response.status, text: await response.text() };
	}

	/** The first frame (the snapshot) of a stream, as text. */
	async function snapshotAs(sessionId: string, cookie: string, query = ''): Promise<string> {
		const controller = new AbortController();
		const response = await fetch(`${api.server.baseUrl}/api/v1/sessions/${sessionId}/events${query}`, {
			headers: { cookie },
			signal: controller.signal
		});
		expect(response.status).toBe(200);
		if (!response.body) throw new Error('no body');
		const reader = new FrameReader(response.body);
		let text = '';
		for (let frame = await reader.next(5_000); frame; frame = await reader.next(200)) {
			text += JSON.stringify(frame);
			if (JSON.stringify(frame.data ?? null).includes('"snapshot"')) break;
		}
		controller.abort();
		expect(text).toContain('"snapshot"');
		return text;
	}

	it('a second browser of the same facilitator gets the same link; no one else does', async () => {
		const opened = await api.open();
		const token = new URL(opened.projectorPath, 'http://x').searchParams.get('display') ?? '';
		expect(token).toMatch(/^[\w-]{20,}$/);

		// Another sign-in of the same facilitator (a second browser) and an organiser of the organisation.
		const secondBrowser = `${SESSION_COOKIE}=${createStaffSession(api.db, api.facilitatorId).token}`;
		for (const cookie of [secondBrowser, colleague('organiser')]) {
			const view = await viewAs(opened.sessionId, cookie);
			expect(view.status).toBe(200);
			expect((JSON.parse(view.text) as { projectorPath?: string }).projectorPath).toBe(opened.projectorPath);
			expect(await snapshotAs(opened.sessionId, cookie)).toContain(token);
			const page = await api.call('GET', `/facilitate/${opened.sessionId}`, cookie);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain(token);
		}

		// A facilitator of another dialogue of the same organisation, and one of another organisation: not found.
		const elsewhere = seedFacilitator(api.db, { organisationName: 'Elsewhere' }).staffCookie;
		for (const cookie of [colleague('facilitator'), elsewhere]) {
			const view = await viewAs(opened.sessionId, cookie);
			expect(view.status).toBe(404);
			expect(view.text).not.toContain(token);
			const page = await api.call('GET', `/facilitate/${opened.sessionId}`, cookie);
			expect(await page.text()).not.toContain(token);
		}

		// A phone and the projector itself read the session but never the link.
		const phone = await api.join(opened.joinCode);
		const phoneView = await viewAs(opened.sessionId, phone);
		expect(phoneView.status).toBe(200);
		expect(phoneView.text).not.toContain(token);
		expect(await snapshotAs(opened.sessionId, phone)).not.toContain(token);
		const display = `?display=${encodeURIComponent(token)}`;
		const projectorView = await viewAs(opened.sessionId, '', display);
		expect(projectorView.status).toBe(200);
		expect(JSON.parse(projectorView.text)).toMatchObject({ role: 'display' });
		expect(projectorView.text).not.toContain(token);
		expect(await snapshotAs(opened.sessionId, '', display)).not.toContain(token);
	});

	it('a new link replaces the kept one, and the close erases it', async () => {
		const opened = await api.open();
		const rotated = await api.command(opened.sessionId, { type: 'display.rotate' });
		expect(rotated.status).toBe(200);
		const newPath = ((await rotated.json()) as { result: { projectorPath: string } }).result.projectorPath;
		expect(newPath).not.toBe(opened.projectorPath);
		const secondBrowser = `${SESSION_COOKIE}=${createStaffSession(api.db, api.facilitatorId).token}`;
		const shown = async () =>
			(JSON.parse((await viewAs(opened.sessionId, secondBrowser)).text) as { projectorPath?: string | null })
				.projectorPath;
		expect(await shown()).toBe(newPath);

		moveSessionTo(api.db, opened.sessionId, 'opening');
		const ended = await api.command(opened.sessionId, { type: 'session.endEarly', reason: 'time' });
		expect(ended.status, await ended.clone().text()).toBe(200);
		expect(await shown()).toBeNull();
	});
});
