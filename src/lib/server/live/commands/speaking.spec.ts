import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessionEvent } from '../../db/schema';
import { outcomeCsv } from '../../outcome/csv';
import { readOutcomeReport } from '../../outcome/store';
import { LiveError } from '../errors';
import type { ParticipantPrincipal } from '../http/access';
import { speakInRound } from '../phones/speaking';
import { holdsSpeakingQueue } from '../speaking-queue';
import { CurrentState, projectEvent } from '../streams/replay';
import { readSessionState } from '../store';
import { commandSession } from './commands';
import {
	ADDRESS,
	joinPhone,
	liveFailure,
	liveFixture,
	moveTo,
	openSession,
	type LiveFixture
} from '../test-support';
import { consoleView, phoneView, projectorView } from '../views/views';
import type { LoggedEvent } from '../../sessions/service';

let fx: LiveFixture;
afterEach(() => fx.close());

function hall(phones: number, minGroupSize = 3) {
	fx = liveFixture({ minParticipants: 1, minGroupSize });
	const opened = openSession(fx);
	const joined = Array.from({ length: phones }, () => joinPhone(fx, opened));
	moveTo(fx, opened.sessionId, 'opening');
	const sessionId = opened.sessionId;
	const command = (body: Record<string, unknown>) =>
		commandSession(fx.db, fx.facilitator, sessionId, body, ADDRESS);
	const start = (body: Record<string, unknown> = {}) =>
		command({ type: 'speaking.start', ...body }).result?.roundId as string;
	const staff = () => consoleView(fx.db, sessionId, { ...ADDRESS }).speaking;
	const ask = (phone: ParticipantPrincipal, roundId: string, kind = 'someone', label?: string) =>
		speakInRound(fx.db, phone, { action: 'ask', roundId, kind: kind as 'someone', label });
	const pass = (phone: ParticipantPrincipal, roundId: string) =>
		speakInRound(fx.db, phone, { action: 'pass', roundId });
	const events = () => fx.db.select().from(sessionEvent).where(eq(sessionEvent.sessionId, sessionId)).all();
	return { sessionId, phones: joined, command, start, staff, ask, pass, events };
}

/** Every text cell of every table, as one string: where a name must not be. */
function everyTable(): string {
	const tables = fx.db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {
		name: string;
	}[];
	return tables
		.map(({ name }) => JSON.stringify(fx.db.$client.prepare(`SELECT * FROM "${name}"`).all()))
		.join('\n');
}

describe('the speaking round (the talking piece)', () => {
	it('queues phones in the order they asked, and passes the piece on in that order', () => {
		const { phones, start, staff, ask, command } = hall(4);
		const roundId = start();
		ask(phones[2]!, roundId, 'name', 'Amira');
		ask(phones[0]!, roundId, 'seat', '12');
		ask(phones[1]!, roundId);
		expect(staff()?.queue.map((s) => s.label)).toEqual(['Amira', '12', null]);
		expect(staff()?.holder).toBeNull();
		command({ type: 'speaking.pass', roundId, from: null });
		const first = staff()!;
		expect(first.holder?.label).toBe('Amira');
		expect(first.next?.label).toBe('12');
		expect(first.turns).toBe(1);
		command({ type: 'speaking.pass', roundId, from: first.holder!.turnId });
		expect(staff()?.holder?.kind).toBe('seat');
		expect(staff()?.next).toMatchObject({ kind: 'someone', label: null });
		expect(staff()?.queue).toHaveLength(1);
	});

	it('keeps one place for a phone that asks a thousand times, and logs the ask once', () => {
		const { phones, start, staff, ask, events } = hall(2);
		const roundId = start();
		const before = events().length;
		let refused = 0;
		for (let i = 0; i < 1000; i++) {
			try {
				ask(phones[0]!, roundId, 'name', 'Ben');
			} catch (error) {
				if (!(error instanceof LiveError) || error.status !== 429) throw error;
				refused++;
			}
		}
		expect(refused).toBeGreaterThan(900);
		expect(staff()?.queue).toHaveLength(1);
		expect(events().length - before).toBe(1);
		ask(phones[1]!, roundId);
		expect(staff()?.queue.map((s) => s.label)).toEqual(['Ben', null]);
	});

	it('refuses a pass from a holder who no longer holds the piece (two consoles at once)', () => {
		const { phones, start, staff, ask, command } = hall(3);
		const roundId = start();
		for (const phone of phones) ask(phone, roundId);
		command({ type: 'speaking.pass', roundId, from: null });
		const holder = staff()!.holder!.turnId;
		// Both consoles showed the same holder; the first moves the piece one step, the second is refused.
		command({ type: 'speaking.pass', roundId, from: holder });
		const error = liveFailure(() => command({ type: 'speaking.pass', roundId, from: holder }));
		expect(error.status).toBe(409);
		expect(error.code).toBe('speakingMoved');
		expect(staff()?.turns).toBe(2);
		expect(liveFailure(() => command({ type: 'speaking.pass', roundId, from: null })).code).toBe(
			'speakingMoved'
		);
	});

	it('counts a pass once, and a phone that passed may still ask', () => {
		const { phones, start, staff, ask, pass } = hall(3);
		const roundId = start();
		pass(phones[0]!, roundId);
		pass(phones[0]!, roundId);
		pass(phones[1]!, roundId);
		pass(phones[2]!, roundId);
		expect(staff()?.passes).toBe(3);
		ask(phones[2]!, roundId);
		// Two passes: below the minimum group size of 3, so not shown as a number.
		expect(staff()?.passes).toBeNull();
		expect(staff()?.queue).toHaveLength(1);
	});

	it('tells no screen of a pass by a phone that was not waiting, and staff only when the shown figure changes', () => {
		const { phones, start, pass, events } = hall(4);
		const roundId = start();
		const before = events().length;
		for (const phone of phones.slice(0, 3)) pass(phone, roundId);
		const logged = events().slice(before);
		// 0 → 1 (shown 0 → hidden) and 2 → 3 (hidden → 3): two frames, for staff only; 1 → 2 tells nothing.
		expect(logged.map((e) => [e.type, e.audience])).toEqual([
			['speaking.changed', 'staff'],
			['speaking.changed', 'staff']
		]);
	});

	it('shows phones and the projector only the holder and who is next, by the label given', () => {
		const { sessionId, phones, start, ask, command } = hall(3);
		const roundId = start({ barSeconds: 120 });
		ask(phones[0]!, roundId, 'name', 'Amira');
		ask(phones[1]!, roundId, 'seat', '7');
		ask(phones[2]!, roundId);
		command({ type: 'speaking.pass', roundId, from: null });
		const shown = projectorView(fx.db, sessionId, { ...ADDRESS });
		expect(shown.paused).toBe(false);
		const round = !shown.paused ? shown.speaking : null;
		expect(round).toMatchObject({
			holder: { kind: 'name', label: 'Amira' },
			next: { kind: 'seat', label: '7' },
			barSeconds: 120
		});
		expect(round && 'queue' in round).toBe(false);
		const mine = phoneView(fx.db, sessionId, phones[0]!);
		expect(mine.mySpeaking?.status).toBe('holding');
		expect(mine.mySpeaking?.turnId).toBe(mine.speaking?.holder?.turnId);
		expect(phoneView(fx.db, sessionId, phones[2]!).mySpeaking?.status).toBe('waiting');
	});

	it('refuses a label that is more than a first name or a seat', () => {
		const { phones, start, ask } = hall(1);
		const roundId = start();
		for (const label of [
			'06 12345678',
			'Kerkstraat 12',
			'@amira_x',
			'Amira Bakker van den Berg',
			'x'.repeat(25)
		]) {
			const error = liveFailure(() => ask(phones[0]!, roundId, 'name', label));
			expect(error.status, label).toBe(422);
			expect(error.extra.errors?.label, label).toBeTruthy();
		}
		// A single word the screening reads as dehumanising is refused for that reason.
		const screened = liveFailure(() => ask(phones[0]!, roundId, 'name', 'vermin'));
		expect(screened.extra.errors?.label).toMatch(/more than a first name/);
		expect(liveFailure(() => ask(phones[0]!, roundId, 'name', 'Jan Bakker')).status).toBe(422);
		expect(liveFailure(() => ask(phones[0]!, roundId, 'seat', '12a')).status).toBe(422);
		expect(ask(phones[0]!, roundId, 'name', 'Anne-Marie').label).toBe('Anne-Marie');
		expect(ask(phones[0]!, roundId, 'name', ' Ömer ').label).toBe('Ömer');
	});

	it('forgets every name when the round ends: in no table, no replayed event, no memory', () => {
		const { sessionId, phones, start, ask, command, events } = hall(3);
		const roundId = start();
		ask(phones[0]!, roundId, 'name', 'Zebulon');
		ask(phones[1]!, roundId, 'name', 'Quintessa');
		command({ type: 'speaking.pass', roundId, from: null });
		expect(JSON.stringify(consoleView(fx.db, sessionId, { ...ADDRESS }).speaking)).toContain('Zebulon');
		command({ type: 'speaking.end', roundId });
		expect(holdsSpeakingQueue(sessionId)).toBe(false);
		expect(consoleView(fx.db, sessionId, { ...ADDRESS }).speaking).toBeNull();
		const stored = everyTable();
		expect(stored).not.toContain('Zebulon');
		expect(stored).not.toContain('Quintessa');
		// Replayed from the start, as a reconnecting stream would: the round is over, no name comes back.
		const logged = events() as unknown as LoggedEvent[];
		for (const visibility of ['staff', 'public'] as const) {
			const current = new CurrentState(fx.db, sessionId);
			const frames = logged.map((e) => projectEvent(e, visibility, current));
			expect(JSON.stringify(frames)).not.toMatch(/Zebulon|Quintessa/);
			expect(
				frames
					.filter((f) => f?.type === 'speaking.changed')
					.every((f) => {
						return (f!.data as { round: unknown }).round === null;
					})
			).toBe(true);
		}
		expect(readSessionState(fx.db, sessionId).controls.speakingRounds).toEqual([
			expect.objectContaining({ purpose: 'open', phase: 'opening', turns: 1, passes: 0 })
		]);
	});

	it('ends with the phase, and refuses to start twice or outside a live phase', () => {
		const { sessionId, phones, start, ask, command } = hall(1);
		const roundId = start({ purpose: 'checkIn' });
		expect(liveFailure(() => start()).code).toBe('speakingRunning');
		ask(phones[0]!, roundId, 'name', 'Nadia');
		const reason = 'Moving on for this test, with a reason written out.';
		command({
			type: 'phase.advance',
			from: 'opening',
			overrides: { respect: reason, relationship: reason, responsibility: reason }
		});
		expect(readSessionState(fx.db, sessionId).controls.speaking).toBeNull();
		expect(holdsSpeakingQueue(sessionId)).toBe(false);
		expect(liveFailure(() => ask(phones[0]!, roundId)).code).toBe('speakingRoundEnded');
		command({ type: 'session.pause' });
		expect(liveFailure(() => start()).code).toBe('wrongPhase');
	});

	it('gives the report how many turns and passes per round, never who', () => {
		const { sessionId, phones, start, ask, pass, command } = hall(5);
		const roundId = start({ purpose: 'checkIn' });
		ask(phones[0]!, roundId, 'name', 'Zebulon');
		ask(phones[1]!, roundId, 'seat', '4');
		ask(phones[2]!, roundId);
		pass(phones[3]!, roundId);
		command({ type: 'speaking.pass', roundId, from: null });
		for (let i = 0; i < 3; i++) {
			const holder = consoleView(fx.db, sessionId, { ...ADDRESS }).speaking!.holder!.turnId;
			command({ type: 'speaking.pass', roundId, from: holder });
		}
		command({ type: 'speaking.end', roundId });
		const second = start();
		for (const phone of phones.slice(0, 3)) pass(phone, second);
		// The meeting ends while the second round runs: it is recorded as far as it got.
		command({ type: 'session.endEarly', reason: 'time' });
		const report = readOutcomeReport(fx.db, sessionId);
		expect(report?.speaking).toEqual([
			{ purpose: 'checkIn', phase: 'opening', turns: 3, passes: null },
			{ purpose: 'open', phase: 'opening', turns: 0, passes: 3 }
		]);
		expect(JSON.stringify(report)).not.toContain('Zebulon');
		const csv = outcomeCsv(report!);
		expect(csv).toContain('speaking,1,"Check-in, spoken",,,opening,turns,3,turns,');
		expect(csv).not.toContain('Zebulon');
		expect(everyTable()).not.toContain('Zebulon');
	});
});
