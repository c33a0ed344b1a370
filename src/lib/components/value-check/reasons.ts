/**
 * A values-check reason in words, the same on the console and the preparation pages. Each reason code has its
 * `reason_<code>` message; the table names every one statically (TypeScript refuses a missing code), because
 * looking messages up by a computed name would pull every message of the app into every page's bundle, the
 * phone's included.
 */
import type { Reason } from '$lib/dialogue';
import type { ReasonCode } from '$lib/dialogue/reasons';
import { m } from '$lib/paraglide/messages';

type Params = Record<string, string | number>;

// The server fills each reason's params for exactly its message; the casts only bridge the per-message input
// types, which TypeScript cannot relate to the shared `params` record.
const REASON_TEXT: Record<ReasonCode, (params: Params) => string> = {
	'prep.groundRulesMissing': (p) => m.reason_prep_groundRulesMissing(p as never),
	'prep.safetyPlanIncomplete': (p) => m.reason_prep_safetyPlanIncomplete(p as never),
	'prep.capacityScreenIncomplete': (p) => m.reason_prep_capacityScreenIncomplete(p as never),
	'prep.capacityConcernsUnmitigated': (p) => m.reason_prep_capacityConcernsUnmitigated(p as never),
	'prep.informationPlanEmpty': (p) => m.reason_prep_informationPlanEmpty(p as never),
	'prep.informationPlanUndecided': (p) => m.reason_prep_informationPlanUndecided(p as never),
	'prep.riskAssessmentMissing': (p) => m.reason_prep_riskAssessmentMissing(p as never),
	'prep.riskAssessmentOutdated': (p) => m.reason_prep_riskAssessmentOutdated(p as never),
	'prep.riskAssessmentDateInvalid': (p) => m.reason_prep_riskAssessmentDateInvalid(p as never),
	'prep.facilitatorMissing': (p) => m.reason_prep_facilitatorMissing(p as never),
	'prep.impartialityNotDeclared': (p) => m.reason_prep_impartialityNotDeclared(p as never),
	'opening.tooFewParticipants': (p) => m.reason_opening_tooFewParticipants(p as never),
	'opening.tooFewAffirmed': (p) => m.reason_opening_tooFewAffirmed(p as never),
	'opening.openObjection': (p) => m.reason_opening_openObjection(p as never),
	'opening.checkInMissing': (p) => m.reason_opening_checkInMissing(p as never),
	'opening.purposeNotExplained': (p) => m.reason_opening_purposeNotExplained(p as never),
	'fears.moderationPending': (p) => m.reason_fears_moderationPending(p as never),
	'fears.respectPulseLow': (p) => m.reason_fears_respectPulseLow(p as never),
	'fears.respectPulseOpen': (p) => m.reason_fears_respectPulseOpen(p as never),
	'fears.respectPulseTooFewAnswers': (p) => m.reason_fears_respectPulseTooFewAnswers(p as never),
	'fears.concernsUnthemed': (p) => m.reason_fears_concernsUnthemed(p as never),
	'fears.themesUnanswered': (p) => m.reason_fears_themesUnanswered(p as never),
	'fears.noRolesNamed': (p) => m.reason_fears_noRolesNamed(p as never),
	'proposals.moderationPending': (p) => m.reason_proposals_moderationPending(p as never),
	'proposals.untied': (p) => m.reason_proposals_untied(p as never),
	'proposals.noneShortlisted': (p) => m.reason_proposals_noneShortlisted(p as never),
	'proposals.ownerMissing': (p) => m.reason_proposals_ownerMissing(p as never),
	'agreement.consentRoundOpen': (p) => m.reason_agreement_consentRoundOpen(p as never),
	'agreement.consentRoundMissing': (p) => m.reason_agreement_consentRoundMissing(p as never),
	'agreement.consentBlocked': (p) => m.reason_agreement_consentBlocked(p as never),
	'agreement.notReadBack': (p) => m.reason_agreement_notReadBack(p as never),
	'agreement.noCommitments': (p) => m.reason_agreement_noCommitments(p as never),
	'agreement.commitmentsIncomplete': (p) => m.reason_agreement_commitmentsIncomplete(p as never),
	'closing.checkOutMissing': (p) => m.reason_closing_checkOutMissing(p as never),
	'closing.ritualNotRecorded': (p) => m.reason_closing_ritualNotRecorded(p as never),
	'closing.followUpMissing': (p) => m.reason_closing_followUpMissing(p as never),
	'revisit.reasonMissing': (p) => m.reason_revisit_reasonMissing(p as never),
	'revisit.notEarlier': (p) => m.reason_revisit_notEarlier(p as never),
	'revisit.notLive': (p) => m.reason_revisit_notLive(p as never),
	'endEarly.reasonUnknown': (p) => m.reason_endEarly_reasonUnknown(p as never),
	'endEarly.noteMissing': (p) => m.reason_endEarly_noteMissing(p as never)
};

// A reason whose count of people is below the minimum group size comes without numbers (privacy rule 4), in
// words of its own; only reasons that count people can be suppressed (PEOPLE_COUNT_PARAMS).
const HIDDEN_TEXT: Partial<Record<ReasonCode, () => string>> = {
	'opening.tooFewParticipants': () => m.reason_hidden_opening_tooFewParticipants(),
	'opening.tooFewAffirmed': () => m.reason_hidden_opening_tooFewAffirmed(),
	'opening.openObjection': () => m.reason_hidden_opening_openObjection(),
	'opening.checkInMissing': () => m.reason_hidden_opening_checkInMissing(),
	'fears.respectPulseTooFewAnswers': () => m.reason_hidden_fears_respectPulseTooFewAnswers()
};

export function reasonText(reason: Reason): string {
	if (reason.suppressed) {
		const hidden = HIDDEN_TEXT[reason.code as ReasonCode];
		if (hidden) return hidden();
	}
	const text = REASON_TEXT[reason.code as ReasonCode];
	// Only a code from a newer or older Hearth can be missing: say so in words, never show the code.
	return text ? text(reason.params ?? {}) : m.reason_unknown();
}
