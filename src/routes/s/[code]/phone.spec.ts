/**
 * The phone's session against a real HTTP server that holds answers until the test lets them go: what joining
 * again costs when the cookie expired. The live stream's status check and the queue's send may both meet the
 * expired cookie at once, and each joins again; two joins without a cookie would make the server count two
 * participants. The page's globals (window, document, localStorage, navigator) are small stand-ins, EventSource
 * is one the test opens and breaks, and fetch is Node's own, to this server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeldServer, stubPage, type Arrival } from '$lib/live/client/held-server';
import type { PhoneView } from '$lib/live/types';
import { PhoneSession } from './phone.svelte';

let held: HeldServer;
let sources: FakeEventSource[] = [];
/** Every phone a test made, stopped after it (a failed test's timers must not reach the next one). */
let sessions: PhoneSession[] = [];

/** An EventSource the test drives: opened with a snapshot, or broken the way a refused stream breaks. */
class FakeEventSource extends EventTarget {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSED = 2;
	readyState = FakeEventSource.CONNECTING;
	onmessage: ((event: MessageEvent<string>) => void) | null = null;
	onerror: ((event: Event) => void) | null = null;

	constructor(readonly url: string) {
		super();
		sources.push(this);
	}

	close(): void {
		this.readyState = FakeEventSource.CLOSED;
	}

	/** The server's first message: the whole view. */
	open(seq = 1): void {
		this.readyState = FakeEventSource.OPEN;
		const data = JSON.stringify({ type: 'snapshot', seq, view: phoneView() });
		this.onmessage?.(new MessageEvent('message', { data }));
	}

	/** The browser gave up (an HTTP error such as 401): the stream asks the server plainly what is wrong. */
	fail(): void {
		this.readyState = FakeEventSource.CLOSED;
		this.onerror?.(new Event('error'));
	}
}

/** A target that counts who listens, to see that nothing is left listening after the page stops. */
class CountingTarget extends EventTarget {
	listeners = new Map<string, Set<unknown>>();

	override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
		super.addEventListener(type, listener);
		if (!this.listeners.has(type)) this.listeners.set(type, new Set());
		this.listeners.get(type)?.add(listener);
	}

	override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
		super.removeEventListener(type, listener);
		this.listeners.get(type)?.delete(listener);
	}

	count(type: string): number {
		return this.listeners.get(type)?.size ?? 0;
	}

	total(): number {
		return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
	}
}

let win: CountingTarget;
let doc: CountingTarget;

function phoneView(): PhoneView {
	return {
		sessionId: 's1',
		serverNow: Date.now(),
		phase: 'concerns',
		paused: false,
		accepts: { concern: true, proposal: false },
		controls: { openPrompt: null },
		wall: { themes: [], unthemed: [] },
		proposals: [],
		myAnswers: {}
	} as unknown as PhoneView;
}

/** The `n`th request (from 1) for this method and path, once it has arrived. */
const request = (method: string, path: string, n: number): Promise<Arrival> =>
	held.nth(n, (a) => a.method === method && a.path === path);

const joins = () => held.arrivals.filter((a) => a.method === 'POST' && a.path === '/api/v1/join');
const sends = () => held.arrivals.filter((a) => a.path === '/api/v1/sessions/s1/contributions');

/** Lets the event loop run until nothing more arrives for a little while. */
const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
	sources = [];
	// Typing reports are not this spec's subject: answered at once.
	held = await new HeldServer({
		answerAtOnce: (path) => (path.endsWith('/typing') ? 200 : null)
	}).start();
	win = new CountingTarget();
	doc = Object.assign(new CountingTarget(), { visibilityState: 'visible' });
	stubPage(held.base, {
		window: win,
		document: doc,
		navigator: { onLine: true },
		EventSource: FakeEventSource
	});
});

afterEach(async () => {
	for (const session of sessions) session.stop();
	sessions = [];
	vi.unstubAllGlobals();
	await held.close();
});

function phone(): PhoneSession {
	const session = new PhoneSession('ABC123');
	sessions.push(session);
	return session;
}

/** A phone that joined (its first join answered), its stream open, with a worry on its way and held. */
async function joinedWithAWorryOnItsWay() {
	const session = phone();
	const started = session.start();
	(await request('POST', '/api/v1/join', 1)).answer(201, { sessionId: 's1', view: phoneView() });
	await started;
	expect(session.join).toBe('joined');
	sources[0]?.open();
	expect(session.stream?.status).toBe('live');
	session.sendContribution('concern', 'Written before the cookie expired');
	const send = await request('POST', '/api/v1/sessions/s1/contributions', 1);
	return { session, send };
}

describe('the phone joining again after its cookie expired', () => {
	for (const first of ['the queue', 'the stream'] as const) {
		it(`joins once when the stream and the queue both meet the expired cookie (${first} first)`, async () => {
			const { session, send } = await joinedWithAWorryOnItsWay();
			const outbox = session.outbox;
			// The stream breaks; before reopening, it asks the server plainly (the status check) and is held there.
			sources[0]?.fail();
			const check = await request('GET', '/api/v1/sessions/s1', 1);
			// Both answered 401, one while the other's join is still on its way (the server holds the join).
			const [one, other] = first === 'the queue' ? [send, check] : [check, send];
			one.answer(401, { status: 401 });
			const join = await request('POST', '/api/v1/join', 2);
			other.answer(401, { status: 401 });
			await settle();
			expect(joins()).toHaveLength(2); // the first join, and one more
			expect(join.body).toEqual({ code: 'ABC123' });
			join.answer(201, { sessionId: 's1', view: phoneView() });

			// The queue goes on: the worry is sent again, once, with its request id, and arrives.
			const resend = await request('POST', '/api/v1/sessions/s1/contributions', 2);
			expect(resend.body?.clientRequestId).toBe(send.body?.clientRequestId);
			resend.answer(201, { id: 'c1' });
			await vi.waitFor(() => expect(session.outbox?.items).toEqual([]));
			expect(session.mine?.list.map((entry) => entry.id)).toEqual(['c1']);
			// The stream goes on: a new one opens and is live.
			await vi.waitFor(() => expect(sources).toHaveLength(2));
			sources[1]?.open();
			expect(session.stream?.status).toBe('live');
			expect(session.join).toBe('joined');
			await settle();
			expect(joins()).toHaveLength(2);
			expect(sends()).toHaveLength(2);
			// One queue for the session, and nothing doubled by going live twice.
			expect(session.outbox).toBe(outbox);
			expect(sources[0]?.readyState).toBe(FakeEventSource.CLOSED);
			expect(win.count('pagehide')).toBe(1);
			session.stop();
			expect(win.total()).toBe(0);
			expect(doc.total()).toBe(0);
		});
	}

	it('shares the join on its way with a second start, and goes live once', async () => {
		const session = phone();
		const first = session.start();
		const second = session.start();
		const join = await request('POST', '/api/v1/join', 1);
		await settle();
		expect(joins()).toHaveLength(1);
		join.answer(201, { sessionId: 's1', view: phoneView() });
		await Promise.all([first, second]);
		expect(session.join).toBe('joined');
		expect(sources).toHaveLength(1);
		// Once it settled, the next join may go.
		const third = session.start();
		(await request('POST', '/api/v1/join', 2)).answer(200, { sessionId: 's1', view: phoneView() });
		await third;
		expect(sources).toHaveLength(2);
		expect(sources[0]?.readyState).toBe(FakeEventSource.CLOSED);
		session.stop();
		expect(win.total()).toBe(0);
		expect(doc.total()).toBe(0);
	});

	it('does not go live after the page stopped while its join was on its way', async () => {
		const session = phone();
		const started = session.start();
		const join = await request('POST', '/api/v1/join', 1);
		session.stop();
		join.answer(201, { sessionId: 's1', view: phoneView() });
		await started;
		await settle();
		expect(session.join).toBe('joining');
		expect(sources).toEqual([]);
		expect(win.total()).toBe(0);
		expect(doc.total()).toBe(0);
	});
});

describe("the page's early join (src/phone/early-join.ts)", () => {
	type Early = { code: string; response: Promise<Response> } | false | undefined;
	const early = () => (win as unknown as { hearthJoin?: Early }).hearthJoin;

	/** The page's inline script, as it runs at the top of the head of `/s/<code>`. */
	async function runEarlyJoin(code: string): Promise<void> {
		vi.stubGlobal('location', { pathname: `/s/${code}` });
		vi.resetModules();
		await import('../../../phone/early-join');
	}

	it('sends the join from the head; the entry takes its answer and sends none of its own', async () => {
		await runEarlyJoin('ABC123');
		const join = await request('POST', '/api/v1/join', 1);
		expect(join.body).toEqual({ code: 'ABC123' });
		expect(early()).toMatchObject({ code: 'ABC123' });
		const session = phone();
		const started = session.start();
		join.answer(201, { sessionId: 's1', view: phoneView() });
		await started;
		expect(session.join).toBe('joined');
		expect(early()).toBe(false);
		await settle();
		expect(joins()).toHaveLength(1);
	});

	it('is read once: a refused early join leaves the retry to a join of its own', async () => {
		await runEarlyJoin('ABC123');
		const join = await request('POST', '/api/v1/join', 1);
		const session = phone();
		const started = session.start();
		join.answer(429, { status: 429 });
		await started;
		expect(session.join).toBe('busy');
		// Tapping "Try again" (or the retry timer): a new request, not the answer already read.
		const again = session.start();
		(await request('POST', '/api/v1/join', 2)).answer(201, { sessionId: 's1', view: phoneView() });
		await again;
		expect(session.join).toBe('joined');
		expect(joins()).toHaveLength(2);
	});

	it('is left alone by an entry that joins with another code', async () => {
		await runEarlyJoin('XYZ789');
		await request('POST', '/api/v1/join', 1);
		const session = phone();
		const started = session.start();
		const own = await request('POST', '/api/v1/join', 2);
		expect(own.body).toEqual({ code: 'ABC123' });
		own.answer(201, { sessionId: 's1', view: phoneView() });
		await started;
		expect(session.join).toBe('joined');
		expect(early()).toBe(false);
	});

	it('does not go when the entry has already joined (it ran second): one join, not two without a cookie', async () => {
		const session = phone();
		const started = session.start();
		(await request('POST', '/api/v1/join', 1)).answer(201, { sessionId: 's1', view: phoneView() });
		await started;
		await runEarlyJoin('ABC123');
		await settle();
		expect(joins()).toHaveLength(1);
		expect(early()).toBe(false);
	});
});
