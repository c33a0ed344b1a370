/**
 * Helpers for the outcome specs: a whole session run the way a room runs it (phones joining and answering,
 * concerns themed and answered, proposals shortlisted and endorsed, the agreement consented to, the check-out
 * round) up to `closed`, with the counts each spec needs to test the small-group safeguard.
 */
import { passingFacts } from '$lib/dialogue/testing';
import type { ConsentGradient } from '$lib/live/types';
import { dialoguePlan } from '../db/schema';
import type { ParticipantPrincipal } from '../live/http/access';
import { commandSession } from '../live/commands/commands';
import { endorse, respond, submitContribution } from '../live/phones/participation';
import type { OpenedSession } from '../live/commands/sessions';
import { ADDRESS, asShown, joinPhone, openSession, requestId, type LiveFixture } from '../live/test-support';
import { applyEvent } from '../sessions/service';

export interface Scenario {
	/** Phones that join. */
	phones?: number;
	/** Consent answers, one per phone that answers (the others do not answer). */
	consent?: ConsentGradient[];
	/** How many phones answer the check-out round, and what. */
	checkOutPhones?: number;
	checkOutValue?: number;
	/** How many phones endorse the first proposal. */
	endorseFirst?: number;
	/** How many extra concerns the moderator hides. */
	hidden?: number;
	/** A closing ritual in the session plan (then it has to be recorded). */
	ritualPlanned?: boolean;
	/** When the session closes. */
	closeAt?: number;
	/** Proposals sent and approved after the two of every scenario (their texts). */
	moreProposals?: string[];
}

export interface RunSession {
	opened: OpenedSession;
	sessionId: string;
	phones: ParticipantPrincipal[];
	proposalIds: string[];
	run: (command: unknown, now?: number) => ReturnType<typeof commandSession>;
}

export const FIRST_PROPOSAL = 'Our football club welcomes him at training on Tuesdays';
export const SECOND_PROPOSAL = 'A neighbour walks with him to the job centre';

function advance(fx: LiveFixture, sessionId: string): void {
	const result = applyEvent(fx.db, sessionId, {
		type: 'phase.advance',
		facts: passingFacts(),
		at: Date.now(),
		by: fx.facilitator.id
	});
	if (result.status !== 'applied') throw new Error('could not advance');
}

/** Runs a session from preparation to the agreement phase, with real answers and contributions. */
export function runToAgreement(fx: LiveFixture, scenario: Scenario = {}): RunSession {
	const opened = openSession(fx);
	const sessionId = opened.sessionId;
	const run = (command: unknown, now?: number) =>
		commandSession(fx.db, fx.facilitator, sessionId, asShown(fx.db, sessionId, command), { ...ADDRESS, now });
	if (scenario.ritualPlanned) {
		fx.db
			.insert(dialoguePlan)
			.values({
				dialogueId: fx.dialogueId,
				closingCeremony: 'A candle for a new start',
				updatedAt: Date.now()
			})
			.run();
	}

	advance(fx, sessionId); // → opening
	const phones = Array.from({ length: scenario.phones ?? 6 }, () => joinPhone(fx, opened));
	for (const phone of phones) {
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() });
	}
	run({ type: 'prompt.open', prompt: 'checkIn' });
	for (const phone of phones)
		respond(fx.db, phone, { prompt: 'checkIn', value: 3, clientRequestId: requestId() });
	run({ type: 'prompt.close' });

	advance(fx, sessionId); // → fearsAndStigma
	const concerns = phones.slice(0, 2).map(
		(phone, i) =>
			submitContribution(fx.db, phone, {
				kind: 'concern',
				text: `Worry number ${i + 1} about the walk to school`,
				clientRequestId: requestId()
			}).id
	);
	const themeId = run({ type: 'theme.create', title: 'The walk to school' }).result?.themeId as string;
	for (const id of concerns) run({ type: 'contribution.approve', contributionId: id, themeId });
	run({ type: 'theme.answer', themeId, note: 'Parents walk in pairs; the route is agreed with the school.' });
	for (let i = 0; i < (scenario.hidden ?? 0); i++) {
		const id = submitContribution(fx.db, phones[i % phones.length] as ParticipantPrincipal, {
			kind: 'concern',
			text: `Something unkind ${i}`,
			clientRequestId: requestId()
		}).id;
		run({ type: 'contribution.hide', contributionId: id, note: 'Dehumanising' });
	}
	run({ type: 'prompt.open', prompt: 'pulse.respected' });
	for (const phone of phones) {
		respond(fx.db, phone, { prompt: 'pulse.respected', value: 4, clientRequestId: requestId() });
	}
	run({ type: 'prompt.close' });

	advance(fx, sessionId); // → proposals
	const proposalIds = [FIRST_PROPOSAL, SECOND_PROPOSAL].map(
		(text, i) =>
			submitContribution(fx.db, phones[i] as ParticipantPrincipal, {
				kind: 'proposal',
				text,
				proposedRole: i === 0 ? 'football club volunteers' : '',
				clientRequestId: requestId()
			}).id
	);
	for (const [i, text] of (scenario.moreProposals ?? []).entries()) {
		const phone = phones[i % phones.length] as ParticipantPrincipal;
		proposalIds.push(
			submitContribution(fx.db, phone, { kind: 'proposal', text, clientRequestId: requestId() }).id
		);
	}
	for (const id of proposalIds) run({ type: 'contribution.approve', contributionId: id });
	run({ type: 'proposal.shortlist', contributionId: proposalIds[0] });
	run({ type: 'proposal.owner', contributionId: proposalIds[0], ownerRole: 'Football club board' });
	run({ type: 'proposal.tie', contributionId: proposalIds[0], themeId });
	for (const phone of phones.slice(0, scenario.endorseFirst ?? phones.length)) {
		endorse(fx.db, phone, { contributionId: proposalIds[0], clientRequestId: requestId() });
	}

	advance(fx, sessionId); // → agreement
	return { opened, sessionId, phones, proposalIds, run };
}

/** Builds the agreement, holds the consent round, and closes with the check-out round. */
export function runToClosed(fx: LiveFixture, scenario: Scenario = {}): RunSession {
	const session = runToAgreement(fx, scenario);
	const { run, proposalIds } = session;
	run({
		type: 'agreement.commitment.add',
		proposalId: proposalIds[0],
		dueOn: '2031-03-01',
		reviewHow: 'At the review meeting'
	});
	run({
		type: 'agreement.commitment.add',
		action: 'Invite him for coffee after Friday prayers',
		ownerRole: 'Mosque board',
		dueOn: '2031-02-01',
		reviewHow: 'The social worker asks the board'
	});
	// Two commitments added: the draft is at version 2.
	return closeFromAgreement(fx, session, 2, scenario);
}

/**
 * From the agreement phase with its commitments made (the draft at `version`): read-back, the consent round, and
 * the check-out round to `closed`.
 */
export function closeFromAgreement(
	fx: LiveFixture,
	session: RunSession,
	version: number,
	scenario: Scenario = {}
): RunSession {
	const { run, phones } = session;
	run({ type: 'agreement.readBack', version });
	run({ type: 'consent.open' });
	const consent = scenario.consent ?? phones.map((): ConsentGradient => 'fullySupport');
	consent.forEach((value, i) => {
		respond(fx.db, phones[i] as ParticipantPrincipal, {
			prompt: 'consent',
			value,
			draftVersion: version,
			clientRequestId: requestId()
		});
	});
	run({ type: 'consent.close' });
	if (consent.includes('cannotLiveWith')) {
		run({ type: 'consent.resolve', note: 'Talked through; the club adds a second volunteer.' });
	}
	run({ type: 'phase.advance' }); // → closing, on the real facts

	run({ type: 'closing.followUp', date: '2031-04-15' });
	if (scenario.ritualPlanned)
		run({ type: 'closing.ritualRecorded', note: 'Candle lit; everyone named one step.' });
	run({ type: 'checkOut.open' });
	for (const phone of phones.slice(0, scenario.checkOutPhones ?? phones.length)) {
		for (const prompt of [
			'checkOut.safe',
			'checkOut.heard',
			'checkOut.respected',
			'checkOut.fair',
			'checkOut.nextSteps',
			'checkOut.recommend'
		]) {
			respond(fx.db, phone, { prompt, value: scenario.checkOutValue ?? 4, clientRequestId: requestId() });
		}
	}
	run({ type: 'checkOut.close' });
	run({ type: 'phase.advance' }, scenario.closeAt); // → closed
	return session;
}
