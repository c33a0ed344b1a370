import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dialogue, liveSession, outcomeReport, response } from '../../db/schema';
import { LiveError } from '../errors';
import { liveFixture, type LiveFixture } from '../test-support';

// Building the report fails: closing must then leave everything as it was (never half closed).
vi.mock('../../outcome/build', async (original) => ({
	...(await original<typeof import('../../outcome/build')>()),
	buildOutcomeReport: () => {
		throw new Error('report could not be built');
	}
}));

const { runToAgreement } = await import('../../outcome/test-support');
const { respond } = await import('../phones/participation');
const { requestId } = await import('../test-support');

let fx: LiveFixture;

afterEach(() => fx.close());

describe('closing', () => {
	it('moves to closed together with the report, or not at all', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const session = runToAgreement(fx, { phones: 3 });
		session.run({ type: 'agreement.commitment.add', action: 'A', ownerRole: 'Club', dueOn: '2031-01-01' });
		session.run({ type: 'agreement.readBack', version: 1 });
		session.run({ type: 'consent.open' });
		for (const phone of session.phones) {
			respond(fx.db, phone, {
				prompt: 'consent',
				value: 'fullySupport',
				draftVersion: 1,
				clientRequestId: requestId()
			});
		}
		session.run({ type: 'consent.close' });
		session.run({ type: 'phase.advance' });
		session.run({ type: 'closing.followUp', date: '2031-04-15' });
		session.run({ type: 'checkOut.open' });
		respond(fx.db, session.phones[0]!, { prompt: 'checkOut.safe', value: 5, clientRequestId: requestId() });

		expect(() => session.run({ type: 'phase.advance' })).toThrow('report could not be built');
		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, session.sessionId)).get();
		expect(row).toMatchObject({ phase: 'closing', closedAt: null });
		expect(row?.voterSecret).not.toBeNull();
		expect(
			fx.db
				.select()
				.from(response)
				.all()
				.every((r) => r.voterKey !== null)
		).toBe(true);
		expect(fx.db.select().from(outcomeReport).all()).toEqual([]);
		expect(fx.db.select().from(dialogue).get()?.status).toBe('live');
		// The phones can still answer: nothing was erased.
		expect(() =>
			respond(fx.db, session.phones[1]!, { prompt: 'checkOut.safe', value: 4, clientRequestId: requestId() })
		).not.toThrow(LiveError);
	});
});
