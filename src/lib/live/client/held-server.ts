/**
 * For the phone's client specs (`outbox.spec.ts`, `routes/s/[code]/phone.spec.ts`): a real HTTP server that holds
 * every request's answer until the test gives it, and the page's globals stood in for, with `fetch` Node's own,
 * routed to that server. Test support only: nothing in the app imports it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';

export interface Arrival {
	method: string;
	/** The request's path, as the server's `pathOf` gave it. */
	path: string;
	body: Record<string, unknown> | null;
	answer: (status: number, body?: unknown, headers?: Record<string, string>) => void;
}

export interface HeldServerOptions {
	/** What a request's path is recorded as (its URL path when not given). */
	pathOf?: (url: string) => string;
	/** A status to answer at once, without holding: requests that are not the spec's subject. */
	answerAtOnce?: (path: string) => number | null;
}

export class HeldServer {
	readonly arrivals: Arrival[] = [];
	base = '';
	#waiters: Array<() => void> = [];
	readonly #server: Server;

	constructor(options: HeldServerOptions = {}) {
		const pathOf = options.pathOf ?? ((url: string) => url);
		this.#server = createServer((req: IncomingMessage, res: ServerResponse) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			req.on('end', () => {
				const answer: Arrival['answer'] = (status, body = { ok: true }, headers = {}) => {
					res.writeHead(status, { 'content-type': 'application/json', ...headers });
					res.end(JSON.stringify(body));
				};
				const path = pathOf(req.url ?? '');
				const atOnce = options.answerAtOnce?.(path) ?? null;
				if (atOnce !== null) return answer(atOnce);
				this.arrivals.push({
					method: req.method ?? '',
					path,
					body: raw ? (JSON.parse(raw) as Record<string, unknown>) : null,
					answer
				});
				const waiting = this.#waiters;
				this.#waiters = [];
				for (const check of waiting) check();
			});
		});
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
		this.base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
		return this;
	}

	/** The requests that `match` (every request when not given), once there are `count` of them. */
	arrived(count: number, match: (arrival: Arrival) => boolean = () => true): Promise<Arrival[]> {
		return new Promise((resolve) => {
			const check = () => {
				const matching = this.arrivals.filter(match);
				if (matching.length >= count) resolve(matching.slice(0, count));
				else this.#waiters.push(check);
			};
			check();
		});
	}

	/** The `n`th request (from 1) that `match`es, once it has arrived. */
	async nth(n: number, match?: (arrival: Arrival) => boolean): Promise<Arrival> {
		const found = (await this.arrived(n, match))[n - 1];
		if (!found) throw new Error(`request ${n} did not arrive`);
		return found;
	}

	async close(): Promise<void> {
		this.#server.closeAllConnections();
		await new Promise((resolve) => this.#server.close(resolve));
	}
}

/**
 * Puts the page's globals in place for a spec: `fetch` to `base`, a `localStorage` kept in memory, and whatever
 * else is given (`window`, `document`, …). Undone by `vi.unstubAllGlobals()`.
 */
export function stubPage(base: string, globals: Record<string, unknown>): void {
	const store = new Map<string, string>();
	const realFetch = globalThis.fetch;
	vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(base + url, init));
	vi.stubGlobal('localStorage', {
		getItem: (key: string) => store.get(key) ?? null,
		setItem: (key: string, value: string) => void store.set(key, value),
		removeItem: (key: string) => void store.delete(key)
	});
	for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
}
