/**
 * The console's care over HTTP (issue 13): a theme name that reads like another theme's is refused as an RFC 9457
 * problem with a field message on `title`, in the request's language; approving all unflagged answers how many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApi, type LiveApi } from '../support/live-api';

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
