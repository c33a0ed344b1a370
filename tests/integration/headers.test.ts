/**
 * Issue 10, point 7, against the production build (`npx vite build` first): what the staff pages, the console, the
 * projector, the reports and the API send is never stored by a browser or proxy (`Cache-Control: no-store`);
 * static files are `nosniff` like the pages; and HSTS is sent exactly when the request came in over https — by
 * ORIGIN, or by the proxy's PROTOCOL_HEADER — and never on plain http, even when a client claims https itself.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToClosed } from '$lib/server/outcome/test-support';
import { fixtureOn, type ServerFixture } from '../support/server-fixture';
import { ROOT, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let fx: ServerFixture;
let sessionId: string;
let displayToken: string;

beforeAll(async () => {
	server = await startServer();
	fx = fixtureOn(server);
	const run = runToClosed(fx);
	sessionId = run.sessionId;
	displayToken = new URL(run.opened.projectorPath, 'http://x').searchParams.get('display') ?? '';
}, 60_000);

afterAll(async () => {
	fx?.close();
	await server?.stop();
});

interface Answer {
	status: number;
	headers: Headers;
}

/**
 * One GET on a connection of its own (no keep-alive), reading the whole body. Only the status and headers matter
 * here; a fresh connection per request keeps a reused socket that the server is closing out of the picture.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { headers, agent: false }, (response) => {
			response.resume();
			response.on('error', reject);
			response.on('end', () => {
				const answer = new Headers();
				for (const [name, value] of Object.entries(response.headers)) {
					if (value !== undefined) answer.set(name, Array.isArray(value) ? value.join(', ') : value);
				}
				resolve({ status: response.statusCode ?? 0, headers: answer });
			});
		});
		request.on('error', (cause) =>
			reject(new Error(`${url}: ${String(cause)}\n${server.output()}`, { cause }))
		);
	});
}

/** A file of the client build that the adapter serves as a static file (a script chunk). */
function staticAsset(): string {
	const dir = path.join(ROOT, 'build', 'client', '_app', 'immutable', 'entry');
	const file = fs.readdirSync(dir).find((name) => name.endsWith('.js'));
	if (!file) throw new Error('no entry chunk in build/client');
	return `/_app/immutable/entry/${file}`;
}

describe('Cache-Control: no-store on everything that carries staff or session data', () => {
	const pages = () => [
		['the dialogue list (staff page)', '/dialogues'],
		['a dialogue (staff page)', `/dialogues/${fx.dialogueId}`],
		['the settings (staff page)', `/dialogues/${fx.dialogueId}/settings`],
		['the console', `/facilitate/${sessionId}`],
		['the report', `/reports/${sessionId}`],
		['the report as client-side navigation data', `/reports/${sessionId}/__data.json`],
		['the knowledge pack (staff page)', `/dialogues/${fx.dialogueId}/knowledge`],
		['the API session view', `/api/v1/sessions/${sessionId}`],
		['the CSV export', `/api/v1/sessions/${sessionId}/outcome?format=csv`]
	];

	it('is sent on staff pages, the console, the report and API views, signed in', async () => {
		for (const [what, url] of pages()) {
			const response = await get(`${server.baseUrl}${url}`, { cookie: fx.staffCookie });
			expect(response.status, what).toBe(200);
			expect(response.headers.get('cache-control'), what).toMatch(/(^|[\s,])no-store([\s,]|$)/);
			expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
		}
	});

	it('is sent on the projector (with its display link) and on what a stranger is refused', async () => {
		const projector = await get(
			`${server.baseUrl}/projector/${sessionId}?display=${encodeURIComponent(displayToken)}`
		);
		expect(projector.status).toBe(200);
		expect(projector.headers.get('cache-control')).toBe('no-store');
		for (const [what, url] of pages()) {
			const refused = await get(`${server.baseUrl}${url}`);
			expect(refused.headers.get('cache-control'), `${what}, signed out`).toMatch(/no-store/);
		}
		const signIn = await get(`${server.baseUrl}/login`);
		expect(signIn.headers.get('cache-control')).toBe('no-store');
	});
});

describe('static files', () => {
	it('are sent with nosniff, like the pages', async () => {
		for (const url of ['/favicon.svg', staticAsset()]) {
			const response = await get(`${server.baseUrl}${url}`);
			expect(response.status, url).toBe(200);
			expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
			// Served by the adapter itself, not by the app: the app's headers are not there.
			expect(response.headers.get('content-security-policy'), url).toBeNull();
		}
	});
});

describe('HSTS', () => {
	it('is not sent over plain http, even when a client claims https in a header', async () => {
		const claims: Record<string, string>[] = [
			{},
			{ 'x-forwarded-proto': 'https' },
			{ 'x-hearth-protocol': 'https' }
		];
		for (const headers of claims) {
			const response = await get(`${server.baseUrl}/login`, headers);
			expect(response.status).toBe(200);
			expect(response.headers.get('strict-transport-security')).toBeNull();
		}
	});

	it('is sent when ORIGIN is https, and when the proxy says https in PROTOCOL_HEADER', async () => {
		const behindOrigin = await startServer({ env: { ORIGIN: 'https://hearth.example' } });
		const behindProxy = await startServer({ env: { PROTOCOL_HEADER: 'x-forwarded-proto' } });
		try {
			// A fresh database sends /login on to /setup: a redirect carries HSTS like any other answer.
			const viaOrigin = await get(`${behindOrigin.baseUrl}/login`);
			expect(viaOrigin.status).toBe(303);
			expect(viaOrigin.headers.get('strict-transport-security')).toBe('max-age=31536000');

			const https = await get(`${behindProxy.baseUrl}/login`, { 'x-forwarded-proto': 'https' });
			expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
			const http = await get(`${behindProxy.baseUrl}/login`, { 'x-forwarded-proto': 'http' });
			expect(http.status).toBe(303);
			expect(http.headers.get('strict-transport-security')).toBeNull();
		} finally {
			await behindOrigin.stop();
			await behindProxy.stop();
		}
	}, 60_000);
});
