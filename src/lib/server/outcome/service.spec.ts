import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, commitment, dialogue, liveSession } from '../db/schema';
import { saveCapacityReview } from '../dialogues/capacity';
import { DialogueNotFoundError, InvalidInputError, NotAllowedError } from '../dialogues/errors';
import { passingFacts } from '$lib/dialogue/testing';
import { commandSession } from '../live/commands/commands';
import { consoleView } from '../live/views/views';
import { applyEvent } from '../sessions/service';
import {
	ADDRESS,
	addDialogue,
	addOrganisation,
	addStaff,
	asShown,
	liveFixture,
	type LiveFixture
} from '../live/test-support';
import {
	deleteDialogue,
	followUp,
	getReport,
	openReviewSession,
	ReportNotReadyError,
	reviewCalendar,
	reviewDashboard,
	setCommitmentStatus
} from './service';
import { runToAgreement, runToClosed } from './test-support';

let fx: LiveFixture;
const env = () => ({ db: fx.db, now: Date.UTC(2031, 1, 15) });

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
});

afterEach(() => fx.close());

describe('access', () => {
	it('refuses another organisation, an unassigned facilitator, and a session that has not closed', () => {
		const session = runToAgreement(fx);
		expect(() => getReport(fx.organiser, session.sessionId, env())).toThrow(ReportNotReadyError);
		const other = addStaff(fx.db, addOrganisation(fx.db), 'organiser');
		const stranger = addStaff(fx.db, fx.organisationId, 'facilitator');
		expect(() => getReport(other, session.sessionId, env())).toThrow(DialogueNotFoundError);
		expect(() => getReport(stranger, session.sessionId, env())).toThrow(DialogueNotFoundError);
	});
});

describe('the commitment tracker', () => {
	it('records done and not done (with a note), logs the change and shows what is overdue', () => {
		runToClosed(fx);
		let view = followUp(fx.facilitator, fx.dialogueId, env());
		// Due 2031-03-01 and 2031-02-01; today is 2031-02-15.
		expect(view.commitments.map((c) => [c.ownerRole, c.overdue])).toEqual([
			['Football club board', false],
			['Mosque board', true]
		]);
		const [first, second] = view.commitments;
		// Only through its own dialogue: the address names the dialogue, the form the commitment.
		const elsewhere = addDialogue(fx.db, fx.organisationId, fx.facilitator);
		expect(() =>
			setCommitmentStatus(fx.facilitator, elsewhere, first!.id, { status: 'done', note: '' }, env())
		).toThrow(DialogueNotFoundError);
		setCommitmentStatus(fx.facilitator, fx.dialogueId, first!.id, { status: 'done', note: '' }, env());
		expect(() =>
			setCommitmentStatus(fx.facilitator, fx.dialogueId, second!.id, { status: 'notDone', note: ' ' }, env())
		).toThrow(InvalidInputError);
		setCommitmentStatus(
			fx.facilitator,
			fx.dialogueId,
			second!.id,
			{ status: 'notDone', note: 'The board changed.' },
			env()
		);
		view = followUp(fx.facilitator, fx.dialogueId, env());
		expect(view.commitments.map((c) => [c.status, c.statusNote, c.overdue])).toEqual([
			['done', '', false],
			['notDone', 'The board changed.', false]
		]);
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'commitment.status')).all();
		expect(audit.map((a) => JSON.parse(a.detail).to)).toEqual(['done', 'notDone']);
		expect(audit.map((a) => a.detail).join()).not.toContain('The board changed.');
	});

	it('does not track a commitment whose session is still running (the console edits it)', () => {
		const session = runToAgreement(fx);
		session.run({ type: 'agreement.commitment.add', action: 'A', ownerRole: 'Club' });
		const id = fx.db.select().from(commitment).get()!.id;
		expect(() =>
			setCommitmentStatus(fx.facilitator, fx.dialogueId, id, { status: 'done', note: '' }, env())
		).toThrow(DialogueNotFoundError);
	});
});

/** The first step of a review: the capacity screen redone for it. */
function redoCapacity(occasion = 'review'): string {
	const answer = { assessment: 'Still carried by the club', concerns: [] };
	const answers = {
		proDemocratic: answer,
		extremistTies: answer,
		riskToPerson: answer,
		socialCapital: answer
	};
	return saveCapacityReview(fx.facilitator, fx.dialogueId, { occasion, answers }, env()).id;
}

describe('a review session', () => {
	it('starts by redoing the capacity screen, and records the screen it started from', () => {
		runToClosed(fx);
		const open = () =>
			openReviewSession(fx.facilitator, fx.dialogueId, { requestOrigin: ADDRESS.requestOrigin, env: env() });
		expect(followUp(fx.facilitator, fx.dialogueId, env()).capacityStep).toBeNull();
		expect(open).toThrow(InvalidInputError);
		// A screen saved for another occasion is not the review's step.
		redoCapacity('laterStage');
		expect(open).toThrow(InvalidInputError);
		const screenId = redoCapacity();
		expect(followUp(fx.facilitator, fx.dialogueId, env()).capacityStep).toMatchObject({ reviewId: screenId });
		const opened = open();
		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, opened.sessionId)).get();
		expect(row?.capacityReviewId).toBe(screenId);
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'session.review')).get();
		expect(JSON.parse(audit!.detail)).toMatchObject({ capacityReviewId: screenId });
	});

	it('opens a new session linked to the last one, starting from its agreement', () => {
		const first = runToClosed(fx);
		redoCapacity();
		const closed = followUp(fx.facilitator, fx.dialogueId, env()).commitments;
		setCommitmentStatus(
			fx.facilitator,
			fx.dialogueId,
			closed[0]!.id,
			{ status: 'inProgress', note: 'Two trainings so far' },
			env()
		);
		const opened = openReviewSession(fx.facilitator, fx.dialogueId, {
			requestOrigin: ADDRESS.requestOrigin,
			env: env()
		});
		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, opened.sessionId)).get();
		expect(row).toMatchObject({ reviewOf: first.sessionId, phase: 'preparation' });
		expect(fx.db.select().from(dialogue).get()?.status).toBe('live');
		const agreement = consoleView(fx.db, opened.sessionId, ADDRESS).agreement;
		expect(agreement?.version).toBe(1);
		expect(agreement?.commitments.map((c) => [c.ownerRole, c.status])).toEqual([
			['Football club board', 'inProgress'],
			['Mosque board', 'planned']
		]);
		expect(agreement?.reviewOf?.sessionId).toBe(first.sessionId);
		expect(() =>
			openReviewSession(fx.facilitator, fx.dialogueId, { requestOrigin: ADDRESS.requestOrigin, env: env() })
		).toThrow();
	});

	it('keeps the agreement current when a later meeting ends early (its drafts were never agreed)', () => {
		const first = runToClosed(fx);
		redoCapacity();
		const opened = openReviewSession(fx.facilitator, fx.dialogueId, {
			requestOrigin: ADDRESS.requestOrigin,
			env: env()
		});
		const review = (command: unknown) =>
			commandSession(
				fx.db,
				fx.facilitator,
				opened.sessionId,
				asShown(fx.db, opened.sessionId, command),
				ADDRESS
			);
		const phase = () =>
			fx.db.select().from(liveSession).where(eq(liveSession.id, opened.sessionId)).get()?.phase;
		// Through its phases to the agreement (the value checks passed, as in a room that met them).
		for (let step = 0; step < 5 && phase() !== 'agreement'; step++) {
			const moved = applyEvent(fx.db, opened.sessionId, {
				type: 'phase.advance',
				facts: passingFacts(),
				at: Date.now(),
				by: fx.facilitator.id
			});
			expect(moved.status).toBe('applied');
		}
		expect(phase()).toBe('agreement');
		// A draft change in the review meeting that nobody consents to: the meeting ends first.
		review({ type: 'agreement.commitment.add', action: 'Never agreed', ownerRole: 'Nobody yet' });
		review({ type: 'session.endEarly', reason: 'time' });
		expect(phase()).toBe('endedEarly');

		const view = followUp(fx.facilitator, fx.dialogueId, env());
		expect(view.current?.id).toBe(first.sessionId);
		expect(view.commitments.map((c) => c.ownerRole)).toEqual(['Football club board', 'Mosque board']);
		expect(view.sessions.map((s) => s.phase).sort()).toEqual(['closed', 'endedEarly']);

		// The dashboard links the newest report and says it ended early; the commitments are the agreed ones.
		const row = reviewDashboard(fx.organiser, {}, env()).dialogues.find((d) => d.id === fx.dialogueId);
		expect(row).toMatchObject({
			lastSessionId: opened.sessionId,
			lastEndedEarly: true,
			commitments: { total: 2 }
		});
		const calendar = reviewCalendar(fx.organiser, { origin: 'http://hall', env: env() }).body;
		expect(calendar).not.toContain('Nobody yet');
		expect(calendar).toContain('Mosque board');

		// The next review starts again from the agreement that was reached.
		const next = openReviewSession(fx.facilitator, fx.dialogueId, {
			requestOrigin: ADDRESS.requestOrigin,
			env: env()
		});
		const row2 = fx.db.select().from(liveSession).where(eq(liveSession.id, next.sessionId)).get();
		expect(row2?.reviewOf).toBe(first.sessionId);
		expect(
			consoleView(fx.db, next.sessionId, ADDRESS).agreement?.commitments.map((c) => c.ownerRole)
		).toEqual(['Football club board', 'Mosque board']);
	});

	it('needs a closed session to review', () => {
		expect(() =>
			openReviewSession(fx.facilitator, fx.dialogueId, { requestOrigin: ADDRESS.requestOrigin, env: env() })
		).toThrow(InvalidInputError);
	});
});

describe('deleting a dialogue', () => {
	it('deletes everything of it for an organiser who typed the codename, and logs it', () => {
		runToClosed(fx);
		const codename = fx.db.select().from(dialogue).get()!.codename;
		expect(() => deleteDialogue(fx.facilitator, fx.dialogueId, codename, env())).toThrow(NotAllowedError);
		expect(() => deleteDialogue(fx.organiser, fx.dialogueId, 'nope', env())).toThrow(InvalidInputError);
		deleteDialogue(fx.organiser, fx.dialogueId, codename, env());
		expect(fx.db.select().from(dialogue).all()).toEqual([]);
		expect(fx.db.select().from(liveSession).all()).toEqual([]);
		expect(fx.db.select().from(commitment).all()).toEqual([]);
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'dialogue.delete')).get();
		expect(JSON.parse(audit!.detail)).toEqual({ codename, sessions: 1 });
	});

	it('is refused while a meeting is going on', () => {
		runToAgreement(fx);
		const codename = fx.db.select().from(dialogue).get()!.codename;
		expect(() => deleteDialogue(fx.organiser, fx.dialogueId, codename, env())).toThrow(InvalidInputError);
	});
});

describe('the review dashboard and the calendar', () => {
	it('lists dialogues with review dates and commitments, and trends with hidden figures as gaps', () => {
		runToClosed(fx, { phones: 4, checkOutPhones: 2 });
		const other = addDialogue(fx.db, fx.organisationId, null);
		const board = reviewDashboard(fx.organiser, {}, env());
		expect(board.dialogues.map((d) => d.id).sort()).toEqual([fx.dialogueId, other].sort());
		const mine = board.dialogues.find((d) => d.id === fx.dialogueId);
		expect(mine).toMatchObject({
			nextReviewOn: '2031-04-15',
			commitments: { total: 2, open: 2, overdue: 1 }
		});
		expect(board.overdue.map((c) => c.ownerRole)).toEqual(['Mosque board']);
		expect(board.trend).toHaveLength(1);
		expect(board.trend[0]).toMatchObject({ joined: 4, checkOut: { 'checkOut.safe': null } });

		expect(reviewDashboard(fx.organiser, { facilitatorId: fx.facilitator.id }, env()).dialogues).toHaveLength(
			1
		);
		expect(reviewDashboard(fx.organiser, { status: 'preparing' }, env()).dialogues.map((d) => d.id)).toEqual([
			other
		]);
		expect(reviewDashboard(fx.organiser, { from: '2099-01-01' }, env()).dialogues).toEqual([]);
	});

	it('exports review meetings and open commitments as calendar events', () => {
		const session = runToClosed(fx);
		const { body, filename } = reviewCalendar(fx.organiser, { origin: 'http://hall', env: env() });
		expect(filename).toBe('hearth-review-dates-organisation.ics');
		expect(body).toContain(`UID:review-${session.sessionId}@hearth\r\n`);
		expect(body).toContain('DTSTART;VALUE=DATE:20310415\r\n');
		expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
		const one = reviewCalendar(fx.facilitator, {
			dialogueId: fx.dialogueId,
			origin: 'http://hall',
			env: env()
		});
		expect(one.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
		const stranger = addStaff(fx.db, fx.organisationId, 'facilitator');
		expect(reviewCalendar(stranger, { origin: 'http://hall', env: env() }).body).not.toContain(
			'BEGIN:VEVENT'
		);
	});
});
