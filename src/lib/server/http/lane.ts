/**
 * The lane: the live session's two busiest requests — a phone's submission (`POST …/contributions`) and the
 * console's command (`POST …/commands`) — answered straight from Node's request, without SvelteKit's web `Request`
 * (a `ReadableStream` over every body), its route matching and its reading of the response through a stream
 * (issue 14: a quarter of the server's time in the meetings bench). They go through the very same request hook
 * (`handle` in hooks.server.ts: sign-in, language, storage guard, security headers) and the very same route
 * handlers; only the objects around them are lighter.
 *
 * The lane takes a request only when it is certainly one of the two: POST, the exact path with a plain session id and
 * no query, a JSON body with a declared length within the live API's limit (and `BODY_SIZE_LIMIT`), and an origin it
 * knows without guessing (`ORIGIN`, or the protocol `npm start` stamps on each request, with a valid `Host`).
 * Anything else goes to SvelteKit as before, which also serves these routes wherever the lane is not installed
 * (`vite dev`, `node build`, `HEARTH_LANE=off`). A JSON body cannot come cross-site without a preflight, so
 * SvelteKit's cross-site form check has nothing to do for what the lane takes.
 *
 * The two routes declare what they read of an event as a `LaneEvent` (and `satisfies RequestHandler`), so TypeScript
 * holds them to what the lane provides. The hook is handed the same event; what it reads (cookies, `url`, `locals`,
 * `route.id`, the request's method, address and headers) is all there. `tests/integration/lane.test.ts` checks both
 * paths answer alike through the production server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cookies, Handle, RequestEvent } from '@sveltejs/kit';
import { parse, serialize, type CookieSerializeOptions } from 'cookie';
import { JSON_BODY_LIMIT, JSON_CONTENT_TYPE, type JsonBody } from '../live/http/http';
import { problem } from './problem';

/** What a route on the lane may read of its event: exactly what the lane provides (and SvelteKit too). */
export interface LaneEvent {
	request: {
		readonly method: string;
		readonly url: string;
		readonly headers: Pick<Headers, 'get' | 'has'>;
		readonly body: JsonBody | null;
	};
	url: URL;
	params: { id: string };
	route: { id: string };
	locals: App.Locals;
	cookies: Cookies;
}

/** A route the lane serves: its SvelteKit id, and its POST handler (the route module's own). */
export interface LaneRoute {
	id: string;
	POST: (event: LaneEvent) => Response | Promise<Response>;
}

/** What the lane needs to know of the server's settings (`laneSettings`). */
export interface LaneSettings {
	/** `ORIGIN`, when set: every request's origin. */
	origin?: string;
	/** Else the header holding the protocol (with `Host`): `npm start` stamps it on every request. */
	protocolHeader?: string;
	/** The largest body the lane takes: the live API's limit, or `BODY_SIZE_LIMIT` when that is smaller. */
	bodyLimit: number;
}

/** adapter-node's reading of `BODY_SIZE_LIMIT`: bytes, or with a K, M or G suffix; `Infinity`. */
function bytesOf(value: string): number {
	const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.at(-1)?.toUpperCase() ?? ''];
	return multiplier ? Number(value.slice(0, -1)) * multiplier : Number(value);
}

/**
 * The lane's settings from adapter-node's: `ORIGIN` when it is a valid http(s) origin; else the protocol header
 * with the `Host` header, but only when no other header names the host or port (a proxy's settings, which SvelteKit
 * then reads as adapter-node does). With neither, the lane takes nothing.
 */
export function laneSettings(env: Record<string, string | undefined>): LaneSettings {
	const configured = env.BODY_SIZE_LIMIT ? bytesOf(env.BODY_SIZE_LIMIT) : Infinity;
	// A limit adapter-node cannot read stops the server at start; the lane takes nothing meanwhile.
	const bodyLimit = Number.isNaN(configured) ? -1 : Math.min(JSON_BODY_LIMIT, configured);
	if (env.ORIGIN) {
		try {
			const url = new URL(env.ORIGIN);
			return url.protocol === 'http:' || url.protocol === 'https:'
				? { origin: url.origin, bodyLimit }
				: { bodyLimit: -1 };
		} catch {
			return { bodyLimit: -1 };
		}
	}
	if (env.HOST_HEADER || env.PORT_HEADER || !env.PROTOCOL_HEADER) return { bodyLimit: -1 };
	return { protocolHeader: env.PROTOCOL_HEADER.toLowerCase(), bodyLimit };
}

/** `/api/v1/sessions/{id}/{contributions|commands}`, with an id that needs no decoding. */
const PATH = /^\/api\/v1\/sessions\/([A-Za-z0-9_-]{1,64})\/(contributions|commands)$/;

/** The request's headers, read the way a web `Headers` reads them (names in any case; repeated ones joined). */
class LaneHeaders implements Pick<Headers, 'get' | 'has'> {
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
 * The cookies of a request, as SvelteKit's `cookies` gives them to a handler: read from the `Cookie` header (the
 * same `cookie` package, decoded the same way), set with SvelteKit's defaults (HttpOnly, SameSite=Lax, Secure except
 * on plain http to localhost; `path` required). Every cookie Hearth sets is on `/`, so a name is enough to tell them
 * apart.
 */
class LaneCookies implements Cookies {
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
		this.out.set(name, this.serialize(name, value, options));
	}
	delete(name: string, options: CookieSerializeOptions & { path: string }): void {
		this.set(name, '', { ...options, maxAge: 0 });
	}
	serialize(name: string, value: string, options: CookieSerializeOptions & { path: string }): string {
		const local = this.#url.hostname === 'localhost' && this.#url.protocol === 'http:';
		return serialize(name, value, { httpOnly: true, sameSite: 'lax', secure: !local, ...options });
	}
}

/** A body the lane has read already, as `readJson` reads a web body: one chunk, then done. */
function bodyOf(bytes: Buffer): JsonBody {
	return {
		getReader() {
			let given = bytes.length === 0;
			return {
				read: async () =>
					given ? { done: true, value: undefined } : ((given = true), { done: false, value: bytes }),
				cancel: async () => {}
			};
		}
	};
}

/**
 * The origin of a request, or null when the lane cannot know it without guessing: the stamped protocol must be http
 * or https and the `Host` a valid host (else SvelteKit answers, with its own 400 for a host it cannot read).
 */
function originOf(req: IncomingMessage, settings: LaneSettings): string | null {
	if (settings.origin) return settings.origin;
	if (!settings.protocolHeader) return null;
	const protocol = req.headers[settings.protocolHeader];
	const host = req.headers.host;
	if ((protocol !== 'http' && protocol !== 'https') || !host) return null;
	try {
		const url = new URL(`${protocol}://${host}`);
		// Only a bare host and port: anything the URL parser had to read past (a path, user, query) is not one.
		return url.host === host.toLowerCase() ? url.origin : null;
	} catch {
		return null;
	}
}

/**
 * The lane's part of the server's request listener: returns true when it took the request (and will answer it),
 * false when SvelteKit should. `handle` is the app's request hook; `routes` the two routes by their last segment.
 */
export function createLane(
	handle: Handle,
	routes: Record<'contributions' | 'commands', LaneRoute>,
	settings: LaneSettings
): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		if (req.method !== 'POST' || !req.url) return false;
		const match = PATH.exec(req.url);
		if (!match) return false;
		const declared = Number(req.headers['content-length']);
		if (!(declared >= 0 && declared <= settings.bodyLimit) || req.headers['transfer-encoding']) return false;
		if (!JSON_CONTENT_TYPE.test(req.headers['content-type'] ?? '')) return false;
		const origin = originOf(req, settings);
		if (!origin) return false;
		const route = routes[match[2] as 'contributions' | 'commands'];
		const chunks: Buffer[] = [];
		// A phone that goes away mid-body: nothing to answer.
		req.on('error', () => {});
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const read = { sessionId: match[1] as string, origin, bytes: Buffer.concat(chunks) };
			answer(req, res, read, route, handle).catch((error) => {
				// The routes answer their own errors as problems; this is the hook failing (as SvelteKit would, a
				// 500, logged), in English: the request's language is what may not have been worked out.
				console.error(error);
				if (res.headersSent) return void res.end();
				const unexpected = { title: 'Something went wrong', code: 'unexpected' };
				const failed = problem(500, undefined, unexpected, { 'cache-control': 'no-store' });
				write(res, failed).catch(() => res.destroy());
			});
		});
		return true;
	};
}

/** What the lane read of a request before answering it. */
interface Read {
	sessionId: string;
	origin: string;
	bytes: Buffer;
}

function eventOf(
	req: IncomingMessage,
	route: LaneRoute,
	{ sessionId, origin, bytes }: Read
): LaneEvent & { cookies: LaneCookies } {
	const url = new URL(req.url as string, origin);
	return {
		request: { method: 'POST', url: url.href, headers: new LaneHeaders(req.headers), body: bodyOf(bytes) },
		url,
		params: { id: sessionId },
		route: { id: route.id },
		locals: { staff: null, authSessionId: null },
		cookies: new LaneCookies(req.headers.cookie, url)
	};
}

/** Answers a request the lane took; anything thrown on the way is a rejection, answered by the caller. */
async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	read: Read,
	route: LaneRoute,
	handle: Handle
): Promise<void> {
	const event = eventOf(req, route, read);
	// The hook reads no more of the event than a LaneEvent holds (see the top of this file).
	const response = await handle({
		event: event as unknown as RequestEvent,
		resolve: (given) => route.POST(given as unknown as LaneEvent)
	});
	await write(res, response, [...event.cookies.out.values()]);
}

/** Writes a web `Response` whole, with the cookies the lane's `cookies` set besides its own. */
async function write(res: ServerResponse, response: Response, cookies: string[] = []): Promise<void> {
	const headers: Record<string, string | string[]> = {};
	response.headers.forEach((value, name) => {
		if (name !== 'set-cookie') headers[name] = value;
	});
	const setCookies = [...response.headers.getSetCookie(), ...cookies];
	if (setCookies.length > 0) headers['set-cookie'] = setCookies;
	const body = Buffer.from(await response.arrayBuffer());
	headers['content-length'] = String(body.length);
	res.writeHead(response.status, headers);
	res.end(body);
}

const LANE = Symbol.for('hearth.lane');

/**
 * Makes the lane available to `scripts/start.js`, which puts it in front of SvelteKit's request listener; unless
 * `HEARTH_LANE=off` (then SvelteKit answers every request, as under `node build`).
 */
export function offerLane(lane: ReturnType<typeof createLane>, env = process.env): void {
	if (env.HEARTH_LANE === 'off') return;
	(globalThis as Record<symbol, unknown>)[LANE] = lane;
}
