// live/streams: where event streams are written; replay of the log, caps on open streams, who is connected.
/**
 * Server-Sent Events for live sessions: one stream per viewer (phone, console or projector).
 *
 * The reconnect contract: every logged event goes out with `id: <seq>` (the session's gapless sequence). A
 * (re)connecting client first gets a `snapshot` of its view (without an id, so it never moves the cursor) that
 * includes everything up to `snapshot.seq`; then, when it sent `Last-Event-ID` (or `?lastEventId=`), every event
 * after that id it may see, replayed from the log; then live events. Nothing is sent twice and nothing is
 * skipped: all of this runs synchronously (better-sqlite3 is synchronous and a commit publishes synchronously),
 * and each stream keeps a cursor of the last sequence number it passed, dropping anything at or below it and
 * reading any gap from the log.
 *
 * One hub per session reads new events from the log once per commit and shares the encoded frames between its
 * streams; each role gets only what it may see (events with audience `staff` only on staff streams, and the
 * `staff` part of a payload stripped for everyone else). What an event shows is decided when it is read, live or
 * replayed: it is projected against the current moderated state (`replay.ts`), so a replay from id 0 never
 * brings back text that moderation took back.
 */
import { randomInt } from 'node:crypto';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { SessionPhase } from '$lib/dialogue';
import type { ViewerRole } from '$lib/live/types';
import { onStaffAccessEnded } from '../../auth/access-ended';
import { monotonicNow } from '../../clock';
import type { StaffPrincipal } from '../../auth/principal';
import { isSessionLive } from '../../auth/sessions';
import type { Db } from '../../db';
import { getBus, type StoredEvent } from '../../events/bus';
import { loggedEvent, readEvents, type LoggedEvent } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import type { AddressOptions } from '../phones/addresses';
import { onPresence, presenceOf, shownPresence, trackConnection } from './presence';
import { CurrentState, projectEvent, type Projected, type Visibility } from './replay';
import { roomFigures } from '../views/room';
import { readSessionState, type SessionState } from '../store';
import { admitStream } from './stream-limits';
import { consoleView, currentCheck, phoneView, projectorView, valuesPanel } from '../views/views';

export type StreamViewer =
	| { role: 'participant'; participant: ParticipantPrincipal }
	| { role: 'staff'; staff: StaffPrincipal }
	| { role: 'display' }
	| { role: 'observer' };

/** The projector and its observers see the same wall: the same snapshots and the same public frames. */
function seesTheWall(role: ViewerRole): boolean {
	return role === 'display' || role === 'observer';
}

export interface StreamOptions extends AddressOptions {
	db: Db;
	sessionId: string;
	viewer: StreamViewer;
	/** The last event id the client has, from `Last-Event-ID` or `?lastEventId=`; null on a first connect. */
	lastEventId: number | null;
	/** The language the stream was opened in: a phone's snapshots show the staff-written texts in it. */
	locale?: string;
	/**
	 * For a staff viewer, the sign-in session the stream was opened with: checked again with every ping, so that
	 * a session that runs out (or is ended by any other means) ends the stream too.
	 */
	authSessionId?: string | null;
	/**
	 * The Node request behind the stream (adapter-node's `platform.req`), when there is one: its response is then
	 * written to directly once the stream has started (`directResponse`), instead of through the web stream.
	 */
	request?: IncomingMessage;
}

export interface StreamTiming {
	/**
	 * Comment ping interval: proxies close streams that stay silent for 60 s. A stream sent something other than a
	 * ping within the last half interval is not pinged, so no stream stays silent for more than one and a half (22.5 s).
	 */
	pingMs: number;
	/** How long after a change the values check is recomputed (changes often come in bursts). */
	valuesDelayMs: number;
	/** Least interval between two presence messages to the console. */
	presenceMs: number;
}

const timing: StreamTiming = { pingMs: 15_000, valuesDelayMs: 250, presenceMs: 1_000 };

/** Tests shorten the timers. */
export function setStreamTiming(change: Partial<StreamTiming>): void {
	Object.assign(timing, change);
}

/** A client whose unread backlog grows beyond this is cut off; it reconnects and catches up from the log. */
const MAX_BACKLOG = 2_000;
/** The same, in bytes, for a stream written straight to its socket (what the kernel has not taken yet). */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/**
 * Streams served in one go when events fan out. A bigger hall is served in slices, one turn of the event loop
 * each, the console and the projector in the first: a phone's submission that arrives while 2,000 phones get an
 * approval waits for one slice (about 2 ms), not for the whole fan-out.
 */
const FAN_OUT_SLICE = 250;

/**
 * The Node response of a request, for writing a stream's frames straight to it. A web `ReadableStream` costs a
 * promise, a queue entry and a pump turn per chunk per stream: at thousands of phones that is most of the cost of an
 * event. Node keeps the response being written on its socket (`_httpMessage`); it is used only when it is this
 * request's own response (`res.req`, public), else the stream stays on the web stream. Null in development (Vite),
 * where there is no Node request. Once the head is out, a chunked response's frames go to its socket as HTTP
 * chunks, so the response itself is only ended through it.
 */
function directResponse(request: IncomingMessage | undefined): ServerResponse | null {
	const candidate = (request?.socket as { _httpMessage?: unknown } | undefined)?._httpMessage;
	return candidate instanceof ServerResponse && candidate.req === request ? candidate : null;
}

const MACHINE_EVENTS = new Set([
	'phase.advance',
	'phase.revisit',
	'session.pause',
	'session.resume',
	// Phones and the projector learn only that the session moved to `endedEarly`, never the reason or note.
	'session.endEarly'
]);

const encoder = new TextEncoder();

/** A retry delay between 2 and 5 seconds, so that a hall of phones does not reconnect in the same instant. */
export function jitteredRetry(): number {
	return randomInt(2_000, 5_001);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventFrame(event: LoggedEvent, projected: Projected): string {
	const message = { type: projected.type, seq: event.seq, at: event.createdAt, data: projected.data };
	return `id: ${event.seq}\ndata: ${JSON.stringify(message)}\n\n`;
}

/** A message of the stream itself (snapshot, values, presence): no id, so the reconnect cursor stays put. */
function messageFrame(message: unknown): Uint8Array {
	return encoder.encode(`data: ${JSON.stringify(message)}\n\n`);
}

const PING = encoder.encode(': ping\n\n');

const CRLF = Buffer.from('\r\n');
/** Frames as HTTP/1.1 chunks, made once per frame: every stream of an audience writes the same bytes. */
const httpChunks = new WeakMap<Uint8Array, Buffer>();

function asHttpChunk(frame: Uint8Array): Buffer {
	let chunk = httpChunks.get(frame);
	if (!chunk) {
		chunk = Buffer.concat([Buffer.from(`${frame.byteLength.toString(16)}\r\n`), frame, CRLF]);
		httpChunks.set(frame, chunk);
	}
	return chunk;
}

function visibilityOf(role: ViewerRole): Visibility {
	return role === 'staff' ? 'staff' : 'public';
}

/** Every event after `afterSeq`, however many (the log is read in pages). */
function readAllAfter(db: Db, sessionId: string, afterSeq: number): LoggedEvent[] {
	const all: LoggedEvent[] = [];
	let cursor = afterSeq;
	for (;;) {
		const page = readEvents(db, sessionId, cursor, 1000);
		all.push(...page);
		if (page.length < 1000) return all;
		cursor = page[page.length - 1]?.seq ?? cursor;
	}
}

/**
 * Encoded frames of one batch, per visibility, made once and shared by every stream of the session. Frames are
 * projected against the session's current moderated state, read once for the batch (see `replay.ts`).
 */
class FrameCache {
	readonly #frames = new Map<string, Uint8Array | null>();
	/** Chunks per visibility, by cursor (numbers as keys: no string made per stream). */
	readonly #runs: Record<Visibility, Map<number, Uint8Array | null>> = {
		staff: new Map(),
		public: new Map()
	};
	readonly #current: CurrentState;

	constructor(db: Db, sessionId: string) {
		this.#current = new CurrentState(db, sessionId);
	}

	frame(event: LoggedEvent, visibility: Visibility): Uint8Array | null {
		const key = `${visibility}:${event.seq}`;
		let frame = this.#frames.get(key);
		if (frame === undefined) {
			const projected = projectEvent(event, visibility, this.#current);
			frame = projected === null ? null : encoder.encode(eventFrame(event, projected));
			this.#frames.set(key, frame);
		}
		return frame;
	}

	/**
	 * The frames of `events` after `cursor` that `visibility` may see, as one chunk: one write per stream per batch
	 * instead of one per event. Streams at the same cursor (nearly all of them) share the chunk.
	 */
	run(events: readonly LoggedEvent[], cursor: number, visibility: Visibility): Uint8Array | null {
		const runs = this.#runs[visibility];
		let chunk = runs.get(cursor);
		if (chunk === undefined) {
			// One look-up of the contributions the whole batch names, instead of one per event.
			this.#current.prefetch(events);
			const frames: Uint8Array[] = [];
			for (const event of events) {
				if (event.seq <= cursor) continue;
				const frame = this.frame(event, visibility);
				if (frame) frames.push(frame);
			}
			chunk = frames.length === 0 ? null : frames.length === 1 ? frames[0]! : Buffer.concat(frames);
			runs.set(cursor, chunk);
		}
		return chunk;
	}
}

class Client {
	closed = false;
	/** When something other than a ping was last written (`monotonicNow()`): a stream that just got one needs no ping. */
	lastSentAt = 0;
	readonly #untrack: () => void;
	/** Set once the response's head is out and every chunk of the web stream has been written (see `write`). */
	#direct: ServerResponse | null = null;
	/** A chunk went through the web stream in this turn of the event loop: it may not be written out yet. */
	#queuedThisTurn = false;

	constructor(
		readonly hub: SessionHub,
		readonly viewer: StreamViewer,
		readonly controller: ReadableStreamDefaultController<Uint8Array>,
		/** The last sequence number passed on (sent, or skipped as not visible). */
		public cursor: number,
		readonly options: StreamOptions,
		/** Uncounts the stream from the caps (stream-limits.ts). */
		readonly release: () => void,
		/** The Node response to write to directly once the stream has started, if there is one. */
		readonly response: ServerResponse | null = null
	) {
		this.since = cursor;
		this.#untrack = trackConnection(hub.sessionId, viewer.role);
	}

	/** Where the stream started: its snapshot's (or replay's) sequence number. */
	readonly since: number;

	get role(): ViewerRole {
		return this.viewer.role;
	}

	/**
	 * Writes a chunk. The first ones (retry, snapshot, replay) go through the web stream that SvelteKit pipes to the
	 * response; once the head is sent and that stream has nothing left in flight (its queue empty, and no chunk
	 * enqueued in this turn, which SvelteKit's pump may have taken but not yet written), chunks go straight to the
	 * response's socket, in order, without a promise per chunk. The web stream stays open, idle, so that SvelteKit's
	 * pump ends the response when it is closed.
	 */
	write(chunk: Uint8Array): void {
		if (this.closed) return;
		if (chunk !== PING) this.lastSentAt = monotonicNow();
		const direct = this.#direct ?? this.#goDirect();
		if (direct) {
			const socket = direct.socket;
			if (!socket || socket.destroyed || direct.writableEnded) return this.dispose();
			if (socket.writableLength > MAX_BACKLOG_BYTES) {
				// A phone that stopped reading: cut it off; it reconnects and catches up from the log.
				direct.destroy();
				return this.dispose();
			}
			// A chunked response (HTTP/1.1, as every browser asks): the frame goes to the socket at once, already
			// framed as one chunk (made once per frame, shared by every stream), instead of through the response,
			// which holds writes back until the code running now (the rest of the request that committed) is done.
			if (direct.chunkedEncoding) socket.write(asHttpChunk(chunk));
			else direct.write(chunk);
			return;
		}
		if ((this.controller.desiredSize ?? 0) < -MAX_BACKLOG) {
			this.close();
			return;
		}
		try {
			this.controller.enqueue(chunk);
		} catch {
			this.dispose();
			return;
		}
		if (this.response && !this.#queuedThisTurn) {
			this.#queuedThisTurn = true;
			setImmediate(() => (this.#queuedThisTurn = false));
		}
	}

	#goDirect(): ServerResponse | null {
		const res = this.response;
		if (!res || !res.headersSent || this.#queuedThisTurn || this.controller.desiredSize !== 1) return null;
		this.#direct = res;
		return res;
	}

	/** Passes on the events after the cursor, reading a gap (should one ever appear) from the log. */
	deliver(events: readonly LoggedEvent[], cache: FrameCache): void {
		if (this.closed || events.length === 0) return;
		let batch = events;
		let frames = cache;
		const first = batch[0];
		if (first && first.seq > this.cursor + 1) {
			// A batch of its own (the cache's chunks are per cursor, for the batch it was first given).
			batch = readAllAfter(this.hub.db, this.hub.sessionId, this.cursor);
			frames = new FrameCache(this.hub.db, this.hub.sessionId);
		}
		const last = batch[batch.length - 1];
		if (!last || last.seq <= this.cursor) return;
		const chunk = frames.run(batch, this.cursor, visibilityOf(this.role));
		this.cursor = last.seq;
		if (chunk) this.write(chunk);
	}

	snapshot(): void {
		this.write(messageFrame(buildSnapshot(this.options)));
	}

	close(): void {
		if (this.closed) return;
		try {
			this.controller.close();
		} catch {
			// Already closed by the other side.
		}
		this.dispose();
	}

	dispose(): void {
		if (this.closed) return;
		this.closed = true;
		this.#untrack();
		this.release();
		allClients.delete(this);
		this.hub.remove(this);
	}
}

function buildSnapshot(options: StreamOptions): { type: 'snapshot'; seq: number; view: unknown } {
	const { db, sessionId, viewer } = options;
	// The console's view only to staff: a role added later falls into none of these and fails to compile.
	const view =
		viewer.role === 'participant'
			? phoneView(db, sessionId, viewer.participant, { locale: options.locale })
			: viewer.role === 'staff'
				? consoleView(db, sessionId, options)
				: projectorView(db, sessionId, options);
	return { type: 'snapshot', seq: view.seq, view };
}

class SessionHub {
	readonly clients = new Set<Client>();
	/** The highest sequence number read from the log and handed to the clients. */
	lastRead: number;
	#phase: SessionPhase;
	readonly #unsubscribe: () => void;
	readonly #unsubscribePresence: () => void;
	readonly #ping: ReturnType<typeof setInterval>;
	#valuesTimer: ReturnType<typeof setTimeout> | null = null;
	#presenceTimer: ReturnType<typeof setTimeout> | null = null;
	#lastValues = '';
	#lastRoom = '';
	#lastPresence = '';
	/** Fixed when the session opens: the presence counts follow the small-group rule with it. */
	readonly #minGroupSize: number;

	constructor(
		readonly db: Db,
		readonly sessionId: string
	) {
		const state = readSessionState(db, sessionId);
		this.lastRead = state.lastSeq;
		this.#phase = state.phase;
		this.#minGroupSize = state.settings.minGroupSize;
		this.#unsubscribe = getBus().subscribe(sessionId, ({ seq, events }) => {
			if (seq > this.lastRead) this.#scheduleCatchUp(events);
		});
		this.#unsubscribePresence = onPresence(sessionId, () => this.#schedulePresence());
		this.#ping = setInterval(() => this.#pingAll(), timing.pingMs);
		this.#ping.unref();
	}

	#catchUpScheduled = false;
	#caughtUpThisTurn = false;

	/**
	 * The first commit in a turn of the event loop is fanned out at once (no added latency); commits that follow
	 * in the same turn are read and fanned out together once it ends, so that in a busy hall each stream gets one
	 * write for several events instead of one per event. `committed`: the events of the commit, when it sent them.
	 */
	#scheduleCatchUp(committed?: readonly StoredEvent[]): void {
		if (this.#catchUpScheduled) return;
		if (!this.#caughtUpThisTurn) {
			this.#caughtUpThisTurn = true;
			setImmediate(() => (this.#caughtUpThisTurn = false));
			this.catchUp(committed);
			return;
		}
		this.#catchUpScheduled = true;
		setImmediate(() => {
			this.#catchUpScheduled = false;
			if (this.clients.size > 0) this.catchUp();
		});
	}

	/** A fan-out still under way (in slices), and whether more was committed while it was. */
	#fanOut: { clients: Client[]; next: number; events: readonly LoggedEvent[]; cache: FrameCache } | null =
		null;
	#catchUpAfterFanOut = false;

	/**
	 * Reads what was committed since the last read and hands it to every client: staff and projectors first, the
	 * phones in slices of `FAN_OUT_SLICE`. What is committed while phones still wait for their slice reaches the
	 * console and the projectors at once, and the phones once the fan-out is done, so each stream still gets every
	 * event once and in order. `committed`, a commit's own events, saves reading them back when they are exactly what
	 * follows the last read.
	 */
	catchUp(committed?: readonly StoredEvent[]): void {
		if (this.#fanOut) {
			this.#catchUpAfterFanOut = true;
			const events = readAllAfter(this.db, this.sessionId, this.lastRead);
			if (events.length === 0) return;
			const cache = new FrameCache(this.db, this.sessionId);
			for (const client of this.clients) if (client.role !== 'participant') client.deliver(events, cache);
			this.#closeRotatedDisplays(events);
			return;
		}
		const events = this.#following(committed) ?? readAllAfter(this.db, this.sessionId, this.lastRead);
		if (events.length === 0) return;
		this.lastRead = events[events.length - 1]?.seq ?? this.lastRead;
		const first: Client[] = [];
		const phones: Client[] = [];
		for (const client of this.clients) (client.role === 'participant' ? phones : first).push(client);
		first.push(...phones);
		this.#fanOut = { clients: first, next: 0, events, cache: new FrameCache(this.db, this.sessionId) };
		this.#continueFanOut();
	}

	/** A commit's events when they are the very next ones after the last read, one after another; else null. */
	#following(committed: readonly StoredEvent[] | undefined): LoggedEvent[] | null {
		if (!committed || committed.length === 0) return null;
		for (let i = 0; i < committed.length; i++) {
			if (committed[i]?.seq !== this.lastRead + 1 + i) return null;
		}
		return committed.map(loggedEvent);
	}

	#continueFanOut(): void {
		const job = this.#fanOut;
		if (!job) return;
		const start = job.next;
		const end = Math.min(start + FAN_OUT_SLICE, job.clients.length);
		for (let i = start; i < end; i++) job.clients[i]?.deliver(job.events, job.cache);
		job.next = end;
		// The console and the projectors were in the first slice: what the events ask of them happens now.
		if (start === 0) this.#delivered(job.events);
		if (end < job.clients.length) {
			setImmediate(() => this.#continueFanOut());
			return;
		}
		this.#fanOut = null;
		if (this.#catchUpAfterFanOut) {
			this.#catchUpAfterFanOut = false;
			if (this.clients.size > 0) this.catchUp();
		}
	}

	/** What follows a fan-out: the phase it moved to, and what that asks of the streams. */
	#delivered(events: readonly LoggedEvent[]): void {
		const previous = this.#phase;
		for (const event of events) {
			const payload = isRecord(event.payload) ? event.payload : {};
			if (typeof payload.to === 'string' && MACHINE_EVENTS.has(event.type))
				this.#phase = payload.to as SessionPhase;
		}
		// The projector shows nothing while paused: on resume it needs the whole view again.
		if (previous === 'paused' && this.#phase !== 'paused') {
			for (const client of this.clients) if (seesTheWall(client.role)) client.snapshot();
		}
		this.#closeRotatedDisplays(events);
		this.#scheduleValues();
	}

	/**
	 * A new projector link: projectors still on the old one (opened before the rotation) are disconnected and cannot
	 * reconnect; one opened with the new link after it stays.
	 */
	#closeRotatedDisplays(events: readonly LoggedEvent[]): void {
		const rotated = events.findLast((e) => e.type === 'display.rotated')?.seq;
		if (rotated === undefined) return;
		for (const client of [...this.clients]) {
			if (client.role === 'display' && client.since < rotated) client.close();
		}
	}

	add(client: Client): void {
		this.clients.add(client);
	}

	remove(client: Client): void {
		this.clients.delete(client);
		if (this.clients.size === 0) this.dispose();
	}

	dispose(): void {
		this.#fanOut = null;
		this.#catchUpAfterFanOut = false;
		this.#unsubscribe();
		this.#unsubscribePresence();
		clearInterval(this.#ping);
		if (this.#valuesTimer) clearTimeout(this.#valuesTimer);
		if (this.#presenceTimer) clearTimeout(this.#presenceTimer);
		hubsOf(this.db).delete(this.sessionId);
	}

	/**
	 * Pings the streams that were sent nothing but pings for half an interval (in a busy meeting the events keep
	 * nearly all of them open), in slices like a fan-out: a hall of 2,000 quiet phones is 2,000 writes. Staff streams
	 * are checked against their sign-in on every ping, silent or not.
	 */
	#pingAll(): void {
		const now = Date.now();
		const quietSince = monotonicNow() - timing.pingMs / 2;
		const quiet: Client[] = [];
		for (const client of [...this.clients]) {
			const authSessionId = client.options.authSessionId;
			if (client.role === 'staff' && authSessionId && !isSessionLive(this.db, authSessionId, now)) {
				allClients.delete(client);
				client.close();
				continue;
			}
			if (client.lastSentAt <= quietSince) quiet.push(client);
		}
		const pingFrom = (start: number) => {
			const end = Math.min(start + FAN_OUT_SLICE, quiet.length);
			for (let i = start; i < end; i++) quiet[i]?.write(PING);
			if (end < quiet.length) setImmediate(() => pingFrom(end));
		};
		pingFrom(0);
		// Typing reports expire without a call; the ping is a good moment to notice.
		this.#schedulePresence();
	}

	#hasRole(role: ViewerRole): boolean {
		for (const client of this.clients) if (client.role === role) return true;
		return false;
	}

	/** Whether a projector or an observer is open: one pass over the clients (a hall holds thousands of phones). */
	#seesTheWall(): boolean {
		for (const client of this.clients) if (seesTheWall(client.role)) return true;
		return false;
	}

	/** The values check may change with almost any event: recompute once per burst, send when it changed. */
	#scheduleValues(): void {
		if (this.#valuesTimer || !(this.#hasRole('staff') || this.#seesTheWall())) return;
		this.#valuesTimer = setTimeout(() => {
			this.#valuesTimer = null;
			if (this.clients.size === 0) return;
			try {
				const state = readSessionState(this.db, this.sessionId);
				this.#sendRoom(state);
				const check = currentCheck(this.db, state, Date.now());
				const key = JSON.stringify(check);
				if (key === this.#lastValues) return;
				this.#lastValues = key;
				const panel = valuesPanel(check);
				const staffFrame = messageFrame({ type: 'values', seq: state.lastSeq, check, panel });
				const publicFrame = messageFrame({ type: 'values', seq: state.lastSeq, check: null, panel });
				for (const client of [...this.clients]) {
					if (client.role === 'staff') client.write(staffFrame);
					else if (seesTheWall(client.role)) client.write(publicFrame);
				}
			} catch {
				// The session was deleted (retention) while streams were open: nothing to show.
			}
		}, timing.valuesDelayMs);
		this.#valuesTimer.unref?.();
	}

	/** The projector's joined and answered counts, only when what they show changed (small-group rule 6). */
	#sendRoom(state: SessionState): void {
		if (!this.#seesTheWall()) return;
		const room = roomFigures(this.db, state);
		const key = JSON.stringify(room);
		if (key === this.#lastRoom) return;
		this.#lastRoom = key;
		const frame = messageFrame({ type: 'room', seq: state.lastSeq, room });
		for (const client of [...this.clients]) if (seesTheWall(client.role)) client.write(frame);
	}

	#schedulePresence(): void {
		if (this.#presenceTimer || !this.#hasRole('staff')) return;
		this.#presenceTimer = setTimeout(() => {
			this.#presenceTimer = null;
			const presence = shownPresence(presenceOf(this.sessionId), this.#minGroupSize);
			const key = JSON.stringify(presence);
			if (key === this.#lastPresence) return;
			this.#lastPresence = key;
			const frame = messageFrame({ type: 'presence', ...presence });
			for (const client of [...this.clients]) if (client.role === 'staff') client.write(frame);
		}, timing.presenceMs);
		this.#presenceTimer.unref?.();
	}
}

const hubsByDb = new WeakMap<Db, Map<string, SessionHub>>();

function hubsOf(db: Db): Map<string, SessionHub> {
	let hubs = hubsByDb.get(db);
	if (!hubs) {
		hubs = new Map();
		hubsByDb.set(db, hubs);
	}
	return hubs;
}

/** Every open stream, so that a shutdown can end them at once. */
const allClients = new Set<Client>();

/**
 * Opens the event stream of one viewer. The caller has checked who the viewer is and that they may see the
 * session. Returns the body of a `text/event-stream` response; throws a 429 `LiveError` when the viewer, the
 * session or the process has as many streams open as it may (staff are never refused).
 */
export function openEventStream(options: StreamOptions): ReadableStream<Uint8Array> {
	const { db, sessionId } = options;
	const release = admitStream(sessionId, options.viewer);
	let client: Client | undefined;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			const hubs = hubsOf(db);
			let hub = hubs.get(sessionId);
			if (!hub) {
				hub = new SessionHub(db, sessionId);
				hubs.set(sessionId, hub);
			}
			// Anything committed but not yet handed out goes to the existing clients first.
			hub.catchUp();
			let snapshot: ReturnType<typeof buildSnapshot>;
			try {
				snapshot = buildSnapshot(options);
			} catch (error) {
				// The session went away (retention) between the route's check and now: leave no idle hub behind.
				if (hub.clients.size === 0) hub.dispose();
				release();
				throw error;
			}
			const known = options.lastEventId;
			// A client that claims an id beyond the log (a database that was replaced) starts from the snapshot.
			const replayFrom = known !== null && known >= 0 && known <= snapshot.seq ? known : null;
			client = new Client(
				hub,
				options.viewer,
				controller,
				replayFrom ?? snapshot.seq,
				options,
				release,
				directResponse(options.request)
			);
			client.write(encoder.encode(`retry: ${jitteredRetry()}\n\n`));
			client.write(messageFrame(snapshot));
			if (replayFrom !== null)
				client.deliver(readAllAfter(db, sessionId, replayFrom), new FrameCache(db, sessionId));
			hub.add(client);
			allClients.add(client);
			hub.catchUp();
		},
		cancel() {
			if (client) client.dispose();
			else release();
		}
	});
}

/** Open streams per role for a session (the same numbers as the presence counts). */
export function openStreamCount(sessionId: string): Record<ViewerRole, number> {
	return presenceOf(sessionId).connected;
}

/** Ends every open stream (shutdown, tests). Clients reconnect by themselves, to this or the next server. */
export function closeAllStreams(): void {
	for (const client of [...allClients]) {
		allClients.delete(client);
		client.close();
	}
}

/**
 * Ends every open staff stream of one person: a session of theirs ended, their account was switched off, their
 * role changed or their password was reset. A console still signed in reconnects and is checked afresh; one
 * that is not gets 401 and no more staff events.
 */
export function closeStaffStreams(userId: string): number {
	let closed = 0;
	for (const client of [...allClients]) {
		if (client.viewer.role !== 'staff' || client.viewer.staff.id !== userId) continue;
		allClients.delete(client);
		client.close();
		closed++;
	}
	return closed;
}

onStaffAccessEnded(closeStaffStreams);

let hooksInstalled = false;

/**
 * Ends every stream as soon as the server is asked to stop. adapter-node emits `sveltekit:shutdown` only after
 * all connections have ended, which open streams never do by themselves; so the streams are also closed on the
 * signal itself, letting the server finish at once instead of after SHUTDOWN_TIMEOUT.
 */
export function installShutdownHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.once('SIGTERM', closeAllStreams);
	process.once('SIGINT', closeAllStreams);
	process.once('sveltekit:shutdown', closeAllStreams);
}
