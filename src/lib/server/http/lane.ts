/**
 * The lane: the live session's two busiest requests — a phone's submission (`POST …/contributions`) and the
 * console's command (`POST …/commands`) — answered straight from Node's request, without SvelteKit's web `Request`
 * (a `ReadableStream` over every body), its route matching and its reading of the response through a stream
 * (issue 14: a quarter of the server's time in the meetings bench). They go through the very same request hook
 * (`handle` in hooks.server.ts: sign-in, language, storage guard, security headers) and the very same route
 * handlers; only the objects around them are lighter.
 *
 * The lane takes a request only when it is certainly one of the two: POST, the exact path with a plain session id and
 * no query, a JSON body with a declared length within the live API's limit, and an origin it knows without guessing
 * (`ORIGIN`, or the protocol `npm start` stamps on each request). Anything else goes to SvelteKit as before, which
 * also serves these routes wherever the lane is not installed (`vite dev`, `node build`). `lane.spec.ts` checks the
 * two paths answer alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cookies, Handle, RequestEvent } from '@sveltejs/kit';
import { parse, serialize, type CookieSerializeOptions } from 'cookie';
import { JSON_BODY_LIMIT } from '../live/http/http';

/**
 * A route the lane serves: its SvelteKit id, and its POST handler (the route module's own, typed for its route; the
 * lane hands it an event with that route's id and `params.id`).
 */
export interface LaneRoute {
	id: string;
	POST: (event: never) => Response | Promise<Response>;
}

/** How the lane knows a request's origin: `ORIGIN`, else the protocol header `npm start` stamps and the Host. */
export interface LaneOrigin {
	origin?: string;
	protocolHeader?: string;
}

/**
 * The lane's origin rule from adapter-node's settings: `ORIGIN` when it is a valid http(s) origin; else the protocol
 * header with the `Host` header, but only when no other header says the host or port (a proxy's settings, which
 * SvelteKit then reads as adapter-node does). Empty: the lane takes nothing.
 */
export function laneOrigin(env: Record<string, string | undefined>): LaneOrigin {
	if (env.ORIGIN) {
		try {
			const url = new URL(env.ORIGIN);
			return url.protocol === 'http:' || url.protocol === 'https:' ? { origin: url.origin } : {};
		} catch {
			return {};
		}
	}
	if (env.HOST_HEADER || env.PORT_HEADER || !env.PROTOCOL_HEADER) return {};
	return { protocolHeader: env.PROTOCOL_HEADER.toLowerCase() };
}

/** `/api/v1/sessions/{id}/{contributions|commands}`, with an id that needs no decoding. */
const PATH = /^\/api\/v1\/sessions\/([A-Za-z0-9_-]{1,64})\/(contributions|commands)$/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** The request's headers, read the way a web `Headers` reads them (names in any case; repeated ones joined). */
class LaneHeaders {
	constructor(private readonly raw: IncomingMessage['headers']) {}
	get(name: string): string | null {
		const value = this.raw[name.toLowerCase()];
		if (value === undefined) return null;
		return Array.isArray(value) ? value.join(', ') : value;
	}
	has(name: string): boolean {
		return this.raw[name.toLowerCase()] !== undefined;
	}
}

/**
 * The cookies of a request, as SvelteKit's `cookies` gives them to a handler: read from the `Cookie` header, set
 * with SvelteKit's defaults (HttpOnly, SameSite=Lax, Secure except plain http on localhost; `path` required).
 */
class LaneCookies {
	readonly #read: Record<string, string | undefined>;
	readonly #url: URL;
	/** name → Set-Cookie value, the last one set for the name winning. */
	readonly out = new Map<string, string>();
	constructor(header: string | undefined, url: URL) {
		this.#read = header ? parse(header) : {};
		this.#url = url;
	}
	get(name: string): string | undefined {
		return this.#read[name];
	}
	getAll(): { name: string; value: string }[] {
		return Object.entries(this.#read).flatMap(([name, value]) =>
			value === undefined ? [] : [{ name, value }]
		);
	}
	set(name: string, value: string, options: CookieSerializeOptions & { path: string }): void {
		const local = this.#url.hostname === 'localhost' && this.#url.protocol === 'http:';
		this.out.set(
			name,
			serialize(name, value, { httpOnly: true, sameSite: 'lax', secure: !local, ...options })
		);
	}
	delete(name: string, options: CookieSerializeOptions & { path: string }): void {
		this.set(name, '', { ...options, maxAge: 0 });
	}
	serialize(name: string, value: string, options: CookieSerializeOptions & { path: string }): string {
		return serialize(name, value, options);
	}
}

/** The parts of a web `Request` the hook and the two handlers read, over a body the lane has read already. */
class LaneRequest {
	readonly method = 'POST';
	readonly headers: LaneHeaders;
	constructor(
		readonly url: string,
		raw: IncomingMessage['headers'],
		private readonly bytes: Buffer
	) {
		this.headers = new LaneHeaders(raw);
	}
	/** `readJson` reads the body through a reader: one chunk, then done. */
	get body() {
		let given = false;
		const bytes = this.bytes;
		return {
			getReader: () => ({
				read: async () =>
					given || bytes.length === 0
						? { done: true as const, value: undefined }
						: ((given = true), { done: false as const, value: new Uint8Array(bytes) }),
				cancel: async () => {}
			})
		};
	}
}

const UNEXPECTED = {
	type: 'https://hearth.invalid/problems/500',
	title: 'Something went wrong',
	status: 500,
	code: 'unexpected'
};

/** What a handler may not use on the lane: a mistake there fails loudly in the specs instead of misbehaving. */
function unavailable(what: string): never {
	throw new Error(`${what} is not available on the lane (src/lib/server/http/lane.ts)`);
}

/** The origin of a request, or null when the lane cannot know it without guessing. */
function originOf(req: IncomingMessage, how: LaneOrigin): string | null {
	if (how.origin) return how.origin;
	if (!how.protocolHeader) return null;
	const protocol = req.headers[how.protocolHeader];
	const host = req.headers.host;
	if ((protocol !== 'http' && protocol !== 'https') || !host || /[/\\@?#\s]/.test(host)) return null;
	return `${protocol}://${host}`;
}

/**
 * The lane's request listener part: returns true when it took the request (and will answer it), false when SvelteKit
 * should. `handle` is the app's request hook; `routes` the two routes by their last path segment.
 */
export function createLane(
	handle: Handle,
	routes: Record<'contributions' | 'commands', LaneRoute>,
	how: LaneOrigin
): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		if (req.method !== 'POST' || !req.url) return false;
		const match = PATH.exec(req.url);
		if (!match) return false;
		const declared = Number(req.headers['content-length']);
		if (!(declared >= 0 && declared <= JSON_BODY_LIMIT) || req.headers['transfer-encoding']) return false;
		if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return false;
		const origin = originOf(req, how);
		if (!origin) return false;
		const route = routes[match[2] as 'contributions' | 'commands'];
		const chunks: Buffer[] = [];
		// A phone that goes away mid-body: nothing to answer.
		req.on('error', () => {});
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			answer(req, res, route, match[1] as string, origin, Buffer.concat(chunks), handle).catch((error) => {
				// The routes answer their own errors as problems; this is the hook failing (as SvelteKit would, a
				// 500, logged), in English: the request's language is what may not have been worked out.
				console.error(error);
				if (res.headersSent) return void res.end();
				res.writeHead(500, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
				res.end(JSON.stringify(UNEXPECTED));
			});
		});
		return true;
	};
}

async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	route: LaneRoute,
	sessionId: string,
	origin: string,
	bytes: Buffer,
	handle: Handle
): Promise<void> {
	const url = new URL(req.url as string, origin);
	const cookies = new LaneCookies(req.headers.cookie, url);
	const event = {
		request: new LaneRequest(url.href, req.headers, bytes),
		url,
		params: { id: sessionId },
		route: { id: route.id },
		locals: {},
		cookies: cookies as unknown as Cookies,
		platform: { req },
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		getClientAddress: () => unavailable('the client address'),
		fetch: () => unavailable('event.fetch'),
		setHeaders: () => unavailable('event.setHeaders')
	} as unknown as RequestEvent;
	const response = await handle({ event, resolve: (e) => route.POST(e as never) });
	const headers: Record<string, string | string[]> = {};
	response.headers.forEach((value, name) => {
		if (name !== 'set-cookie') headers[name] = value;
	});
	const setCookies = [...response.headers.getSetCookie(), ...cookies.out.values()];
	if (setCookies.length > 0) headers['set-cookie'] = setCookies;
	const body = Buffer.from(await response.arrayBuffer());
	headers['content-length'] = String(body.length);
	res.writeHead(response.status, headers);
	res.end(body);
}

const LANE = Symbol.for('hearth.lane');

/** Makes the lane available to `scripts/start.js`, which puts it in front of SvelteKit's request listener. */
export function offerLane(lane: ReturnType<typeof createLane>): void {
	(globalThis as Record<symbol, unknown>)[LANE] = lane;
}
