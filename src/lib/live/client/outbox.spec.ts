/**
 * The phone's outbox against a real HTTP server that holds answers until the test lets them go: what goes out
 * beside what, in which order, and what one expired cookie costs. The page's globals (window, document,
 * localStorage) are small stand-ins; fetch is Node's own, to this server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeldServer, stubPage, type Arrival } from './held-server';
import { Outbox, type OutboxItem, type Rejection } from './outbox.svelte';

let held: HeldServer;
/** Every request that arrived, its path without `/api/v1/sessions/s1/`. */
let arrivals: Arrival[] = [];

/** Resolves once `count` requests have arrived (not necessarily been answered): the first `count`. */
const arrived = (count: number): Promise<Arrival[]> => held.arrived(count);

/** The `n`th request to arrive (from 1), once it has. */
const request = (n: number): Promise<Arrival> => held.nth(n);

/** Lets the event loop run until nothing more arrives for a little while. */
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
	held = await new HeldServer({ pathOf: (url) => url.replace(/^\/api\/v1\/sessions\/s1\//, '') }).start();
	arrivals = held.arrivals;
	stubPage(held.base, {
		window: new EventTarget(),
		document: Object.assign(new EventTarget(), { visibilityState: 'visible' })
	});
});

afterEach(async () => {
	vi.unstubAllGlobals();
	await held.close();
});

function outbox(rejoin?: () => Promise<boolean>) {
	const sent: OutboxItem[] = [];
	const rejected: Rejection[] = [];
	const box = new Outbox({
		sessionId: 's1',
		onSent: (item) => sent.push(item),
		onRejected: (rejection) => rejected.push(rejection),
		rejoin
	});
	box.start();
	return { box, sent, rejected };
}

describe('the outbox', () => {
	it('sends a worry beside an answer still on its way, not after it', async () => {
		const { box, sent } = outbox();
		box.submit('response', { prompt: 'groundRules.affirm', answer: 'agree' });
		box.submit('contribution', { kind: 'concern', text: 'The walk to school' });
		// Both are at the server while neither has been answered.
		const answer = await request(1);
		const worry = await request(2);
		expect([answer.path, worry.path]).toEqual(['responses', 'contributions']);
		expect(box.sending).toBe(true);
		worry.answer(201);
		answer.answer(201);
		await vi.waitFor(() => expect(sent).toHaveLength(2));
		expect(box.sending).toBe(false);
		expect(box.items).toEqual([]);
	});

	it('keeps one lane in order: taking support back waits for the support it takes back', async () => {
		const { box, sent } = outbox();
		box.submit('endorsement', { contributionId: 'c1' });
		box.submit('withdrawal', { contributionId: 'c1' });
		box.submit('contribution', { kind: 'concern', text: 'A second worry' });
		box.submit('contribution', { kind: 'concern', text: 'A third worry' });
		const first = await arrived(2);
		expect(first.map((a) => `${a.method} ${a.path}`).sort()).toEqual([
			'POST contributions',
			'POST endorsements'
		]);
		await settle();
		// Nothing else went out: each lane waits for its own first answer.
		expect(arrivals).toHaveLength(2);
		const endorsement = first.find((a) => a.path === 'endorsements');
		endorsement?.answer(201);
		const withdrawal = await request(3);
		expect(`${withdrawal.method} ${withdrawal.path}`).toBe('DELETE endorsements/c1');
		first.find((a) => a.path === 'contributions')?.answer(201);
		const third = await request(4);
		expect(third.body?.text).toBe('A third worry');
		withdrawal.answer(200);
		third.answer(201);
		await vi.waitFor(() => expect(sent).toHaveLength(4));
		// Within a lane, answered in the order pressed.
		expect(sent.filter((item) => item.kind !== 'contribution').map((item) => item.kind)).toEqual([
			'endorsement',
			'withdrawal'
		]);
		expect(sent.filter((item) => item.kind === 'contribution').map((item) => item.body.text)).toEqual([
			'A second worry',
			'A third worry'
		]);
	});

	it('lets the other lanes go on while one waits to retry, and keeps the waiting item', async () => {
		const { box, sent } = outbox();
		box.submit('contribution', { kind: 'concern', text: 'Kept through a bad moment' });
		const worry = await request(1);
		worry.answer(503, { status: 503 });
		await vi.waitFor(() => expect(box.stalled).toBe(true));
		// A new item is a moment to try every lane again (the network may be back): the worry goes once more.
		box.submit('response', { prompt: 'groundRules.affirm', answer: 'agree' });
		const later = (await arrived(3)).slice(1);
		const answer = later.find((a) => a.path === 'responses');
		const retry = later.find((a) => a.path === 'contributions');
		expect(retry?.body?.clientRequestId).toBe(worry.body?.clientRequestId);
		retry?.answer(503, { status: 503 });
		answer?.answer(201);
		await vi.waitFor(() => expect(sent).toHaveLength(1));
		// The worry's lane still waits for its retry: the answer's success does not hide that.
		await vi.waitFor(() => expect(box.sending).toBe(false));
		expect(box.stalled).toBe(true);
		expect(box.items.map((item) => item.body.text)).toEqual(['Kept through a bad moment']);
		box.flush();
		const again = await request(4);
		expect(again.body?.clientRequestId).toBe(worry.body?.clientRequestId);
		again.answer(200);
		await vi.waitFor(() => expect(sent).toHaveLength(2));
		expect(box.stalled).toBe(false);
		box.stop();
	});

	it('keeps what held one lane to that lane: its reason, and when the server said to try again', async () => {
		const { box, sent } = outbox();
		box.submit('contribution', { kind: 'concern', text: 'A sixth worry' });
		const worry = await request(1);
		worry.answer(
			429,
			{ status: 429, code: 'tooManyPending', detail: 'Five of your messages are still unread.' },
			{ 'retry-after': '30' }
		);
		await vi.waitFor(() => expect(box.held).toBe('Five of your messages are still unread.'));
		// An answer goes through (after one failure, retried at once as its server says): the worry is still held,
		// and was not asked for again before its 30 seconds.
		box.submit('response', { prompt: 'groundRules.affirm', answer: 'agree' });
		const [, second, third] = await arrived(3);
		const answer = [second, third].find((a) => a?.path === 'responses');
		expect([second, third].find((a) => a?.path === 'contributions')).toBeDefined(); // the submit's own flush
		[second, third]
			.find((a) => a?.path === 'contributions')
			?.answer(429, { detail: 'Five of your messages are still unread.' }, { 'retry-after': '30' });
		answer?.answer(503, { status: 503 }, { 'retry-after': '0' });
		const retried = await request(4);
		expect(retried.path).toBe('responses');
		retried.answer(201);
		await vi.waitFor(() => expect(sent).toHaveLength(1));
		await settle(200);
		expect(arrivals).toHaveLength(4);
		expect(box.held).toBe('Five of your messages are still unread.');
		expect(box.items.map((item) => item.kind)).toEqual(['contribution']);
		box.stop();
	});

	it('joins again once when two lanes meet the same expired cookie', async () => {
		let joins = 0;
		const { box, sent } = outbox(async () => {
			joins += 1;
			await settle(50);
			return true;
		});
		box.submit('response', { prompt: 'groundRules.affirm', answer: 'agree' });
		box.submit('contribution', { kind: 'concern', text: 'After the cookie expired' });
		const first = await arrived(2);
		for (const arrival of first) arrival.answer(401, { status: 401 });
		const retried = await arrived(4);
		expect(joins).toBe(1);
		for (const arrival of retried.slice(2)) arrival.answer(201);
		await vi.waitFor(() => expect(sent).toHaveLength(2));
	});
});
