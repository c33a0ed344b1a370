import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleView } from '$lib/live/types';
import { contribution, dialogue, endorsement, liveSession, outcomeReport, response } from '../../db/schema';
import { readOutcomeReport } from '../../outcome/store';
import { runToAgreement, runToClosed, type RunSession } from '../../outcome/test-support';
import { readEvents } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import { respond } from '../phones/participation';
import { ADDRESS, liveFixture, requestId, type LiveFixture, liveFailure } from '../test-support';
import { consoleView, phoneView, projectorView } from '../views/views';

let fx: LiveFixture;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
});

afterEach(() => fx.close());

const failure = liveFailure;

function consoleOf(session: RunSession): ConsoleView {
	return consoleView(fx.db, session.sessionId, ADDRESS);
}

/** What the big screen shows of the values check. */
function projectorValues(session: RunSession): unknown {
	const view = projectorView(fx.db, session.sessionId, ADDRESS);
	return view.paused ? null : view.values;
}

const phone = (session: RunSession, i: number) => session.phones[i] as ParticipantPrincipal;

function consent(session: RunSession, i: number, value: string, draftVersion: number) {
	return respond(fx.db, phone(session, i), {
		prompt: 'consent',
		value,
		draftVersion,
		clientRequestId: requestId()
	});
}

describe('the agreement draft', () => {
	it('turns a shortlisted proposal into a commitment and refuses one that is not shortlisted', () => {
		const session = runToAgreement(fx);
		const added = session.run({ type: 'agreement.commitment.add', proposalId: session.proposalIds[0] });
		expect(added.result).toMatchObject({ version: 1 });
		const [first] = consoleOf(session).agreement?.commitments ?? [];
		expect(first).toMatchObject({
			action: 'Our football club welcomes him at training on Tuesdays',
			ownerRole: 'Football club board',
			dueOn: null,
			incomplete: true,
			proposalId: session.proposalIds[0]
		});
		const refused = failure(() =>
			session.run({ type: 'agreement.commitment.add', proposalId: session.proposalIds[1] })
		);
		expect([refused.status, refused.code]).toEqual([409, 'notShortlisted']);
	});

	it('updates only the fields given, moves and removes, and moves the version on with every change', () => {
		const session = runToAgreement(fx);
		const a = session.run({ type: 'agreement.commitment.add', action: 'A', ownerRole: 'Club' }).result
			?.commitmentId as string;
		session.run({ type: 'agreement.commitment.add', action: 'B', ownerRole: 'Board' });
		session.run({ type: 'agreement.commitment.update', commitmentId: a, dueOn: '2031-01-01' });
		expect(consoleOf(session).agreement?.commitments[0]).toMatchObject({
			action: 'A',
			ownerRole: 'Club',
			dueOn: '2031-01-01',
			incomplete: false
		});
		session.run({ type: 'agreement.commitment.move', commitmentId: a, position: 5 });
		expect(consoleOf(session).agreement?.commitments.map((c) => [c.action, c.position])).toEqual([
			['B', 0],
			['A', 1]
		]);
		session.run({ type: 'agreement.commitment.remove', commitmentId: a });
		const agreement = consoleOf(session).agreement;
		expect(agreement?.commitments.map((c) => c.action)).toEqual(['B']);
		expect(agreement?.version).toBe(5);
	});

	it("starts who takes it on from the role the proposal's author suggested when the facilitator named none", () => {
		const session = runToAgreement(fx);
		const proposalId = session.proposalIds[0] as string;
		fx.db.update(contribution).set({ ownerRole: '' }).where(eq(contribution.id, proposalId)).run();
		session.run({ type: 'agreement.commitment.add', proposalId });
		expect(consoleOf(session).agreement?.commitments[0]).toMatchObject({
			proposalId,
			ownerRole: 'football club volunteers'
		});
	});

	it('counts the versions people see by read-backs to the room, not by saved fields', () => {
		const session = runToAgreement(fx);
		const number = () => consoleOf(session).agreement?.number;
		// Before the first read-back, every change is still version 1.
		expect(number()).toBe(1);
		const a = session.run({ type: 'agreement.commitment.add', action: 'A', ownerRole: 'Club' }).result
			?.commitmentId as string;
		session.run({ type: 'agreement.commitment.update', commitmentId: a, dueOn: '2031-01-01' });
		session.run({ type: 'agreement.commitment.update', commitmentId: a, reviewHow: 'At the review' });
		expect([consoleOf(session).agreement?.version, number()]).toEqual([3, 1]);
		session.run({ type: 'agreement.readBack', version: 3 });
		expect([number(), consoleOf(session).agreement?.readBack]).toEqual([1, true]);
		// Read back once more without a change: the same version.
		session.run({ type: 'agreement.readBack', version: 3 });
		expect(number()).toBe(1);
		// Changed after the read-back: the draft becomes version 2, however many fields are saved, until read back.
		session.run({ type: 'agreement.commitment.update', commitmentId: a, action: 'A, every week' });
		session.run({ type: 'agreement.commitment.update', commitmentId: a, ownerRole: 'Club board' });
		expect([number(), consoleOf(session).agreement?.readBack]).toEqual([2, false]);
		session.run({ type: 'agreement.readBack', version: 5 });
		expect(number()).toBe(2);
		session.run({ type: 'agreement.commitment.update', commitmentId: a, dueOn: '2031-02-01' });
		expect(number()).toBe(3);
		// The phones and the projector count the same way, and so does the event every screen gets.
		expect(phoneView(fx.db, session.sessionId, phone(session, 0)).agreement?.number).toBe(3);
		const logged = readEvents(fx.db, session.sessionId).filter((e) => e.type === 'agreement.changed');
		expect(logged.at(-1)).toMatchObject({ payload: { version: 6, number: 3 } });
	});

	it('refuses a change made on an older version, and any change outside the agreement phase', () => {
		const session = runToAgreement(fx);
		session.run({ type: 'agreement.commitment.add', action: 'A' });
		const stale = failure(() =>
			session.run({ type: 'agreement.commitment.add', action: 'B', expectedVersion: 0 })
		);
		expect([stale.status, stale.code, stale.extra.version]).toEqual([409, 'draftChanged', 1]);
		session.run({ type: 'session.pause' });
		expect(failure(() => session.run({ type: 'agreement.commitment.add', action: 'C' })).code).toBe('paused');
	});

	it('shows the draft on the phones and the projector, and the consent spread only on the console', () => {
		const session = runToAgreement(fx);
		session.run({ type: 'agreement.commitment.add', action: 'Walk together', ownerRole: 'Neighbours' });
		const onPhone = phoneView(fx.db, session.sessionId, phone(session, 0));
		const onProjector = projectorView(fx.db, session.sessionId, ADDRESS);
		expect(onPhone.agreement?.commitments.map((c) => c.action)).toEqual(['Walk together']);
		expect(onProjector.paused ? null : onProjector.agreement?.version).toBe(1);
		expect(JSON.stringify(onPhone)).not.toContain('cannotLiveWith');
		expect(consoleOf(session).aggregates.consent.prompt).toBe('consent');
		const logged = readEvents(fx.db, session.sessionId).filter((e) => e.type === 'agreement.changed');
		expect(logged.at(-1)).toMatchObject({ audience: 'all', payload: { version: 1 } });
	});
});

describe('read-back and consent', () => {
	function ready(session: RunSession) {
		session.run({
			type: 'agreement.commitment.add',
			action: 'Walk together',
			ownerRole: 'Neighbours',
			dueOn: '2031-01-01'
		});
		session.run({ type: 'agreement.readBack', version: 1 });
		session.run({ type: 'consent.open' });
	}

	it('counts consent only on the version it was given on; a changed draft asks again', () => {
		const session = runToAgreement(fx);
		ready(session);
		consent(session, 0, 'fullySupport', 1);
		expect(phoneView(fx.db, session.sessionId, phone(session, 0)).myAnswers.consent).toBe('fullySupport');
		const stale = failure(() => consent(session, 1, 'canLiveWith', 0));
		expect([stale.code, stale.extra.version]).toEqual(['draftChanged', 1]);

		session.run({
			type: 'agreement.commitment.add',
			action: 'Coffee',
			ownerRole: 'Mosque board',
			dueOn: '2031-02-01'
		});
		session.run({ type: 'consent.close' });
		const check = consoleOf(session).check;
		const codes = [...check!.results.respect.reasons, ...check!.results.relationship.reasons].map(
			(r) => r.code
		);
		expect(codes).toEqual(expect.arrayContaining(['agreement.consentRoundMissing', 'agreement.notReadBack']));
		expect(phoneView(fx.db, session.sessionId, phone(session, 0)).myAnswers.consent).toBeUndefined();
	});

	it('refuses a consent answer without the draft version or with an unknown gradient, field by field', () => {
		const session = runToAgreement(fx);
		ready(session);
		const missing = failure(() =>
			respond(fx.db, phone(session, 0), {
				prompt: 'consent',
				value: 'canLiveWith',
				clientRequestId: requestId()
			})
		);
		expect([missing.status, Object.keys(missing.extra.errors ?? {})]).toEqual([422, ['draftVersion']]);
		const unknown = failure(() => consent(session, 0, 'maybe', 1));
		expect([unknown.status, Object.keys(unknown.extra.errors ?? {})]).toEqual([422, ['value']]);
	});

	it('blocks the move on while a "cannot live with it" is unresolved, and lets it go once talked through', () => {
		const session = runToAgreement(fx);
		ready(session);
		consent(session, 0, 'fullySupport', 1);
		const checkBefore = consoleOf(session).check;
		const panelBefore = projectorValues(session);
		consent(session, 1, 'cannotLiveWith', 1);
		// Mid-round nothing tells it, anywhere: it would point at whoever just answered.
		expect(consoleOf(session).check).toEqual(checkBefore);
		expect(projectorValues(session)).toEqual(panelBefore);
		expect(JSON.stringify(checkBefore)).toContain('agreement.consentRoundOpen');
		expect(JSON.stringify(checkBefore)).not.toContain('agreement.consentBlocked');
		expect(consoleOf(session).agreement?.consentBlocked).toBe(false);
		const early = failure(() => session.run({ type: 'phase.advance' }));
		expect(early.code).toBe('valuesUnmet');
		expect(JSON.stringify(early.extra.unmet)).toContain('agreement.consentRoundOpen');
		expect(JSON.stringify(early.extra.unmet)).not.toContain('agreement.consentBlocked');
		expect(failure(() => session.run({ type: 'consent.resolve', note: 'x' })).code).toBe('consentRoundOpen');

		// Once the round is closed the console is told, and the move on is refused for it.
		session.run({ type: 'consent.close' });
		expect(consoleOf(session).agreement?.consentBlocked).toBe(true);
		const blocked = failure(() => session.run({ type: 'phase.advance' }));
		expect(JSON.stringify(blocked.extra.unmet)).toContain('agreement.consentBlocked');

		session.run({ type: 'consent.resolve', note: 'The club adds a second volunteer.' });
		expect(consoleOf(session).agreement?.consentBlocked).toBe(false);
		const resolved = readEvents(fx.db, session.sessionId).find((e) => e.type === 'consent.resolved');
		expect(resolved).toMatchObject({ audience: 'staff' });
		expect(JSON.stringify(resolved?.payload)).not.toMatch(/resolved|count|voter|participant/i);

		// Saying it again after the talk blocks again.
		session.run({ type: 'consent.open' });
		consent(session, 1, 'cannotLiveWith', 1);
		session.run({ type: 'consent.close' });
		expect(consoleOf(session).agreement?.consentBlocked).toBe(true);
		session.run({ type: 'consent.resolve', note: 'Talked through again.' });
		expect(consoleOf(session).agreement?.resolutions.map((r) => r.note)).toEqual([
			'The club adds a second volunteer.',
			'Talked through again.'
		]);
	});

	it('refuses to resolve when nothing blocks, and opens the consent round only in the agreement', () => {
		const session = runToAgreement(fx);
		expect(failure(() => session.run({ type: 'consent.open' })).code).toBe('noCommitments');
		ready(session);
		session.run({ type: 'consent.close' });
		expect(failure(() => session.run({ type: 'consent.resolve', note: 'x' })).code).toBe('nothingToResolve');
		expect(failure(() => session.run({ type: 'checkOut.open' })).code).toBe('wrongPhase');
	});

	it('withholds the spread below the minimum group size and while the round is open', () => {
		const session = runToAgreement(fx);
		ready(session);
		consent(session, 0, 'fullySupport', 1);
		consent(session, 1, 'cannotLiveWith', 1);
		session.run({ type: 'consent.close' });
		expect(consoleOf(session).aggregates.consent).toMatchObject({
			tooFew: true,
			counts: null,
			responses: null
		});
		session.run({ type: 'consent.open' });
		consent(session, 2, 'canLiveWith', 1);
		expect(consoleOf(session).aggregates.consent).toMatchObject({
			tooFew: false,
			responses: 3,
			counts: null
		});
		session.run({ type: 'consent.close' });
		// Three answers, one per choice: each choice of fewer than three people reads "not enough answers".
		expect(consoleOf(session).aggregates.consent).toMatchObject({
			responses: null,
			counts: { fullySupport: null, canLiveWith: null, haveConcerns: 0, cannotLiveWith: null }
		});
	});

	it('closes the questions of a phase when the session moves on or goes back', () => {
		const session = runToAgreement(fx);
		ready(session);
		expect(consoleOf(session).controls.openPrompt).toBe('consent');
		session.run({ type: 'phase.revisit', phase: 'proposals', reason: 'One more proposal came up.' });
		expect(consoleOf(session).controls.openPrompt).toBeNull();
		session.run({ type: 'prompt.open', prompt: 'role.named' });
		session.run({ type: 'phase.advance' });
		const after = consoleOf(session);
		expect([after.phase, after.controls.openPrompt]).toEqual(['agreement', null]);
		// The phones learn it from the log, right after the move.
		const log = readEvents(fx.db, session.sessionId).map((e) => e.type);
		expect(log.slice(log.lastIndexOf('phase.advance'))).toEqual(
			expect.arrayContaining(['phase.advance', 'controls.changed', 'response.counted'])
		);
	});
});

describe('closing', () => {
	it('closes with the report, the erased voter keys and the dialogue marked closed, all at once', () => {
		const session = runToClosed(fx, { ritualPlanned: true });
		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, session.sessionId)).get();
		expect(row).toMatchObject({ phase: 'closed', voterSecret: null, followUpOn: '2031-04-15' });
		expect(row?.closedAt).toEqual(expect.any(Number));
		expect(
			fx.db
				.select()
				.from(response)
				.all()
				.every((r) => r.voterKey === null)
		).toBe(true);
		expect(
			fx.db
				.select()
				.from(endorsement)
				.all()
				.every((r) => r.voterKey === null)
		).toBe(true);
		expect(fx.db.select().from(dialogue).get()?.status).toBe('closed');
		const report = readOutcomeReport(fx.db, session.sessionId);
		expect(report?.agreement.commitments.map((c) => c.ownerRole)).toEqual([
			'Football club board',
			'Mosque board'
		]);
		expect(report?.closing).toMatchObject({ ritualRecorded: true, followUpOn: '2031-04-15' });
		const ready = readEvents(fx.db, session.sessionId).at(-1);
		expect(ready).toMatchObject({ type: 'outcome.ready', audience: 'staff' });
		expect(consoleOf(session).reportPath).toBe(`/reports/${session.sessionId}`);
		// The big screen shows what was agreed, and no longer invites anyone to join with a code that is refused.
		const onProjector = projectorView(fx.db, session.sessionId, ADDRESS);
		if (onProjector.paused) throw new Error('a closed session is not paused');
		expect(onProjector.join).toBeNull();
		expect(onProjector.agreement?.commitments).toHaveLength(2);
	});

	it('asks for the planned ritual, the follow-up date and the check-out round before closing', () => {
		const session = runToAgreement(fx, { ritualPlanned: true });
		session.run({ type: 'agreement.commitment.add', action: 'A', ownerRole: 'Club', dueOn: '2031-01-01' });
		session.run({ type: 'agreement.readBack', version: 1 });
		session.run({ type: 'consent.open' });
		consent(session, 0, 'canLiveWith', 1);
		session.run({ type: 'consent.close' });
		session.run({ type: 'phase.advance' });
		const refused = failure(() => session.run({ type: 'phase.advance' }));
		const codes = JSON.stringify(refused.extra.unmet);
		for (const code of ['closing.checkOutMissing', 'closing.ritualNotRecorded', 'closing.followUpMissing']) {
			expect(codes).toContain(code);
		}
		expect(fx.db.select().from(outcomeReport).all()).toEqual([]);
		const past = failure(() => session.run({ type: 'closing.followUp', date: '2001-01-01' }));
		expect([past.status, Object.keys(past.extra.errors ?? {})]).toEqual([422, ['date']]);
		const early = failure(() =>
			respond(fx.db, phone(session, 0), { prompt: 'checkOut.safe', value: 5, clientRequestId: requestId() })
		);
		expect(early.code).toBe('promptNotOpen');
	});
});
