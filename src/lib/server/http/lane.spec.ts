/**
 * The lane (lane.ts) over a real Node server: which requests it takes and which it leaves to SvelteKit, and that a
 * request it takes reaches the hook and the route as SvelteKit would hand it over (body, cookies, params, route id),
 * with the response written whole, cookies included. That the two paths answer alike through the real app is
 * `tests/integration/lane.test.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, type Handle } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { readJson } from '../live/http/http';
import { createLane, laneSettings, offerLane, type LaneEvent, type LaneRoute } from './lane';

interface Seen {
	route: string | null;
	params: Record<string, string>;
	url: string;
	body: unknown;
	cookie: string | undefined;
	language: string | null;
}

let server: http.Server | null = null;
afterEach(async () => {
	await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
	server = null;
});

/** A server with the lane in front of a stand-in for SvelteKit that answers 299 "kit". */
async function serve(settings = laneSettings({ ORIGIN: 'http://hall.example:3000' })) {
	const seen: Seen[] = [];
	const route = (id: string): LaneRoute => ({
		id,
		POST: async (event: LaneEvent) => {
			seen.push({
				route: event.route.id,
				params: event.params,
				url: event.url.href,
				body: await readJson(event.request),
				cookie: event.cookies.get('hearth_p'),
				language: event.request.headers.get('Accept-Language')
			});
			event.cookies.set('hearth_p', 'renewed', { path: '/', secure: false });
			return json({ ok: true }, { status: 201 });
		}
	});
	// The hook's part as the app's does it: around the route, then headers on whatever answered.
	const handle: Handle = async ({ event, resolve }) => {
		const response = await resolve(event);
		response.headers.set('x-hook', 'ran');
		response.headers.append('set-cookie', 'hearth_session=gone; Path=/; Max-Age=0');
		return response;
	};
	const lane = createLane(handle, { contributions: route('/c'), commands: route('/k') }, settings);
	server = http.createServer((req, res) => {
		if (lane(req, res)) return;
		req.resume();
		req.on('end', () => res.writeHead(299).end('kit'));
	});
	await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { base: `http://127.0.0.1:${port}`, seen };
}

const SESSION = '0b9e5c1e-2f6a-4c8e-9d21-5b7f0e6a1c33';

describe('the lane', () => {
	it('takes a JSON POST to a session’s contributions or commands and hands the route what SvelteKit would', async () => {
		const { base, seen } = await serve();
		const res = await fetch(`${base}/api/v1/sessions/${SESSION}/contributions`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: 'other=1; hearth_p=abc%20def',
				'accept-language': 'ar'
			},
			body: JSON.stringify({ kind: 'concern', text: 'The walk to school' })
		});
		expect(res.status).toBe(201);
		expect(await res.json()).toEqual({ ok: true });
		expect(res.headers.get('x-hook')).toBe('ran');
		expect(res.headers.getSetCookie().sort()).toEqual([
			'hearth_p=renewed; Path=/; HttpOnly; SameSite=Lax',
			'hearth_session=gone; Path=/; Max-Age=0'
		]);
		expect(seen).toEqual([
			{
				route: '/c',
				params: { id: SESSION },
				// The origin is the configured one, not the socket's.
				url: `http://hall.example:3000/api/v1/sessions/${SESSION}/contributions`,
				body: { kind: 'concern', text: 'The walk to school' },
				cookie: 'abc def',
				language: 'ar'
			}
		]);

		const command = await fetch(`${base}/api/v1/sessions/${SESSION}/commands`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"type":"contribution.approve"}'
		});
		expect(command.status).toBe(201);
		expect(seen[1]).toMatchObject({ route: '/k', body: { type: 'contribution.approve' } });
	});

	it('leaves every other request to SvelteKit', async () => {
		const { base, seen } = await serve();
		const path = `/api/v1/sessions/${SESSION}/contributions`;
		const cases: [string, RequestInit][] = [
			[path, { method: 'GET' }],
			[path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }],
			[`${path}?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
			[`${path}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
			[
				`/api/v1/sessions/a%2Fb/contributions`,
				{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }
			],
			[`/api/v1/sessions/${SESSION}/endorsements`, { method: 'POST', body: '{}' }],
			// A form post goes through SvelteKit's cross-site check; a body of another type gets its 415 there.
			[path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }],
			[
				path,
				{
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: 'a=1'
				}
			],
			// Over the live API's limit: SvelteKit reads and refuses it (413) as before.
			[path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(17_000) }]
		];
		for (const [url, init] of cases) {
			const res = await fetch(`${base}${url}`, init);
			expect([url, init.method, res.status]).toEqual([url, init.method, 299]);
		}
		// A body without a declared length (chunked) is SvelteKit's too.
		const chunked = await new Promise<number>((resolve, reject) => {
			const req = http.request(`${base}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
			});
			req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
			req.on('error', reject);
			req.end('{}');
		});
		expect(chunked).toBe(299);
		expect(seen).toEqual([]);
	});

	it('knows the origin only from ORIGIN or the protocol npm start stamps, never from a guess', async () => {
		const limit = 16 * 1024;
		expect(laneSettings({ ORIGIN: 'https://hearth.example.org/' })).toEqual({
			origin: 'https://hearth.example.org',
			bodyLimit: limit
		});
		expect(laneSettings({ ORIGIN: 'not a url' })).toEqual({ bodyLimit: -1 });
		expect(laneSettings({ ORIGIN: 'ftp://x' })).toEqual({ bodyLimit: -1 });
		expect(laneSettings({ PROTOCOL_HEADER: 'X-Hearth-Protocol' })).toEqual({
			protocolHeader: 'x-hearth-protocol',
			bodyLimit: limit
		});
		// Behind a proxy that names the host or port in its own headers, SvelteKit works the origin out.
		expect(laneSettings({ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' })).toEqual({
			bodyLimit: -1
		});
		expect(laneSettings({ PROTOCOL_HEADER: 'x-forwarded-proto', PORT_HEADER: 'x-forwarded-port' })).toEqual({
			bodyLimit: -1
		});
		expect(laneSettings({})).toEqual({ bodyLimit: -1 });
		// BODY_SIZE_LIMIT as adapter-node reads it, when it is the smaller limit.
		expect(laneSettings({ ORIGIN: 'http://x', BODY_SIZE_LIMIT: '1M' }).bodyLimit).toBe(limit);
		expect(laneSettings({ ORIGIN: 'http://x', BODY_SIZE_LIMIT: '2K' }).bodyLimit).toBe(2048);
		expect(laneSettings({ ORIGIN: 'http://x', BODY_SIZE_LIMIT: '100' }).bodyLimit).toBe(100);
		expect(laneSettings({ ORIGIN: 'http://x', BODY_SIZE_LIMIT: 'lots' }).bodyLimit).toBe(-1);

		const { base, seen } = await serve(laneSettings({ PROTOCOL_HEADER: 'x-hearth-protocol' }));
		const post = (headers: Record<string, string>) =>
			new Promise<number>((resolve, reject) => {
				// node:http, not fetch: fetch would not send a Host of the spec's choosing.
				const req = http.request(`${base}/api/v1/sessions/${SESSION}/commands`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': '2', ...headers }
				});
				req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
				req.on('error', reject);
				req.end('{}');
			});
		expect(await post({ 'x-hearth-protocol': 'http' })).toBe(201);
		expect(seen[0]?.url).toBe(`${base}/api/v1/sessions/${SESSION}/commands`);
		expect(await post({ 'x-hearth-protocol': 'https', host: 'Hall.Example:8443' })).toBe(201);
		expect(seen[1]?.url).toBe(`https://hall.example:8443/api/v1/sessions/${SESSION}/commands`);
		// Without the stamp, with anything but http or https in it, or with a Host that is not a host and port:
		// SvelteKit's (which answers a Host it cannot read with its own 400).
		expect(await post({})).toBe(299);
		expect(await post({ 'x-hearth-protocol': 'javascript' })).toBe(299);
		for (const host of ['x:99999', 'a|b', '[::1', 'a%zz', 'x:1:2', 'evil.example/path', 'user@evil.example'])
			expect([host, await post({ 'x-hearth-protocol': 'http', host })]).toEqual([host, 299]);
		expect(seen).toHaveLength(2);
	});

	it('takes no body over BODY_SIZE_LIMIT when that is smaller than its own', async () => {
		const { base, seen } = await serve(
			laneSettings({ ORIGIN: 'http://hall.example', BODY_SIZE_LIMIT: '20' })
		);
		const post = (body: string) =>
			fetch(`${base}/api/v1/sessions/${SESSION}/commands`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			}).then((res) => res.status);
		expect(await post('{"type":"x"}')).toBe(201);
		expect(await post(JSON.stringify({ type: 'x'.repeat(20) }))).toBe(299);
		expect(seen).toHaveLength(1);
	});

	it('is not offered with HEARTH_LANE=off', () => {
		const key = Symbol.for('hearth.lane');
		const globals = globalThis as Record<symbol, unknown>;
		const lane = () => false;
		try {
			offerLane(lane, { HEARTH_LANE: 'off' });
			expect(globals[key]).toBeUndefined();
			offerLane(lane, {});
			expect(globals[key]).toBe(lane);
		} finally {
			delete globals[key];
		}
	});

	it('answers a 500 problem when the hook itself fails, and keeps serving', async () => {
		const failing: Handle = () => {
			throw new Error('planted');
		};
		const lane = createLane(
			failing,
			{
				contributions: { id: '/c', POST: () => new Response('') },
				commands: { id: '/k', POST: () => new Response('') }
			},
			{ origin: 'http://hall.example', bodyLimit: 1024 }
		);
		server = http.createServer((req, res) => void lane(req, res));
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const errors: unknown[] = [];
		const original = console.error;
		console.error = (e: unknown) => errors.push(e);
		try {
			for (let i = 0; i < 2; i++) {
				const res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${SESSION}/commands`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{}'
				});
				expect(res.status).toBe(500);
				expect(res.headers.get('content-type')).toBe('application/problem+json');
				expect(await res.json()).toMatchObject({ status: 500, code: 'unexpected' });
			}
		} finally {
			console.error = original;
		}
		expect(errors).toHaveLength(2);
	});
});
