import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantPrincipal } from '../http/access';
import { changeControls } from '../commands/controls';
import { emptyFacts, evaluateTransition } from '$lib/dialogue';
import { readSessionState } from '../store';
import { liveFacts } from './facts';
import {
	answerTheme,
	approveContribution,
	createTheme,
	setProposalOwnerRole,
	shortlistProposal,
	tieProposal
} from '../commands/moderation';
import { respond, submitContribution } from '../phones/participation';
import type { OpenedSession } from '../commands/sessions';
import {
	ADDRESS,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';

let fx: LiveFixture;
let opened: OpenedSession;
let phones: ParticipantPrincipal[];

beforeEach(() => {
	fx = liveFixture();
	opened = openSession(fx);
	phones = [0, 1, 2].map(() => joinPhone(fx, opened));
});

afterEach(() => fx.close());

const facts = () => liveFacts(fx.db, opened.sessionId);
const open = (prompt: 'checkIn' | 'pulse.respected' | 'role.named') =>
	changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'prompt.open', prompt }, ADDRESS);
const answer = (phone: ParticipantPrincipal, prompt: string, value: string | number) =>
	respond(fx.db, phone, { prompt, value, clientRequestId: requestId() });
const submit = (kind: 'concern' | 'proposal', text: string, phone = phones[0]) =>
	phone ? submitContribution(fx.db, phone, { kind, text, clientRequestId: requestId() }).id : '';

describe('opening facts (respect, relationship, responsibility)', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'opening'));

	it('counts participants, affirmations and open objections', () => {
		expect(facts()).toMatchObject({ participantCount: 3, groundRulesAffirmed: 0, openObjections: 0 });
		answer(phones[0] as ParticipantPrincipal, 'groundRules.affirm', 'yes');
		answer(phones[1] as ParticipantPrincipal, 'groundRules.affirm', 'object');
		expect(facts()).toMatchObject({ groundRulesAffirmed: 1, openObjections: 1 });
		changeControls(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'objections.resolved' },
			{ ...ADDRESS, now: Date.now() + 1000 }
		);
		expect(facts().openObjections).toBe(0);
	});

	it('counts check-in answers and whether the purpose was explained', () => {
		open('checkIn');
		answer(phones[0] as ParticipantPrincipal, 'checkIn', 3);
		answer(phones[1] as ParticipantPrincipal, 'checkIn', 'nervous');
		expect(facts()).toMatchObject({ checkInResponses: 2, purposeExplained: false });
		changeControls(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'purpose.explained', explained: true },
			ADDRESS
		);
		expect(facts().purposeExplained).toBe(true);
	});
});

describe('fears and stigma facts', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'fearsAndStigma'));

	it('counts the moderation queue, the respect pulse, unthemed concerns and unanswered themes', () => {
		const a = submit('concern', 'Worried about the playground');
		const b = submit('concern', 'Worried about the bus stop');
		expect(facts()).toMatchObject({ moderationQueue: 2, unthemedConcerns: 0 });
		approveContribution(fx.db, fx.facilitator, opened.sessionId, a);
		approveContribution(fx.db, fx.facilitator, opened.sessionId, b);
		expect(facts()).toMatchObject({ moderationQueue: 0, unthemedConcerns: 2, themesUnanswered: 0 });
		const themeId = createTheme(fx.db, fx.facilitator, opened.sessionId, 'Public places', [a, b]);
		expect(facts()).toMatchObject({ unthemedConcerns: 0, themesUnanswered: 1 });
		answerTheme(fx.db, fx.facilitator, opened.sessionId, themeId, 'The neighbourhood team walks by.');
		expect(facts().themesUnanswered).toBe(0);

		open('pulse.respected');
		answer(phones[0] as ParticipantPrincipal, 'pulse.respected', 4);
		answer(phones[1] as ParticipantPrincipal, 'pulse.respected', 2);
		expect(facts().respectPulse).toEqual({ responses: 2, mean: 3, open: true });
		changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'prompt.close' }, ADDRESS);
		expect(facts().respectPulse).toEqual({ responses: 2, mean: 3, open: false });
	});

	it('counts roles people named', () => {
		open('role.named');
		answer(phones[2] as ParticipantPrincipal, 'role.named', 'neighbour');
		expect(facts().rolesNamed).toBe(1);
	});
});

describe('proposal facts', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'proposals'));

	it('counts shortlisted proposals, untied ones and ones without an owner', () => {
		const p = submit('proposal', 'A welcome walk');
		expect(facts().moderationQueue).toBe(1);
		approveContribution(fx.db, fx.facilitator, opened.sessionId, p);
		shortlistProposal(fx.db, fx.facilitator, opened.sessionId, p);
		expect(facts()).toMatchObject({ shortlisted: 1, shortlistedUntied: 1, shortlistedWithoutOwner: 1 });
		tieProposal(fx.db, fx.facilitator, opened.sessionId, p, { need: 'A first contact in the street' });
		setProposalOwnerRole(fx.db, fx.facilitator, opened.sessionId, p, 'residents association');
		expect(facts()).toMatchObject({ shortlisted: 1, shortlistedUntied: 0, shortlistedWithoutOwner: 0 });
	});
});

describe('the facts counted for a phase', () => {
	it('give every phase the same check as all the facts would', () => {
		const phasesInOrder = ['opening', 'fearsAndStigma', 'proposals', 'agreement', 'closing'] as const;
		for (const phase of phasesInOrder) {
			// One phase on each time round (moveTo advances from where the session is, as often as `phase` is far).
			moveTo(fx, opened.sessionId, 'opening');
			if (phase === 'fearsAndStigma') {
				const id = submitContribution(fx.db, phones[0]!, {
					kind: 'concern',
					text: 'I worry about the walk to school',
					clientRequestId: requestId()
				}).id;
				approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
				submitContribution(fx.db, phones[1]!, {
					kind: 'concern',
					text: 'Still pending: what about the youth club?',
					clientRequestId: requestId()
				});
			}
			const state = readSessionState(fx.db, opened.sessionId);
			const all = { ...emptyFacts(), ...liveFacts(fx.db, opened.sessionId, state) };
			const counted = { ...emptyFacts(), ...liveFacts(fx.db, opened.sessionId, state, state.phase) };
			expect(state.phase).toBe(phase);
			expect(evaluateTransition(phase, counted, state.settings)).toEqual(
				evaluateTransition(phase, all, state.settings)
			);
			// And fewer facts are counted outside the phase that reads them.
			if (phase === 'fearsAndStigma') expect(counted.participantCount).toBe(0);
			if (phase === 'opening') expect(counted.participantCount).toBe(all.participantCount);
		}
	});
});
