/**
 * The live session's Server-Sent Events stream as a small piece of reactive state. It applies the `snapshot`
 * message first, then logged events in sequence order (each seq at most once), and gets itself back after a
 * dropped connection: EventSource retries network errors on its own (sending `Last-Event-ID`); when the browser
 * gives up (an HTTP error while the server restarts, say) this module reconnects with `?lastEventId=` and a
 * jittered backoff, so a hall full of phones does not come back in the same instant.
 */
import type { SessionView, StreamEvent, StreamMessage } from '$lib/live/types';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The stream's own messages other than the snapshot (values checks, presence), passed through as they are. */
export type StreamExtra = Exclude<StreamMessage, StreamEvent | { type: 'snapshot' }>;

export interface LiveStreamOptions<V extends SessionView> {
	sessionId: string;
	/** The projector's secret display token, when the stream is opened through the display link. */
	display?: string;
	/** The join code, when an observer follows the wall through the watch link (`/s/{code}/watch`). */
	watch?: string;
	/** A whole view: on every (re)connect, and after a resync. */
	onSnapshot: (view: V) => void;
	/**
	 * One logged event, in order. Return `false` when the view cannot be updated from this event alone; the stream
	 * then asks the server for a fresh snapshot.
	 */
	onEvent: (event: StreamEvent) => boolean | void;
	/** Values checks and presence counts. */
	onExtra?: (message: StreamExtra) => void;
	/** The connection is back after it was lost (the outbox sends what waited). */
	onReconnect?: () => void;
	/**
	 * The server refused the stream (401/403/404/410: the cookie or display link is no longer valid, or the
	 * session is gone). No more reconnects are tried.
	 */
	onRefused?: (status: number) => void;
	/** Largest random wait before a resync, so that many phones do not ask at the same moment. */
	resyncJitterMs?: number;
}

/** Logged event types, for servers that send each as a named SSE event (`event: contribution.approved`). */
const NAMED_TYPES = [
	'snapshot',
	'values',
	'presence',
	'session.created',
	'session.opened',
	'phase.advance',
	'phase.revisit',
	'session.pause',
	'session.resume',
	'participant.joined',
	'contribution.submitted',
	'contribution.approved',
	'contribution.hidden',
	'contribution.themed',
	'theme.created',
	'theme.updated',
	'theme.merged',
	'proposal.updated',
	'endorsement.counted',
	'response.counted',
	'controls.changed',
	'display.rotated',
	'speaking.changed'
] as const;

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

function isLoggedEvent(message: StreamMessage): message is StreamEvent {
	return (
		message.type !== 'snapshot' &&
		message.type !== 'values' &&
		message.type !== 'presence' &&
		message.type !== 'room'
	);
}

export class LiveStream<V extends SessionView> {
	status = $state<ConnectionStatus>('connecting');
	/** The highest sequence number applied; events at or below it are duplicates. */
	lastSeq = 0;

	#options: LiveStreamOptions<V>;
	#source: EventSource | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#resyncTimer: ReturnType<typeof setTimeout> | null = null;
	#backoff = BACKOFF_START_MS;
	#everLive = false;
	#lostSinceLive = false;
	#stopped = false;
	#cleanup: (() => void) | null = null;

	constructor(options: LiveStreamOptions<V>) {
		this.#options = options;
	}

	/** Opens the stream and starts listening for the browser going on- and offline. */
	start(): void {
		this.#stopped = false;
		const online = () => this.#onOnline();
		const offline = () => {
			// The browser knows before the stream does; anything that still arrives proves otherwise (below).
			if (this.status === 'live') this.#lostSinceLive = true;
			this.status = 'offline';
		};
		const visible = () => {
			// A phone that slept may hold a dead stream; a closed one is reopened at once when the screen comes back.
			if (document.visibilityState === 'visible' && this.#source?.readyState === EventSource.CLOSED) {
				this.#reconnectNow();
			}
		};
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		document.addEventListener('visibilitychange', visible);
		this.#cleanup = () => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
			document.removeEventListener('visibilitychange', visible);
		};
		this.#open();
	}

	stop(): void {
		this.#stopped = true;
		this.#cleanup?.();
		this.#cleanup = null;
		this.#clearTimers();
		this.#source?.close();
		this.#source = null;
	}

	/** Drops the current view and gets a whole new one (used when an event cannot be applied on its own). */
	resync(): void {
		if (this.#resyncTimer || this.#stopped) return;
		const jitter = Math.random() * (this.#options.resyncJitterMs ?? 0);
		this.#resyncTimer = setTimeout(() => {
			this.#resyncTimer = null;
			// Reopening makes the server send a fresh snapshot first; the status stays as it is meanwhile.
			this.#source?.close();
			this.#open();
		}, jitter);
	}

	/** Who looks, for a viewer without a cookie: the projector's link or an observer's code. */
	#viewerQuery(): string {
		if (this.#options.display) return `display=${encodeURIComponent(this.#options.display)}`;
		if (this.#options.watch) return `watch=${encodeURIComponent(this.#options.watch)}`;
		return '';
	}

	#url(): string {
		const query = [this.#viewerQuery(), this.lastSeq > 0 ? `lastEventId=${this.lastSeq}` : '']
			.filter(Boolean)
			.join('&');
		return `/api/v1/sessions/${encodeURIComponent(this.#options.sessionId)}/events${query ? `?${query}` : ''}`;
	}

	#open(): void {
		if (this.#stopped) return;
		const source = new EventSource(this.#url());
		this.#source = source;
		const handle = (event: MessageEvent<string>) => {
			if (this.#source !== source) return;
			this.#receive(event.data);
		};
		source.onmessage = handle;
		for (const type of NAMED_TYPES) source.addEventListener(type, handle);
		source.onerror = () => {
			if (this.#source !== source) return;
			if (source.readyState === EventSource.CONNECTING) {
				// The browser retries by itself and sends Last-Event-ID.
				this.#markLost();
				return;
			}
			source.close();
			this.#markLost();
			this.#scheduleReconnect();
		};
	}

	#markLost(): void {
		if (this.status === 'live') this.#lostSinceLive = true;
		this.status = navigator.onLine === false ? 'offline' : this.#everLive ? 'reconnecting' : 'connecting';
	}

	#receive(data: string): void {
		let message: StreamMessage;
		try {
			message = JSON.parse(data) as StreamMessage;
		} catch {
			return; // not ours (a proxy's keep-alive, say)
		}
		if (message.type === 'snapshot') {
			this.lastSeq = message.seq;
			this.#options.onSnapshot(message.view as V);
			this.#becameLive();
			return;
		}
		// A message proves the stream works, whatever the browser said about being offline.
		if (this.status !== 'live' && this.#everLive) this.#becameLive();
		if (!isLoggedEvent(message)) {
			this.#options.onExtra?.(message);
			return;
		}
		// Phones and the projector see only part of the log, so gaps are normal; going backwards is a duplicate.
		if (message.seq <= this.lastSeq) return;
		this.lastSeq = message.seq;
		if (this.#options.onEvent(message) === false) this.resync();
	}

	#becameLive(): void {
		const wasLost = this.#lostSinceLive || (this.#everLive && this.status !== 'live');
		this.status = 'live';
		this.#everLive = true;
		this.#lostSinceLive = false;
		this.#backoff = BACKOFF_START_MS;
		if (wasLost) this.#options.onReconnect?.();
	}

	#scheduleReconnect(): void {
		if (this.#stopped || this.#retryTimer) return;
		const delay = this.#backoff / 2 + Math.random() * this.#backoff;
		this.#backoff = Math.min(this.#backoff * 2, BACKOFF_MAX_MS);
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.#probeAndOpen();
		}, delay);
	}

	/**
	 * EventSource hides the HTTP status of a failed connection. Before reopening, one plain request tells a
	 * server that is still starting (retry) apart from one that says the viewer may no longer look (give up).
	 */
	async #probeAndOpen(): Promise<void> {
		if (this.#stopped) return;
		const viewer = this.#viewerQuery();
		const query = viewer ? `?${viewer}` : '';
		try {
			const response = await fetch(
				`/api/v1/sessions/${encodeURIComponent(this.#options.sessionId)}${query}`,
				{
					headers: { accept: 'application/json' },
					cache: 'no-store'
				}
			);
			if ([401, 403, 404, 410].includes(response.status)) {
				this.stop();
				this.status = 'offline';
				this.#options.onRefused?.(response.status);
				return;
			}
			if (!response.ok) {
				this.#scheduleReconnect();
				return;
			}
		} catch {
			this.#scheduleReconnect();
			return;
		}
		this.#open();
	}

	#onOnline(): void {
		if (this.status === 'offline') this.status = this.#everLive ? 'reconnecting' : 'connecting';
		if (this.#source?.readyState !== EventSource.OPEN) this.#reconnectNow();
	}

	#reconnectNow(): void {
		if (this.#stopped) return;
		this.#clearTimers();
		this.#source?.close();
		this.#backoff = BACKOFF_START_MS;
		void this.#probeAndOpen();
	}

	#clearTimers(): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		if (this.#resyncTimer) clearTimeout(this.#resyncTimer);
		this.#retryTimer = null;
		this.#resyncTimer = null;
	}
}
