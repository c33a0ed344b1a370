/**
 * Every reason code the dialogue can report. The UI maps each to the message `reason_<code with _ for .>` in
 * messages/*.json; keeping the list here lets a spec prove that no code is left without a message.
 */
export const REASON_CODES = [
	// preparation → opening
	'prep.groundRulesMissing',
	'prep.safetyPlanIncomplete',
	'prep.capacityScreenIncomplete',
	'prep.capacityConcernsUnmitigated',
	'prep.informationPlanEmpty',
	'prep.informationPlanUndecided',
	'prep.riskAssessmentMissing',
	'prep.riskAssessmentOutdated',
	'prep.riskAssessmentDateInvalid',
	'prep.facilitatorMissing',
	'prep.impartialityNotDeclared',
	// opening → fearsAndStigma
	'opening.tooFewParticipants',
	'opening.tooFewAffirmed',
	'opening.openObjection',
	'opening.checkInMissing',
	'opening.purposeNotExplained',
	// fearsAndStigma → proposals
	'fears.moderationPending',
	'fears.respectPulseLow',
	'fears.respectPulseOpen',
	'fears.respectPulseTooFewAnswers',
	'fears.concernsUnthemed',
	'fears.themesUnanswered',
	'fears.noRolesNamed',
	// proposals → agreement
	'proposals.moderationPending',
	'proposals.untied',
	'proposals.noneShortlisted',
	'proposals.ownerMissing',
	// agreement → closing
	'agreement.consentRoundOpen',
	'agreement.consentRoundMissing',
	'agreement.consentBlocked',
	'agreement.notReadBack',
	'agreement.noCommitments',
	'agreement.commitmentsIncomplete',
	// closing → closed
	'closing.checkOutMissing',
	'closing.ritualNotRecorded',
	'closing.followUpMissing',
	// phase.revisit refusals (see checkRevisit)
	'revisit.reasonMissing',
	'revisit.notEarlier',
	'revisit.notLive',
	// session.endEarly refusals (see endingRefusal)
	'endEarly.reasonUnknown',
	'endEarly.noteMissing'
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** The message key for a reason code, e.g. `prep.groundRulesMissing` → `reason_prep_groundRulesMissing`. */
export function reasonMessageKey(code: string): string {
	return `reason_${code.replaceAll('.', '_')}`;
}
