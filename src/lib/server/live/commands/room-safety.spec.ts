import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionEvent } from '../../db/schema';
import { commandSession } from './commands';
import { PAUSE_REQUEST_TTL_MS, presenceOf, reportPauseRequest, shownPresence } from '../streams/presence';
import { ADDRESS, joinPhone, liveFixture, moveTo, openSession, type LiveFixture } from '../test-support';
import { consoleView, projectorView } from '../views/views';

let fx: LiveFixture;
afterEach(() => fx.close());

function hall(phones: number) {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
	const opened = openSession(fx);
	const joined = Array.from({ length: phones }, () => joinPhone(fx, opened));
	moveTo(fx, opened.sessionId, 'fearsAndStigma');
	const shown = () => consoleView(fx.db, opened.sessionId, { ...ADDRESS }).participants.pauseRequests;
	return { sessionId: opened.sessionId, phones: joined, shown };
}

describe('a phone asks for a pause ("I need a moment")', () => {
	it('shows the console that someone asked, and how many only from the minimum group size up', () => {
		const { sessionId, phones, shown } = hall(6);
		expect(shown()).toEqual({ asked: false, count: 0 });
		reportPauseRequest(sessionId, phones[0]!.id, true);
		expect(shown()).toEqual({ asked: true, count: null });
		for (const phone of phones.slice(1, 4)) reportPauseRequest(sessionId, phone.id, true);
		expect(shown()).toEqual({ asked: true, count: null });
		reportPauseRequest(sessionId, phones[4]!.id, true);
		expect(shown()).toEqual({ asked: true, count: 5 });
	});

	it('counts one phone once however often it asks, and lets it take the request back', () => {
		const { sessionId, phones } = hall(2);
		for (let i = 0; i < 1000; i++) reportPauseRequest(sessionId, phones[0]!.id, true);
		expect(presenceOf(sessionId).pauseRequests).toBe(1);
		reportPauseRequest(sessionId, phones[0]!.id, false);
		expect(presenceOf(sessionId).pauseRequests).toBe(0);
	});

	it('is answered by a pause or by the facilitator marking it seen', () => {
		const { sessionId, phones, shown } = hall(2);
		reportPauseRequest(sessionId, phones[0]!.id, true);
		commandSession(fx.db, fx.facilitator, sessionId, { type: 'pauseRequests.seen' }, ADDRESS);
		expect(shown().asked).toBe(false);
		reportPauseRequest(sessionId, phones[1]!.id, true);
		commandSession(fx.db, fx.facilitator, sessionId, { type: 'session.pause' }, ADDRESS);
		expect(shown().asked).toBe(false);
	});

	it('lapses after a while when nobody answered', () => {
		const { sessionId, phones } = hall(1);
		reportPauseRequest(sessionId, phones[0]!.id, true, 1_000);
		expect(presenceOf(sessionId, 1_000 + PAUSE_REQUEST_TTL_MS - 1).pauseRequests).toBe(1);
		expect(presenceOf(sessionId, 1_000 + PAUSE_REQUEST_TTL_MS).pauseRequests).toBe(0);
		expect(shownPresence(presenceOf(sessionId), 5).pauseRequests.asked).toBe(false);
	});
});

describe('"return to our ground rules"', () => {
	it('puts the ground rules on the projector and takes them off again, and every screen hears of it', () => {
		const { sessionId } = hall(1);
		const projector = () => projectorView(fx.db, sessionId, { ...ADDRESS });
		const live = () => {
			const view = projector();
			if (view.paused) throw new Error('paused');
			return view;
		};
		expect(live().controls.groundRulesShown).toBe(false);
		commandSession(fx.db, fx.facilitator, sessionId, { type: 'groundRules.show' }, ADDRESS);
		expect(live().controls.groundRulesShown).toBe(true);
		expect(Array.isArray(live().groundRules)).toBe(true);
		const last = fx.db.select().from(sessionEvent).where(eq(sessionEvent.sessionId, sessionId)).all().at(-1);
		expect(last?.type).toBe('controls.changed');
		expect(JSON.parse(last?.payload ?? '{}')).toMatchObject({ groundRulesShown: true });
		commandSession(fx.db, fx.facilitator, sessionId, { type: 'groundRules.hide' }, ADDRESS);
		expect(live().controls.groundRulesShown).toBe(false);
	});
});
