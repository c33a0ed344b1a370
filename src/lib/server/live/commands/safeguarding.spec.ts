import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, contribution, liveSession, safeguardingRecord, sessionEvent } from '../../db/schema';
import { runRetention } from '../../retention';
import {
	ADDRESS,
	addStaff,
	addOrganisation,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId
} from '../test-support';
import type { LiveFixture } from '../test-support';
import { LiveError } from '../errors';
import { submitContribution } from '../phones/participation';
import { commandSession } from './commands';
import { listSafeguardingRecords, recordSafeguarding, safeguardingCsv } from './safeguarding';

const DAY = 86_400_000;
let fx: LiveFixture;
afterEach(() => fx.close());

function threatInFears() {
	fx = liveFixture({
		minParticipants: 1,
		minGroupSize: 3,
		retentionDays: 30,
		safeguardingRetentionDays: 365
	});
	const opened = openSession(fx);
	const phone = joinPhone(fx, opened);
	moveTo(fx, opened.sessionId, 'fearsAndStigma');
	const text = 'We know where he lives. Zebra-quartz-7741 will sort him out.';
	const { id } = submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() });
	return { sessionId: opened.sessionId, contributionId: id, text };
}

const databaseBytes = () => {
	const file = fx.db.$client.name;
	return Buffer.concat(
		[file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f))
	).toString('latin1');
};

describe('the safeguarding route', () => {
	it('hides the contribution and records it with when, the phase, who, what was done and a note, never the phone', () => {
		const { sessionId, contributionId, text } = threatInFears();
		const record = recordSafeguarding(fx.db, fx.facilitator, sessionId, contributionId, {
			action: 'safeguardingLead',
			note: 'Passed to the safeguarding lead at 20:15.'
		});
		expect(record).toMatchObject({
			text,
			phase: 'fearsAndStigma',
			kind: 'concern',
			recordedByName: fx.facilitator.name,
			action: 'safeguardingLead',
			note: 'Passed to the safeguarding lead at 20:15.'
		});
		expect(record.reasons).toContain('veiledThreat');
		expect(fx.db.select().from(contribution).where(eq(contribution.id, contributionId)).get()?.status).toBe(
			'hidden'
		);
		const events = fx.db.select().from(sessionEvent).where(eq(sessionEvent.sessionId, sessionId)).all();
		expect(events.at(-1)?.type).toBe('contribution.hidden');
		// Nothing in the record points at a phone.
		const row = fx.db.select().from(safeguardingRecord).get() ?? {};
		expect(Object.keys(row).some((k) => /participant|device|token/i.test(k))).toBe(false);
		// Audited, without the text.
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'safeguarding.recorded')).all();
		expect(audit).toHaveLength(1);
		expect(audit[0]?.detail).not.toContain('Zebra');
	});

	it('keeps one record when two consoles record the same contribution', () => {
		const { sessionId, contributionId } = threatInFears();
		const first = recordSafeguarding(fx.db, fx.facilitator, sessionId, contributionId, {
			action: 'police',
			note: ''
		});
		const second = recordSafeguarding(fx.db, fx.organiser, sessionId, contributionId, {
			action: 'other',
			note: 'again'
		});
		expect(second.id).toBe(first.id);
		expect(second.action).toBe('police');
		expect(fx.db.select().from(safeguardingRecord).all()).toHaveLength(1);
	});

	it('goes through the command endpoint and refuses an unknown action', () => {
		const { sessionId, contributionId } = threatInFears();
		const result = commandSession(
			fx.db,
			fx.facilitator,
			sessionId,
			{
				type: 'contribution.safeguard',
				contributionId,
				action: 'probation',
				note: 'Told the probation officer.'
			},
			ADDRESS
		);
		expect((result.result?.record as { action: string }).action).toBe('probation');
		expect(() =>
			commandSession(
				fx.db,
				fx.facilitator,
				sessionId,
				{
					type: 'contribution.safeguard',
					contributionId,
					action: 'forget'
				},
				ADDRESS
			)
		).toThrow(LiveError);
	});

	it("is seen by the dialogue's facilitators and the organisers only", () => {
		const { sessionId, contributionId } = threatInFears();
		recordSafeguarding(fx.db, fx.facilitator, sessionId, contributionId, { action: 'hiddenOnly', note: '' });
		expect(listSafeguardingRecords(fx.db, fx.facilitator, fx.dialogueId)).toHaveLength(1);
		expect(listSafeguardingRecords(fx.db, fx.organiser, fx.dialogueId)).toHaveLength(1);
		const unassigned = addStaff(fx.db, fx.organisationId, 'facilitator');
		const otherOrganiser = addStaff(fx.db, addOrganisation(fx.db), 'organiser');
		for (const staff of [unassigned, otherOrganiser]) {
			expect(() => listSafeguardingRecords(fx.db, staff, fx.dialogueId)).toThrow(
				expect.objectContaining({ status: 404 })
			);
			expect(() =>
				recordSafeguarding(fx.db, staff, sessionId, contributionId, { action: 'other', note: '' })
			).toThrow(expect.objectContaining({ status: 404 }));
		}
		expect(() => listSafeguardingRecords(fx.db, null, fx.dialogueId)).toThrow(
			expect.objectContaining({ status: 401 })
		);
	});

	it('outlives the raw data and is deleted, unrecoverably, when its own period has passed', () => {
		const { sessionId, contributionId, text } = threatInFears();
		const recordedAt = Date.now();
		recordSafeguarding(
			fx.db,
			fx.facilitator,
			sessionId,
			contributionId,
			{ action: 'police', note: '' },
			recordedAt
		);
		// The session closes (the shortest way: the rest of the path is covered by the closing specs).
		fx.db
			.update(liveSession)
			.set({ phase: 'closed', closedAt: recordedAt })
			.where(eq(liveSession.id, sessionId))
			.run();

		runRetention(fx.db, recordedAt + 31 * DAY);
		expect(fx.db.select().from(contribution).all()).toHaveLength(0);
		const kept = listSafeguardingRecords(fx.db, fx.organiser, fx.dialogueId);
		expect(kept.map((r) => r.text)).toEqual([text]);

		runRetention(fx.db, recordedAt + 364 * DAY);
		expect(fx.db.select().from(safeguardingRecord).all()).toHaveLength(1);

		runRetention(fx.db, recordedAt + 366 * DAY);
		expect(fx.db.select().from(safeguardingRecord).all()).toHaveLength(0);
		expect(
			fx.db.select().from(auditLog).where(eq(auditLog.action, 'retention.safeguarding')).all()
		).toHaveLength(1);
		expect(databaseBytes()).not.toContain('Zebra-quartz-7741');
	});

	it('exports as CSV with what each header says, formula-safe', () => {
		const { sessionId, contributionId, text } = threatInFears();
		const record = recordSafeguarding(fx.db, fx.facilitator, sessionId, contributionId, {
			action: 'other',
			note: '=HYPERLINK("x")'
		});
		const [header, line] = safeguardingCsv([record]).split('\r\n');
		expect(header).toBe(
			'recorded_at,dialogue,phase,kind,contributed_at,text,screening_reasons,action,note,recorded_by,kept_until'
		);
		expect(line).toContain(`fearsAndStigma,concern,`);
		expect(line).toContain(text);
		expect(line).toContain(`"'=HYPERLINK(""x"")"`);
	});
});
