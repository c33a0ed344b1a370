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
const LANE_NAMES: readonly Lane[] = ['contribution', 'support', 'response'];
const LANES: Record<OutboxKind, Lane> = {
	contribution: 'contribution',
	response: 'response',
	endorsement: 'support',
	withdrawal: 'support'
};

interface LaneState {
	busy: boolean;
	stalled: boolean;
	held: string | null;
	timer: ReturnType<typeof setTimeout> | null;
	backoff: number;
}

const BACKOFF_START_MS = 1_000;

function freshLane(): LaneState {
	return { busy: false, stalled: false, held: null, timer: null, backoff: BACKOFF_START_MS };
}
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
	 * unread by a facilitator. Null once the lane it held (worries and proposals first) sent something.
	 */
	held = $state<string | null>(null);

	#options: OutboxOptions;
	#key: string;
	#cleanup: (() => void) | null = null;
	/** Each lane's own state: an attempt on its way, a retry it waits for (with its own backoff), a 429's reason. */
	#lanes: Record<Lane, LaneState> = {
		contribution: freshLane(),
		response: freshLane(),
		support: freshLane()
	};
	#rejoining: Promise<boolean | null> | null = null;

	constructor(options: OutboxOptions) {
		this.#options = options;
		this.#key = sessionKey(options.sessionId, 'outbox');
	}

	/** The session this queue sends to. */
	get sessionId(): string {
		return this.#options.sessionId;
	}

	/**
	 * Loads what an earlier page left behind and sends it; listens for the browser coming back online. A queue
	 * started again after `stop()` goes on where it was (a lane still on its way goes on by itself).
	 */
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
		for (const lane of Object.values(this.#lanes)) {
			if (lane.timer) clearTimeout(lane.timer);
			lane.timer = null;
		}
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
		for (const lane of Object.values(this.#lanes)) {
			if (!lane.timer) continue;
			clearTimeout(lane.timer);
			lane.timer = null;
			lane.backoff = BACKOFF_START_MS;
		}
		for (const lane of LANE_NAMES) this.#start(lane);
	}

	/** Starts a lane that has items waiting and nothing on its way. */
	#start(lane: Lane): void {
		if (!this.#lanes[lane].busy && this.items.some((item) => LANES[item.kind] === lane))
			void this.#drain(lane);
	}

	/** The page's view of the lanes: sending, stalled, and the reason a lane is held (worries first). */
	#summarise(): void {
		const lanes = LANE_NAMES.map((name) => this.#lanes[name]);
		this.sending = lanes.some((lane) => lane.busy);
		this.stalled = lanes.some((lane) => lane.stalled);
		this.held = lanes.find((lane) => lane.held !== null)?.held ?? null;
	}

	async #drain(name: Lane): Promise<void> {
		const lane = this.#lanes[name];
		lane.busy = true;
		this.#summarise();
		const next = () => this.items.find((item) => LANES[item.kind] === name);
		try {
			for (let item = next(); item; item = next()) {
				const outcome = await this.#attempt(item);
				if (outcome.kind === 'retry') {
					lane.stalled = true;
					if (outcome.held !== undefined) lane.held = outcome.held;
					this.#scheduleRetry(name, outcome.afterMs);
					return;
				}
				this.#remove(item.clientRequestId);
				lane.stalled = false;
				lane.held = null;
				lane.backoff = BACKOFF_START_MS;
				this.#summarise();
				if (outcome.kind === 'sent') this.#options.onSent(item, outcome.response);
				else this.#options.onRejected(outcome.rejection);
			}
		} finally {
			lane.busy = false;
			this.#summarise();
		}
	}

	async #attempt(
		item: OutboxItem,
		rejoined = false
	): Promise<
		| { kind: 'sent'; response: unknown }
		| { kind: 'rejected'; rejection: Rejection }
		| { kind: 'retry'; afterMs: number | null; held?: string | null }
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
			return {
				kind: 'retry',
				afterMs: retryAfterMs(response),
				held: typeof detail === 'string' ? detail : null
			};
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

	/** The lane's next try: when the server said (Retry-After), else after a jittered backoff of its own. */
	#scheduleRetry(name: Lane, afterMs: number | null): void {
		const lane = this.#lanes[name];
		if (lane.timer) clearTimeout(lane.timer);
		const delay = afterMs ?? lane.backoff / 2 + Math.random() * lane.backoff;
		lane.backoff = Math.min(lane.backoff * 2, BACKOFF_MAX_MS);
		lane.timer = setTimeout(() => {
			lane.timer = null;
			this.#start(name);
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
