/**
 * The phone's offline queue. Every submission gets its `clientRequestId` when the person presses Send and is
 * written to localStorage before the first attempt, so a reload, a dead battery warning or a dropped Wi-Fi loses
 * nothing; the server stores a request id once however often it arrives, so retrying is always safe.
 *
 * Network errors, 5xx and 429 are retried with a jittered backoff, and at once when the browser comes back
 * online or the live stream reconnects. A 4xx that can never succeed (the facilitator moved on, the cap is
 * reached) drops the item and hands it back, so the page can say why and put the text back in its field.
 *
 * Items go out in lanes: worries and proposals, answers to prompts, and support (given and taken back) each have
 * their own, sent in order within it and beside the others. A worry sent just after the ground rules were agreed
 * does not wait a round trip for that answer (on slow 3G, 0.4 s or more), while support and taking it back for
 * the same proposal still reach the server in the order they were pressed.
 */
import { newRequestId } from './ids';
import { readJson, sessionKey, writeJson } from './storage';

export type OutboxKind = 'contribution' | 'endorsement' | 'withdrawal' | 'response';

export interface OutboxItem {
	clientRequestId: string;
	kind: OutboxKind;
	/** The JSON body, `clientRequestId` included. */
	body: Record<string, unknown> & { clientRequestId: string };
	createdAt: number;
	attempts: number;
}

/** A submission the server refused for good, with its readable reason. */
export interface Rejection {
	item: OutboxItem;
	status: number;
	/** The problem's stable `code` (e.g. `wrongPhase`), when the server sent one. */
	code: string | null;
	/** The server's sentence (already in the phone's language), when it sent one. */
	detail: string | null;
}

export interface OutboxOptions {
	sessionId: string;
	/** The server confirmed (201 new, or 200 for a retry it had already stored). */
	onSent: (item: OutboxItem, response: unknown) => void;
	onRejected: (rejection: Rejection) => void;
	/**
	 * The participant cookie is missing or expired (401): join again, then retry. Returns false when joining is
	 * not possible (the session ended); the item is then rejected.
	 */
	rejoin?: () => Promise<boolean>;
}

/** Where each kind goes, below `/api/v1/sessions/{id}/`, and how. */
const ROUTES: Record<OutboxKind, (body: OutboxItem['body']) => { method: 'POST' | 'DELETE'; path: string }> =
	{
		contribution: () => ({ method: 'POST', path: 'contributions' }),
		endorsement: () => ({ method: 'POST', path: 'endorsements' }),
		// Taking support back is idempotent by nature (nothing happens the second time), so it may be retried too.
		withdrawal: (body) => ({
			method: 'DELETE',
			path: `endorsements/${encodeURIComponent(String(body.contributionId))}`
		}),
		response: () => ({ method: 'POST', path: 'responses' })
	};

type Lane = 'contribution' | 'response' | 'support';
/** The lane of each kind: within a lane, items go out one after another, oldest first. */
const LANES: Record<OutboxKind, Lane> = {
	contribution: 'contribution',
	response: 'response',
	endorsement: 'support',
	withdrawal: 'support'
};

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** Statuses worth retrying: the server is busy, restarting or asks to slow down. */
const RETRYABLE = new Set([408, 425, 429]);

function retryAfterMs(response: Response): number | null {
	const header = response.headers.get('retry-after');
	const seconds = header ? Number(header) : NaN;
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export class Outbox {
	/** Waiting items, oldest first. */
	items = $state<OutboxItem[]>([]);
	/** An attempt is on its way right now (in any lane). */
	sending = $state(false);
	/** The last attempt failed on the network or the server: items wait for a retry. */
	stalled = $state(false);
	/**
	 * Why the server asked this phone to wait (429), in its words: sending too quickly, or too many messages still
	 * unread by a facilitator. Null once something went through.
	 */
	held = $state<string | null>(null);

	#options: OutboxOptions;
	#key: string;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#backoff = BACKOFF_START_MS;
	#cleanup: (() => void) | null = null;
	/** The lanes with an attempt on its way. */
	#busy: Lane[] = [];
	/** The lanes whose last attempt failed and that wait for a retry. */
	#stalled: Lane[] = [];
	#rejoining: Promise<boolean | null> | null = null;

	constructor(options: OutboxOptions) {
		this.#options = options;
		this.#key = sessionKey(options.sessionId, 'outbox');
	}

	/** Loads what an earlier page left behind and sends it; listens for the browser coming back online. */
	start(): void {
		this.items = readJson<OutboxItem[]>(this.#key, []).filter(
			(item) => item && typeof item.clientRequestId === 'string' && item.kind in ROUTES
		);
		const flush = () => this.flush();
		const visible = () => {
			if (document.visibilityState === 'visible') this.flush();
		};
		window.addEventListener('online', flush);
		document.addEventListener('visibilitychange', visible);
		this.#cleanup = () => {
			window.removeEventListener('online', flush);
			document.removeEventListener('visibilitychange', visible);
		};
		this.flush();
	}

	stop(): void {
		this.#cleanup?.();
		this.#cleanup = null;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	/** Queues a submission (saved on the phone first) and tries to send it. Returns the stored item. */
	submit(kind: OutboxKind, body: Record<string, unknown>): OutboxItem {
		const clientRequestId = newRequestId();
		const item: OutboxItem = {
			clientRequestId,
			kind,
			body: { ...body, clientRequestId },
			createdAt: Date.now(),
			attempts: 0
		};
		this.items = [...this.items, item];
		this.#persist();
		this.flush();
		return item;
	}

	/** Whether a submission is still waiting (for statuses next to proposals and answers). */
	has(predicate: (item: OutboxItem) => boolean): boolean {
		return this.items.some(predicate);
	}

	/** Sends whatever waits, now (the stream reconnected, the phone came online, a new item was queued). */
	flush(): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = null;
			this.#backoff = BACKOFF_START_MS;
		}
		this.#drainAll();
	}

	/** Starts each lane that has items waiting and nothing on its way. */
	#drainAll(): void {
		const waiting = this.items.map((item) => LANES[item.kind]);
		for (const lane of waiting.filter((lane, i) => waiting.indexOf(lane) === i)) {
			if (!this.#busy.includes(lane)) void this.#drain(lane);
		}
	}

	async #drain(lane: Lane): Promise<void> {
		this.#busy.push(lane);
		this.sending = true;
		const next = () => this.items.find((item) => LANES[item.kind] === lane);
		try {
			for (let item = next(); item; item = next()) {
				const outcome = await this.#attempt(item);
				if (outcome.kind === 'retry') {
					if (!this.#stalled.includes(lane)) this.#stalled.push(lane);
					this.stalled = true;
					this.#scheduleRetry(outcome.afterMs);
					return;
				}
				this.#remove(item.clientRequestId);
				this.#stalled = this.#stalled.filter((other) => other !== lane);
				this.stalled = this.#stalled.length > 0;
				this.held = null;
				this.#backoff = BACKOFF_START_MS;
				if (outcome.kind === 'sent') this.#options.onSent(item, outcome.response);
				else this.#options.onRejected(outcome.rejection);
			}
		} finally {
			this.#busy = this.#busy.filter((other) => other !== lane);
			this.sending = this.#busy.length > 0;
		}
	}

	async #attempt(
		item: OutboxItem,
		rejoined = false
	): Promise<
		| { kind: 'sent'; response: unknown }
		| { kind: 'rejected'; rejection: Rejection }
		| { kind: 'retry'; afterMs: number | null }
	> {
		item.attempts += 1;
		this.#persist();
		const route = ROUTES[item.kind](item.body);
		let response: Response;
		try {
			response = await fetch(
				`/api/v1/sessions/${encodeURIComponent(this.#options.sessionId)}/${route.path}`,
				{
					method: route.method,
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body: route.method === 'POST' ? JSON.stringify(item.body) : undefined,
					cache: 'no-store'
				}
			);
		} catch {
			return { kind: 'retry', afterMs: null };
		}
		const json: unknown = await response.json().catch(() => null);
		if (response.ok) return { kind: 'sent', response: json };
		if (response.status === 429) {
			const detail = json && typeof json === 'object' ? (json as { detail?: unknown }).detail : null;
			this.held = typeof detail === 'string' ? detail : null;
		}
		if (response.status >= 500 || RETRYABLE.has(response.status)) {
			return { kind: 'retry', afterMs: retryAfterMs(response) };
		}
		if (response.status === 401 && !rejoined && this.#options.rejoin) {
			const ok = await this.#rejoin();
			if (ok === null) return { kind: 'retry', afterMs: null };
			if (ok) return this.#attempt(item, true);
		}
		const problem = (json && typeof json === 'object' ? json : {}) as { code?: unknown; detail?: unknown };
		return {
			kind: 'rejected',
			rejection: {
				item,
				status: response.status,
				code: typeof problem.code === 'string' ? problem.code : null,
				detail: typeof problem.detail === 'string' ? problem.detail : null
			}
		};
	}

	/** Joins again once for all lanes that met the same expired cookie (null: the network failed). */
	#rejoin(): Promise<boolean | null> {
		const rejoin = this.#options.rejoin;
		if (!rejoin) return Promise.resolve(false);
		this.#rejoining ??= rejoin()
			.catch(() => null)
			.finally(() => (this.#rejoining = null));
		return this.#rejoining;
	}

	/** One retry for the whole outbox: a second lane failing while one is scheduled waits for that one. */
	#scheduleRetry(afterMs: number | null): void {
		if (this.#timer) return;
		const delay = afterMs ?? this.#backoff / 2 + Math.random() * this.#backoff;
		this.#backoff = Math.min(this.#backoff * 2, BACKOFF_MAX_MS);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#drainAll();
		}, delay);
	}

	#remove(clientRequestId: string): void {
		this.items = this.items.filter((item) => item.clientRequestId !== clientRequestId);
		this.#persist();
	}

	#persist(): void {
		// $state.snapshot: store plain data, not the reactive proxy.
		writeJson(this.#key, $state.snapshot(this.items));
	}
}
