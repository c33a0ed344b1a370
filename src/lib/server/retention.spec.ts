import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	auditLog,
	commitment,
	contribution,
	endorsement,
	liveSession,
	outcomeReport,
	participant,
	response,
	sessionEvent,
	theme
} from './db/schema';
import { liveFixture, type LiveFixture } from './live/test-support';
import { getReport } from './outcome/service';
import { readOutcomeReport } from './outcome/store';
import { runToAgreement, runToClosed } from './outcome/test-support';
import { KEPT_EVENT_TYPES, purgeDueAt, runRetention, startRetention } from './retention';

const DAY = 86_400_000;
let fx: LiveFixture;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3, retentionDays: 30 });
});

afterEach(() => fx.close());

function rawCounts() {
	return {
		contributions: fx.db.select().from(contribution).all().length,
		endorsements: fx.db.select().from(endorsement).all().length,
		responses: fx.db.select().from(response).all().length,
		participants: fx.db.select().from(participant).all().length,
		themes: fx.db.select().from(theme).all().length
	};
}

function closedAt(sessionId: string): number {
	return fx.db.select().from(liveSession).where(eq(liveSession.id, sessionId)).get()?.closedAt ?? 0;
}

describe('retention', () => {
	it('keeps raw data until the period has passed, then deletes it and keeps the report intact', () => {
		const session = runToClosed(fx, { phones: 4, hidden: 1 });
		const closed = closedAt(session.sessionId);
		const report = readOutcomeReport(fx.db, session.sessionId);
		expect(rawCounts().contributions).toBeGreaterThan(0);

		expect(runRetention(fx.db, closed + 30 * DAY - 1)).toEqual([]);
		expect(rawCounts().responses).toBeGreaterThan(0);

		const purged = runRetention(fx.db, purgeDueAt(closed, 30));
		expect(purged.map((p) => p.sessionId)).toEqual([session.sessionId]);
		expect(rawCounts()).toEqual({
			contributions: 0,
			endorsements: 0,
			responses: 0,
			participants: 0,
			themes: 0
		});
		expect(readOutcomeReport(fx.db, session.sessionId)).toEqual(report);
		// The report page and the exports read the stored report, so they still work.
		expect(getReport(fx.organiser, session.sessionId, { db: fx.db }).report).toEqual(report);

		const rows = fx.db.select().from(commitment).all();
		expect(rows.map((c) => c.ownerRole)).toEqual(['Football club board', 'Mosque board']);
		expect(rows.every((c) => c.proposalId === null)).toBe(true);

		const kept = fx.db.select().from(sessionEvent).all();
		expect(kept.every((e) => (KEPT_EVENT_TYPES as readonly string[]).includes(e.type))).toBe(true);
		expect(kept.map((e) => e.payload).join('\n')).not.toMatch(/Worry number|Something unkind|job centre/);

		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, session.sessionId)).get();
		expect(row?.purgedAt).toBe(purgeDueAt(closed, 30));
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge')).all();
		expect(audit).toHaveLength(1);
		expect(audit[0]?.actorId).toBeNull();
		expect(runRetention(fx.db, closed + 365 * DAY)).toEqual([]);
	});

	it('builds a missing report before deleting what it is built from', () => {
		const session = runToClosed(fx, { phones: 4 });
		fx.db.delete(outcomeReport).run();
		runRetention(fx.db, closedAt(session.sessionId) + 31 * DAY);
		const report = readOutcomeReport(fx.db, session.sessionId);
		expect(report?.agreement.commitments).toHaveLength(2);
		expect(report?.participation.joined).toBe(4);
	});

	it('never touches a session that is still running', () => {
		runToAgreement(fx, { phones: 3 });
		const before = rawCounts();
		expect(runRetention(fx.db, Date.now() + 3650 * DAY)).toEqual([]);
		expect(rawCounts()).toEqual(before);
	});

	it('runs at start and on a timer with an injected clock, and stops', () => {
		const session = runToClosed(fx, { phones: 3 });
		const clock = { now: closedAt(session.sessionId) };
		const schedule = startRetention({ db: () => fx.db, now: () => clock.now, intervalMs: 60_000 });
		try {
			expect(rawCounts().responses).toBeGreaterThan(0);
		} finally {
			schedule.stop();
		}
		clock.now += 40 * DAY;
		const again = startRetention({ db: () => fx.db, now: () => clock.now, intervalMs: 60_000 });
		again.stop();
		expect(rawCounts().responses).toBe(0);
	});
});
