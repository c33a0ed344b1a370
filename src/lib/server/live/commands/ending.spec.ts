import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, contribution, liveSession, response, sessionEvent } from '../../db/schema';
import { readOutcomeReport } from '../../outcome/store';
import { purgeDueAt, runRetention } from '../../retention';
import { respond, submitContribution } from '../phones/participation';
import {
	ADDRESS,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture,
	liveFailure
} from '../test-support';
import { commandSession } from './commands';

const DAY = 86_400_000;
let fx: LiveFixture;

afterEach(() => fx.close());

function sessionRow(sessionId: string) {
	const row = fx.db.select().from(liveSession).where(eq(liveSession.id, sessionId)).get();
	if (!row) throw new Error('no session');
	return row;
}

/** A session in fears and stigma with two phones, an approved concern and check-in answers. */
function inFears() {
	const opened = openSession(fx);
	const { sessionId } = opened;
	const run = (command: unknown, now?: number) =>
		commandSession(fx.db, fx.facilitator, sessionId, command, { ...ADDRESS, now });
	moveTo(fx, sessionId, 'opening');
	const phones = [joinPhone(fx, opened), joinPhone(fx, opened), joinPhone(fx, opened)];
	run({ type: 'prompt.open', prompt: 'checkIn' });
	for (const phone of phones)
		respond(fx.db, phone, { prompt: 'checkIn', value: 4, clientRequestId: requestId() });
	run({ type: 'prompt.close' });
	moveTo(fx, sessionId, 'opening'); // one more advance: → fearsAndStigma
	const concern = submitContribution(fx.db, phones[0]!, {
		kind: 'concern',
		text: 'I worry about the walk to school',
		clientRequestId: requestId()
	});
	run({ type: 'contribution.approve', contributionId: concern.id });
	return { sessionId, phones, run };
}

const refusal = liveFailure;

describe('ending a session early', () => {
	it('from fears and stigma: voter secret gone, partial report stored, audited, phones refused afterwards', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const { sessionId, phones, run } = inFears();
		expect(sessionRow(sessionId).phase).toBe('fearsAndStigma');

		run({ type: 'session.endEarly', reason: 'safety', note: 'A threat was made in the hall' });

		const row = sessionRow(sessionId);
		expect(row.phase).toBe('endedEarly');
		expect(row.voterSecret).toBeNull();
		expect(row.closedAt).not.toBeNull();
		expect(
			fx.db
				.select()
				.from(response)
				.where(eq(response.sessionId, sessionId))
				.all()
				.every((r) => r.voterKey === null)
		).toBe(true);

		const report = readOutcomeReport(fx.db, sessionId);
		expect(report?.endedEarly).toMatchObject({
			reason: 'safety',
			note: 'A threat was made in the hall',
			phase: 'fearsAndStigma',
			wasPaused: false
		});
		// As far as the meeting got: the check-in was held (three answers, at the minimum group size).
		expect(report?.pulses.checkIn.responses).toBe(3);
		expect(report?.participation.joined).toBe(3);
		expect(report?.timeline.at(-1)).toMatchObject({ kind: 'endedEarly', from: 'fearsAndStigma' });
		expect(report?.timeline.some((e) => e.kind === 'closed')).toBe(false);

		const logged = fx.db
			.select()
			.from(sessionEvent)
			.where(eq(sessionEvent.sessionId, sessionId))
			.all()
			.find((e) => e.type === 'session.endEarly');
		expect(JSON.parse(logged?.payload ?? '{}')).toMatchObject({ reason: 'safety', from: 'fearsAndStigma' });
		expect(logged?.actorId).toBe(fx.facilitator.id);
		const audited = fx.db
			.select()
			.from(auditLog)
			.all()
			.find((a) => a.action === 'session.endEarly');
		expect(audited).toBeDefined();
		// Who ended it and why, by code; the note (free text about a hard moment) stays out of the lasting log.
		expect(audited?.actorId).toBe(fx.facilitator.id);
		expect(JSON.parse(audited?.detail ?? '{}')).toEqual({
			dialogueId: expect.any(String),
			from: 'fearsAndStigma',
			reason: 'safety',
			withNote: true
		});
		expect(JSON.stringify(audited)).not.toContain('threat');

		const phoneError = refusal(() =>
			submitContribution(fx.db, phones[1]!, {
				kind: 'concern',
				text: 'Too late',
				clientRequestId: requestId()
			})
		);
		expect(phoneError.status).toBe(409);
		expect(phoneError.code).toBe('sessionClosed');
	});

	it('from a pause, naming the phase the pause was taken in', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const { sessionId, run } = inFears();
		run({ type: 'session.pause' });
		run({ type: 'session.endEarly', reason: 'tooFewPeople' });
		expect(sessionRow(sessionId).phase).toBe('endedEarly');
		expect(readOutcomeReport(fx.db, sessionId)?.endedEarly).toMatchObject({
			phase: 'fearsAndStigma',
			wasPaused: true,
			note: null
		});
	});

	it('asks for a note with "other", and refuses once the session has ended, with problem details', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const { sessionId, run } = inFears();
		const missing = refusal(() => run({ type: 'session.endEarly', reason: 'other', note: '  ' }));
		expect(missing.status).toBe(422);
		expect(missing.extra.errors?.note).toMatch(/why the meeting ends early/);
		expect(refusal(() => run({ type: 'session.endEarly', reason: 'bored' })).status).toBe(422);
		expect(sessionRow(sessionId).phase).toBe('fearsAndStigma');

		run({ type: 'session.endEarly', reason: 'other', note: 'The venue had to close' });
		const again = refusal(() => run({ type: 'session.endEarly', reason: 'time' }));
		expect(again.status).toBe(409);
		expect(again.code).toBe('sessionEnded');
		expect(readOutcomeReport(fx.db, sessionId)?.endedEarly?.reason).toBe('other');
	});

	it('is refused before the meeting has started', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const { sessionId } = openSession(fx);
		const error = refusal(() =>
			commandSession(fx.db, fx.facilitator, sessionId, { type: 'session.endEarly', reason: 'time' }, ADDRESS)
		);
		expect(error.status).toBe(409);
		expect(sessionRow(sessionId).phase).toBe('preparation');
	});
});

describe('sessions left open', () => {
	it('are ended by the retention tick after the idle period, then age out like any other', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3, idleEndDays: 7, retentionDays: 30 });
		const { sessionId } = inFears();
		const lastActivity = Math.max(
			sessionRow(sessionId).updatedAt,
			...fx.db
				.select()
				.from(sessionEvent)
				.where(eq(sessionEvent.sessionId, sessionId))
				.all()
				.map((e) => e.createdAt)
		);

		runRetention(fx.db, lastActivity + 7 * DAY - 1);
		expect(sessionRow(sessionId).phase).toBe('fearsAndStigma');

		const endedAt = lastActivity + 7 * DAY;
		expect(runRetention(fx.db, endedAt)).toEqual([]);
		const row = sessionRow(sessionId);
		expect(row).toMatchObject({ phase: 'endedEarly', closedAt: endedAt, voterSecret: null, purgedAt: null });
		expect(readOutcomeReport(fx.db, sessionId)?.endedEarly).toMatchObject({
			reason: 'leftOpen',
			phase: 'fearsAndStigma'
		});
		expect(fx.db.select().from(contribution).all()).toHaveLength(1);

		expect(runRetention(fx.db, purgeDueAt(endedAt, 30) - 1)).toEqual([]);
		const purged = runRetention(fx.db, purgeDueAt(endedAt, 30));
		expect(purged.map((p) => p.sessionId)).toEqual([sessionId]);
		expect(fx.db.select().from(contribution).all()).toEqual([]);
		expect(sessionRow(sessionId).purgedAt).not.toBeNull();
		// The report of how far the meeting got stays.
		expect(readOutcomeReport(fx.db, sessionId)?.endedEarly?.reason).toBe('leftOpen');
	});
});
