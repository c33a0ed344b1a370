import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, applyEvent, readEvents } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import { approveContribution, hideContribution, redactContribution } from '../commands/moderation';
import { respond, submitContribution } from '../phones/participation';
import { changeControls } from '../commands/controls';
import type { RoomFigures } from '$lib/live/types';
import { presenceOf } from './presence';
import { rotateDisplayLink, type OpenedSession } from '../commands/sessions';
import { commit } from '../store';
import { closeAllStreams, openEventStream, setStreamTiming, type StreamViewer } from './stream';
import {
	ADDRESS,
	FrameReader,
	joinPhone,
	liveFixture,
	loggedEvents,
	moveTo,
	openSession,
	requestId,
	type Frame,
	type LiveFixture
} from '../test-support';

let fx: LiveFixture;
let opened: OpenedSession;
let phone: ParticipantPrincipal;
const readers: FrameReader[] = [];

beforeEach(() => {
	setStreamTiming({ valuesDelayMs: 20, presenceMs: 20 });
	fx = liveFixture();
	opened = openSession(fx);
	phone = joinPhone(fx, opened);
	moveTo(fx, opened.sessionId, 'fearsAndStigma');
});

afterEach(async () => {
	closeAllStreams();
	for (const reader of readers.splice(0)) await reader.cancel().catch(() => undefined);
	fx.close();
});

function connect(viewer: StreamViewer, lastEventId: number | null = null): FrameReader {
	const reader = new FrameReader(
		openEventStream({ db: fx.db, sessionId: opened.sessionId, viewer, lastEventId, ...ADDRESS })
	);
	readers.push(reader);
	return reader;
}

const asPhone = (): StreamViewer => ({ role: 'participant', participant: phone });
const asStaff = (): StreamViewer => ({ role: 'staff', staff: fx.facilitator });

function submit(text: string): string {
	return submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() }).id;
}

/** Reads the opening frames: retry, then the snapshot. */
async function opening(reader: FrameReader): Promise<{ retry: Frame | null; snapshot: Frame | null }> {
	return { retry: await reader.next(), snapshot: await reader.next() };
}

describe('the start of a stream', () => {
	it('sends a jittered retry, then a snapshot of the view without an id', async () => {
		const reader = connect(asPhone());
		const { retry, snapshot } = await opening(reader);
		expect(retry?.retry).toBeGreaterThanOrEqual(2000);
		expect(retry?.retry).toBeLessThanOrEqual(5000);
		expect(snapshot?.id).toBeUndefined();
		expect(snapshot?.data).toMatchObject({
			type: 'snapshot',
			view: { role: 'participant', phase: 'fearsAndStigma', sessionId: opened.sessionId }
		});
		const last = readEvents(fx.db, opened.sessionId).at(-1)?.seq;
		expect((snapshot?.data as { seq: number }).seq).toBe(last);
	});

	it('counts open streams per role while they are open, observers apart from phones', async () => {
		const a = connect(asPhone());
		const b = connect(asStaff());
		const c = connect({ role: 'observer' });
		await opening(a);
		await opening(b);
		await opening(c);
		expect(presenceOf(opened.sessionId).connected).toEqual({
			participant: 1,
			staff: 1,
			display: 0,
			observer: 1
		});
		await a.cancel();
		await c.cancel();
		expect(presenceOf(opened.sessionId).connected).toEqual({
			participant: 0,
			staff: 1,
			display: 0,
			observer: 0
		});
	});
});

describe('pings', () => {
	afterEach(() => setStreamTiming({ pingMs: 15_000 }));

	/** Reads frames for `ms`, counting the pings (comment frames) among them. */
	async function pingsWithin(reader: FrameReader, ms: number): Promise<number> {
		const until = Date.now() + ms;
		let pings = 0;
		for (let left = ms; left > 0; left = until - Date.now()) {
			const frame = await reader.next(left);
			if (frame?.comment === 'ping') pings++;
		}
		return pings;
	}

	it('keeps a silent stream open with pings, and spares a stream that events keep busy', async () => {
		// Pings every 300 ms, none for a stream sent something in the last 150 ms.
		setStreamTiming({ pingMs: 300 });
		const phoneStream = connect(asPhone());
		const staffStream = connect(asStaff());
		await opening(phoneStream);
		await opening(staffStream);
		// For about two seconds, a submission every 40 ms from fifteen other phones (each may have five waiting): the console gets
		// each one, the phone whose stream is read nothing (they are not approved).
		const others = Array.from({ length: 15 }, () => joinPhone(fx, opened));
		let sent = 0;
		const sending = setInterval(() => {
			const from = others[sent++ % others.length]!;
			submitContribution(fx.db, from, {
				kind: 'concern',
				text: `A worry sent at ${Date.now()}`,
				clientRequestId: requestId()
			});
		}, 40);
		// Counted from the second interval on: before the submissions began the console's stream was quiet too.
		await Promise.all([pingsWithin(phoneStream, 400), pingsWithin(staffStream, 400)]);
		const [phonePings, staffPings] = await Promise.all([
			pingsWithin(phoneStream, 1_500),
			pingsWithin(staffStream, 1_500)
		]);
		clearInterval(sending);
		expect(phonePings).toBeGreaterThanOrEqual(3);
		expect(staffPings).toBe(0);
		// Once the submissions stop, the console's stream is silent too, and gets its ping.
		expect(await pingsWithin(staffStream, 800)).toBeGreaterThanOrEqual(1);
	});
});

describe('what each role may see', () => {
	it('never gives a phone unmoderated text or staff-only events; an approval carries the text once', async () => {
		const phoneStream = connect(asPhone());
		const staffStream = connect(asStaff());
		await opening(phoneStream);
		await opening(staffStream);

		const pending = submit('I am worried about the playground at night');
		// participant.joined: staff only, and only once the count can be shown (the fifth phone; one joined before).
		for (let i = 0; i < 4; i++) joinPhone(fx, opened);
		const staffFrames = loggedEvents(await staffStream.drain());
		expect(staffFrames.map((e) => e.type)).toEqual(['contribution.submitted', 'participant.joined']);
		expect(JSON.stringify(staffFrames[0])).toContain('playground at night');
		expect(await phoneStream.drain()).toEqual([]);

		approveContribution(fx.db, fx.facilitator, opened.sessionId, pending);
		const approved = loggedEvents(await phoneStream.drain());
		expect(approved).toHaveLength(1);
		expect(approved[0]).toMatchObject({
			type: 'contribution.approved',
			data: { id: pending, text: 'I am worried about the playground at night', kind: 'concern' }
		});
		expect(JSON.stringify(approved[0])).not.toContain('moderatorNote');

		hideContribution(fx.db, fx.facilitator, opened.sessionId, pending, { note: 'named a family' });
		const hidden = loggedEvents(await phoneStream.drain());
		expect(hidden).toEqual([
			{ type: 'contribution.hidden', seq: expect.any(Number), at: expect.any(Number), data: { id: pending } }
		]);
		const staffHidden = loggedEvents(await staffStream.drain()).find((e) => e.type === 'contribution.hidden');
		expect(staffHidden?.data).toMatchObject({ staff: { moderatorNote: 'named a family' } });
	});

	it('gives phones only the redacted text of a redacted contribution', async () => {
		const id = submit('Jan de Vries at Kerkstraat 5 scares me');
		const phoneStream = connect(asPhone());
		await opening(phoneStream);
		redactContribution(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			id,
			'Someone in our street scares me',
			'address'
		);
		const frames = await phoneStream.drain();
		expect(JSON.stringify(frames)).not.toContain('Kerkstraat');
		expect(loggedEvents(frames)[0]).toMatchObject({
			data: { text: 'Someone in our street scares me', redacted: true }
		});
	});

	it('tells phones where a phase change went, without the staff detail', async () => {
		const phoneStream = connect(asPhone());
		await opening(phoneStream);
		applyEvent(fx.db, opened.sessionId, {
			type: 'session.pause',
			at: Date.now(),
			by: fx.facilitator.id,
			reason: 'someone is upset'
		});
		const [pause] = loggedEvents(await phoneStream.drain());
		expect(pause).toMatchObject({ type: 'session.pause', data: { from: 'fearsAndStigma', to: 'paused' } });
		expect(JSON.stringify(pause)).not.toMatch(/upset|by|check/);
	});
});

describe("a commit's own events", () => {
	it('reach the streams with the notice; an event logged before them that no notice announced comes first', async () => {
		const staff = connect(asStaff());
		await opening(staff);
		const id = submit('first worry');
		expect(loggedEvents(await staff.drain()).map((e) => e.type)).toEqual(['contribution.submitted']);

		// Logged, not announced: the next commit's own events do not follow the stream's last read.
		const unannounced = fx.db.transaction((tx) =>
			appendEvent(tx, opened.sessionId, 'contribution.hidden', { id }, { audience: 'staff' })
		);
		expect(loggedEvents(await staff.drain())).toEqual([]);
		approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
		const seen = loggedEvents(await staff.drain());
		expect(seen[0]).toMatchObject({ seq: unannounced.seq, type: 'contribution.hidden' });
		expect(seen.map((e) => e.seq)).toEqual(
			readEvents(fx.db, opened.sessionId, unannounced.seq - 1).map((e) => e.seq)
		);
	});

	it('never carry an event a savepoint inside the commit rolled back', async () => {
		const staff = connect(asStaff());
		await opening(staff);
		const id = submit('first worry');
		await staff.drain();
		commit(fx.db, opened.sessionId, (tx, emit) => {
			emit('contribution.hidden', { id }, { audience: 'staff' });
			try {
				tx.transaction((inner) => {
					appendEvent(inner, opened.sessionId, 'contribution.hidden', { id: 'gone' }, { audience: 'staff' });
					throw new Error('rolled back');
				});
			} catch {
				// The savepoint's event is not in the log.
			}
		});
		const seen = loggedEvents(await staff.drain()).map((e) => e.seq);
		const logged = readEvents(fx.db, opened.sessionId).map((e) => e.seq);
		expect(seen.length).toBe(1);
		expect(seen.every((seq) => logged.includes(seq))).toBe(true);
		expect(logged.at(-1)).toBe(seen.at(-1));
	});
});

describe('reconnecting with Last-Event-ID', () => {
	it('replays exactly the missed events, then continues live with no gap and no duplicate', async () => {
		const first = connect(asPhone());
		await opening(first);
		const ids = [submit('first worry'), submit('second worry'), submit('third worry')];
		approveContribution(fx.db, fx.facilitator, opened.sessionId, ids[0] ?? '');
		const seen = loggedEvents(await first.drain());
		expect(seen.map((e) => e.type)).toEqual(['contribution.approved']);
		const lastSeen = seen.at(-1)?.seq ?? 0;
		await first.cancel();

		// While the phone is away: two approvals, a hide, and staff-only events.
		approveContribution(fx.db, fx.facilitator, opened.sessionId, ids[1] ?? '');
		submit('fourth worry');
		approveContribution(fx.db, fx.facilitator, opened.sessionId, ids[2] ?? '');
		hideContribution(fx.db, fx.facilitator, opened.sessionId, ids[0] ?? '');

		const second = connect(asPhone(), lastSeen);
		const { snapshot } = await opening(second);
		expect(snapshot?.data).toMatchObject({ type: 'snapshot' });
		const replayed = loggedEvents(await second.drain());
		const expected = readEvents(fx.db, opened.sessionId, lastSeen)
			.filter((e) => e.audience === 'all')
			.map((e) => [e.seq, e.type]);
		expect(replayed.map((e) => [e.seq, e.type])).toEqual(expected);
		expect(replayed.map((e) => e.type)).toEqual([
			'contribution.approved',
			'contribution.approved',
			'contribution.hidden'
		]);

		// Live again: the next event arrives once, after the replayed ones.
		const live = submit('fifth worry');
		approveContribution(fx.db, fx.facilitator, opened.sessionId, live);
		const after = loggedEvents(await second.drain());
		expect(after.map((e) => e.type)).toEqual(['contribution.approved']);
		const all = [...replayed, ...after].map((e) => e.seq);
		expect(new Set(all).size).toBe(all.length);
		expect([...all].sort((a, b) => a - b)).toEqual(all);
	});

	it('gives staff every missed event, in order, with ids', async () => {
		const staffStream = connect(asStaff());
		await opening(staffStream);
		const before = readEvents(fx.db, opened.sessionId).at(-1)?.seq ?? 0;
		await staffStream.cancel();
		const id = submit('a worry');
		approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
		const again = connect(asStaff(), before);
		await opening(again);
		const frames = (await again.drain()).filter((f) => f.id !== undefined);
		expect(frames.map((f) => Number(f.id))).toEqual([before + 1, before + 2]);
	});

	it('treats an id beyond the log (a replaced database) as a fresh start', async () => {
		const reader = connect(asPhone(), 999_999);
		const { snapshot } = await opening(reader);
		expect(snapshot?.data).toMatchObject({ type: 'snapshot' });
		approveContribution(fx.db, fx.facilitator, opened.sessionId, submit('late worry'));
		expect(loggedEvents(await reader.drain()).map((e) => e.type)).toEqual(['contribution.approved']);
	});
});

describe('the projector stream', () => {
	it('is closed when the projector link is replaced', async () => {
		const display = connect({ role: 'display' });
		await opening(display);
		rotateDisplayLink(fx.db, fx.facilitator, opened.sessionId);
		await display.drain();
		expect(display.done).toBe(true);
	});

	it('gets a fresh snapshot when a pause ends, since it showed nothing while paused', async () => {
		applyEvent(fx.db, opened.sessionId, { type: 'session.pause', at: Date.now() });
		const display = connect({ role: 'display' });
		const { snapshot } = await opening(display);
		expect(snapshot?.data).toMatchObject({ view: { paused: true } });
		expect(Object.keys((snapshot?.data as { view: object }).view)).not.toContain('wall');
		applyEvent(fx.db, opened.sessionId, { type: 'session.resume', at: Date.now() });
		const frames = await display.drain();
		const fresh = frames.find((f) => (f.data as { type?: string } | undefined)?.type === 'snapshot');
		expect(fresh?.data).toMatchObject({
			view: { paused: false, phase: 'fearsAndStigma', wall: { themes: [] } }
		});
	});

	it("sends a closed round's spread in its room figures only from the minimum group size up", async () => {
		const display = connect({ role: 'display' });
		await opening(display);
		const phones = [phone, ...Array.from({ length: 5 }, () => joinPhone(fx, opened))];
		const round = async (voters: ParticipantPrincipal[]) => {
			changeControls(
				fx.db,
				fx.facilitator,
				opened.sessionId,
				{ type: 'prompt.open', prompt: 'pulse.respected' },
				ADDRESS
			);
			for (const voter of voters) {
				respond(fx.db, voter, { prompt: 'pulse.respected', value: 4, clientRequestId: requestId() });
			}
			changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'prompt.close' }, ADDRESS);
			const frames = (await display.drain(200)).map((f) => f.data as { type?: string; room?: RoomFigures });
			return frames.filter((d) => d.type === 'room').at(-1)?.room;
		};
		// Four answers (the minimum group size is 5): that a few answered, and nothing of what they answered.
		expect((await round(phones.slice(0, 4)))?.result).toEqual({
			prompt: 'pulse.respected',
			answered: null,
			chart: null
		});
		// All six (the four answer again, which replaces their answers): the chart.
		expect((await round(phones))?.result).toEqual({
			prompt: 'pulse.respected',
			answered: 6,
			chart: { kind: 'scale', counts: { '1': 0, '2': 0, '3': 0, '4': 6, '5': 0 }, mean: 4 }
		});
	});

	it('gets the values panel (states only) when it may have changed; staff get the reasons', async () => {
		const display = connect({ role: 'display' });
		const staffStream = connect(asStaff());
		await opening(display);
		await opening(staffStream);
		submit('something to moderate');
		const values = (frames: Frame[]) =>
			frames
				.map((f) => f.data as { type: string; check: unknown; panel: unknown })
				.filter((d) => d.type === 'values');
		const [shown] = values(await display.drain(200));
		expect(shown?.check).toBeNull();
		expect(shown?.panel).toMatchObject({ from: 'fearsAndStigma', values: { respect: { state: 'unmet' } } });
		const [full] = values(await staffStream.drain(200));
		expect(JSON.stringify(full?.check)).toContain('fears.moderationPending');
	});
});

describe('a hall bigger than one slice of the fan-out', () => {
	/** 167 phones with three streams each (a phone's own cap): 501 phone streams, three slices of 250. */
	async function hall(): Promise<FrameReader[]> {
		const phones: FrameReader[] = [];
		for (let i = 0; i < 167; i++) {
			const principal = joinPhone(fx, opened);
			for (let j = 0; j < 3; j++) phones.push(connect({ role: 'participant', participant: principal }));
		}
		for (const reader of phones) await opening(reader);
		return phones;
	}

	it('serves the console first and the phones in slices; what is sent meanwhile reaches the console at once, and every stream gets every event once and in order', async () => {
		const staffStream = connect(asStaff());
		await opening(staffStream);
		const phones = await hall();
		const first = submit('The bus stop after dark');
		await staffStream.drain(50);

		// The approval fans out: the console and the first slice of phones in this turn, a slice per turn after.
		approveContribution(fx.db, fx.facilitator, opened.sessionId, first);
		expect(loggedEvents([(await staffStream.nextWritten()) ?? {}]).map((e) => e.type)).toEqual([
			'contribution.approved'
		]);
		await new Promise((resolve) => setImmediate(resolve));
		// A turn later (the second slice is out, the third not yet) a phone's next worry is committed: the console
		// has it before the last phones have the approval.
		const second = submit('Who will the school tell?');
		expect(loggedEvents([(await staffStream.nextWritten()) ?? {}]).map((e) => e.type)).toEqual([
			'contribution.submitted'
		]);
		expect(await phones.at(-1)?.nextWritten()).toBeNull();
		expect(loggedEvents([(await phones[0]?.nextWritten()) ?? {}]).map((e) => e.type)).toEqual([
			'contribution.approved'
		]);

		// Then every phone stream has both approvals, once each and in order, and nothing it may not see.
		approveContribution(fx.db, fx.facilitator, opened.sessionId, second);
		for (const [i, reader] of phones.entries()) {
			const frames: Frame[] = [];
			for (let frame = await reader.next(1_000); frame; frame = await reader.next(1_000)) {
				frames.push(frame);
				if (JSON.stringify(frame.data).includes(second)) break;
			}
			const frame = await reader.nextWritten();
			if (frame) frames.push(frame);
			const events = loggedEvents(frames);
			const ids = events.map((e) => `${e.type} ${String((e.data as { id?: string }).id)}`);
			expect(ids).toEqual(
				i === 0
					? [`contribution.approved ${second}`]
					: [`contribution.approved ${first}`, `contribution.approved ${second}`]
			);
			const seqs = events.map((e) => e.seq);
			expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		}
		expect(loggedEvents(await staffStream.drain(50)).map((e) => e.type)).toEqual(['contribution.approved']);
	});

	it('closes a projector on the old link as soon as the link is replaced, while phones still wait, and keeps one on the new link', async () => {
		const old = connect({ role: 'display' });
		await opening(old);
		const phones = await hall();
		const first = submit('The bus stop after dark');
		approveContribution(fx.db, fx.facilitator, opened.sessionId, first);
		// A turn later the approval is still on its way to the last phones when the link is replaced.
		await new Promise((resolve) => setImmediate(resolve));
		expect(await phones.at(-1)?.nextWritten()).toBeNull();
		rotateDisplayLink(fx.db, fx.facilitator, opened.sessionId);
		// Without letting the event loop go on: the old projector's stream has ended.
		while (await old.nextWritten());
		expect(old.done).toBe(true);
		const fresh = connect({ role: 'display' });
		await opening(fresh);
		// Once the phones have it all (and the rotation), the projector on the new link is still open.
		await new Promise((resolve) => setTimeout(resolve, 100));
		approveContribution(fx.db, fx.facilitator, opened.sessionId, submit('Who will the school tell?'));
		const frames = loggedEvents(await fresh.drain(50));
		expect(frames.map((e) => e.type)).toContain('contribution.approved');
		expect(fresh.done).toBe(false);
	});
});
