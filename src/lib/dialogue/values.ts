/**
 * The restorative values check run on every forward transition. Pure: the same facts, settings and overrides
 * always give the same result, so the server can show the facilitator exactly what the machine will decide.
 */
import type { ReasonCode } from './reasons';
import {
	CAPACITY_QUESTIONS,
	VALUES,
	nextPhase,
	normaliseSettings,
	type DialogueFacts,
	type DialogueSettings,
	type FixTarget,
	type Overrides,
	type Phase,
	type Reason,
	type Value,
	type ValueResult,
	type ValuesCheck
} from './types';

/** Conditions found for one value: `unmet` reasons refuse it, `notes` are shown but do not refuse. */
interface Finding {
	unmet: Reason[];
	notes: Reason[];
}

type Findings = Record<Value, Finding>;

function reason(code: ReasonCode, fix: FixTarget, params?: Reason['params']): Reason {
	return params ? { code, fix, params } : { code, fix };
}

function findings(): Findings {
	return {
		respect: { unmet: [], notes: [] },
		relationship: { unmet: [], notes: [] },
		responsibility: { unmet: [], notes: [] }
	};
}

/**
 * Least whole number of affirmations that reaches `ratio` of `participants`. The epsilon keeps float noise
 * (0.7 * 10 = 7.000000000000001) from asking for one person more than the setting means.
 */
function affirmationsNeeded(participants: number, ratio: number): number {
	return Math.max(0, Math.ceil(ratio * participants - 1e-9));
}

function checkPreparation(f: DialogueFacts, s: DialogueSettings): Findings {
	const r = findings();
	if (!f.groundRulesDrafted) r.respect.unmet.push(reason('prep.groundRulesMissing', 'groundRules'));
	if (!f.safetyPlanComplete) r.respect.unmet.push(reason('prep.safetyPlanIncomplete', 'safetyPlan'));

	if (f.capacityQuestionsAnswered < CAPACITY_QUESTIONS) {
		r.relationship.unmet.push(
			reason('prep.capacityScreenIncomplete', 'capacity', {
				answered: f.capacityQuestionsAnswered,
				total: CAPACITY_QUESTIONS
			})
		);
	}
	if (f.capacityConcernsWithoutMitigation > 0) {
		r.relationship.unmet.push(
			reason('prep.capacityConcernsUnmitigated', 'capacity', { count: f.capacityConcernsWithoutMitigation })
		);
	}
	if (f.informationPlanGroups < 1)
		r.relationship.unmet.push(reason('prep.informationPlanEmpty', 'informationPlan'));
	if (f.informationPlanUndecided > 0) {
		r.relationship.unmet.push(
			reason('prep.informationPlanUndecided', 'informationPlan', { count: f.informationPlanUndecided })
		);
	}

	const age = f.riskAssessmentAgeDays;
	if (age === null) {
		r.responsibility.unmet.push(reason('prep.riskAssessmentMissing', 'riskAssessment'));
	} else if (!Number.isFinite(age) || age < 0) {
		// A date in the future is a typing error, and it would otherwise count as the freshest assessment possible.
		r.responsibility.unmet.push(reason('prep.riskAssessmentDateInvalid', 'riskAssessment'));
	} else if (age > s.riskAssessmentMaxAgeDays) {
		r.responsibility.unmet.push(
			reason('prep.riskAssessmentOutdated', 'riskAssessment', {
				ageDays: age,
				maxDays: s.riskAssessmentMaxAgeDays
			})
		);
	}
	if (!f.facilitatorAssigned) r.responsibility.unmet.push(reason('prep.facilitatorMissing', 'facilitators'));
	if (!f.impartialityDeclared)
		r.responsibility.unmet.push(reason('prep.impartialityNotDeclared', 'impartiality'));
	return r;
}

function checkOpening(f: DialogueFacts, s: DialogueSettings): Findings {
	const r = findings();
	if (f.participantCount < s.minParticipants) {
		r.respect.unmet.push(
			reason('opening.tooFewParticipants', 'participants', {
				count: f.participantCount,
				needed: s.minParticipants
			})
		);
	}
	const needed = affirmationsNeeded(f.participantCount, s.affirmationRatio);
	if (f.groundRulesAffirmed < needed) {
		r.respect.unmet.push(
			reason('opening.tooFewAffirmed', 'groundRules', { affirmed: f.groundRulesAffirmed, needed })
		);
	}
	if (f.openObjections > 0) {
		r.respect.unmet.push(reason('opening.openObjection', 'groundRules', { count: f.openObjections }));
	}

	if (f.checkInResponses < s.minCheckInResponses) {
		r.relationship.unmet.push(
			reason('opening.checkInMissing', 'checkIn', {
				count: f.checkInResponses,
				needed: s.minCheckInResponses
			})
		);
	}

	if (!f.purposeExplained) r.responsibility.unmet.push(reason('opening.purposeNotExplained', 'purpose'));
	return r;
}

function checkFearsAndStigma(f: DialogueFacts, s: DialogueSettings): Findings {
	const r = findings();
	if (f.moderationQueue > 0) {
		r.respect.unmet.push(reason('fears.moderationPending', 'moderation', { count: f.moderationQueue }));
	}
	const pulse = f.respectPulse;
	if (pulse.open) {
		// Like the consent round: read once it is closed, and no move on while it may still say the room is not safe.
		r.respect.unmet.push(reason('fears.respectPulseOpen', 'pulse'));
	} else if (pulse.responses < s.minGroupSize || pulse.mean === null) {
		// Privacy rule 4: below the minimum group size the pulse is not read at all, so it cannot refuse.
		r.respect.notes.push(
			reason('fears.respectPulseTooFewAnswers', 'pulse', { count: pulse.responses, needed: s.minGroupSize })
		);
	} else if (pulse.mean < s.respectPulseThreshold) {
		r.respect.unmet.push(
			reason('fears.respectPulseLow', 'pulse', {
				mean: Math.round(pulse.mean * 10) / 10,
				threshold: s.respectPulseThreshold
			})
		);
	}

	if (f.unthemedConcerns > 0) {
		r.relationship.unmet.push(reason('fears.concernsUnthemed', 'themes', { count: f.unthemedConcerns }));
	}
	if (f.themesUnanswered > 0) {
		r.relationship.unmet.push(reason('fears.themesUnanswered', 'themes', { count: f.themesUnanswered }));
	}

	if (f.rolesNamed < 1) r.responsibility.unmet.push(reason('fears.noRolesNamed', 'participants'));
	return r;
}

function checkProposals(f: DialogueFacts): Findings {
	const r = findings();
	if (f.moderationQueue > 0) {
		r.respect.unmet.push(reason('proposals.moderationPending', 'moderation', { count: f.moderationQueue }));
	}
	if (f.shortlistedUntied > 0) {
		r.relationship.unmet.push(reason('proposals.untied', 'proposals', { count: f.shortlistedUntied }));
	}
	if (f.shortlisted < 1) r.responsibility.unmet.push(reason('proposals.noneShortlisted', 'proposals'));
	if (f.shortlistedWithoutOwner > 0) {
		r.responsibility.unmet.push(
			reason('proposals.ownerMissing', 'proposals', { count: f.shortlistedWithoutOwner })
		);
	}
	return r;
}

function checkAgreement(f: DialogueFacts): Findings {
	const r = findings();
	if (f.consentRoundOpen) {
		// Nothing about the answers while people are still answering: a change would point at who just answered.
		r.respect.unmet.push(reason('agreement.consentRoundOpen', 'consent'));
	} else {
		if (f.consentResponses < 1) r.respect.unmet.push(reason('agreement.consentRoundMissing', 'consent'));
		// No count: in a small group the number of objectors would point at people (privacy rule 4).
		if (f.consentBlocks > 0) r.respect.unmet.push(reason('agreement.consentBlocked', 'consent'));
	}

	if (!f.agreementReadBack) r.relationship.unmet.push(reason('agreement.notReadBack', 'agreement'));

	if (f.commitments < 1) r.responsibility.unmet.push(reason('agreement.noCommitments', 'commitments'));
	if (f.commitmentsIncomplete > 0) {
		r.responsibility.unmet.push(
			reason('agreement.commitmentsIncomplete', 'commitments', { count: f.commitmentsIncomplete })
		);
	}
	return r;
}

function checkClosing(f: DialogueFacts): Findings {
	const r = findings();
	if (f.checkOutResponses < 1) r.respect.unmet.push(reason('closing.checkOutMissing', 'checkOut'));
	// The ritual is optional: only a planned one has to be recorded.
	if (f.closingRitualPlanned && !f.closingRitualRecorded) {
		r.relationship.unmet.push(reason('closing.ritualNotRecorded', 'closingRitual'));
	}
	if (!f.followUpDateSet) r.responsibility.unmet.push(reason('closing.followUpMissing', 'followUp'));
	return r;
}

function findingsFor(from: Phase, facts: DialogueFacts, settings: DialogueSettings): Findings {
	switch (from) {
		case 'preparation':
			return checkPreparation(facts, settings);
		case 'opening':
			return checkOpening(facts, settings);
		case 'fearsAndStigma':
			return checkFearsAndStigma(facts, settings);
		case 'proposals':
			return checkProposals(facts);
		case 'agreement':
			return checkAgreement(facts);
		case 'closing':
			return checkClosing(facts);
		case 'closed':
			throw new RangeError('A closed dialogue has no forward transition to check.');
	}
}

/** An override counts only when it says something: a blank box is not professional judgement. */
function overrideText(overrides: Overrides | undefined, value: Value): string | null {
	const text = overrides?.[value];
	if (typeof text !== 'string') return null;
	const trimmed = text.trim();
	return trimmed === '' ? null : trimmed;
}

/**
 * Checks the three values for the forward move out of `from`. Throws a RangeError for `closed`, which has no
 * forward move. An override turns an unmet value into `overridden`; overrides of met values are ignored.
 */
export function evaluateTransition(
	from: Phase,
	facts: DialogueFacts,
	settings: DialogueSettings,
	overrides?: Overrides
): ValuesCheck {
	const to = nextPhase(from);
	const found = findingsFor(from, facts, normaliseSettings(settings));
	if (to === null) throw new RangeError(`No forward transition from '${from}'.`);

	const judge = (value: Value): ValueResult => {
		const { unmet, notes } = found[value];
		if (unmet.length === 0) return { state: 'met', reasons: notes };
		const override = overrideText(overrides, value);
		return override === null
			? { state: 'unmet', reasons: [...unmet, ...notes] }
			: { state: 'overridden', reasons: [...unmet, ...notes], override };
	};
	const results: Record<Value, ValueResult> = {
		respect: judge('respect'),
		relationship: judge('relationship'),
		responsibility: judge('responsibility')
	};
	const passed = VALUES.every((value) => results[value].state !== 'unmet');
	return { from, to, results, passed };
}
