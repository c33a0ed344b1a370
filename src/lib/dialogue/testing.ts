/**
 * Facts for tests (here and in server tests): a dialogue in which every values check passes. Not exported from
 * the index so that production code cannot lean on it.
 */
import type { DialogueFacts } from './types';

export function passingFacts(patch: Partial<DialogueFacts> = {}): DialogueFacts {
	return {
		groundRulesDrafted: true,
		safetyPlanComplete: true,
		capacityQuestionsAnswered: 4,
		capacityConcernsWithoutMitigation: 0,
		informationPlanGroups: 2,
		informationPlanUndecided: 0,
		riskAssessmentAgeDays: 30,
		facilitatorAssigned: true,
		impartialityDeclared: true,
		participantCount: 10,
		groundRulesAffirmed: 9,
		openObjections: 0,
		checkInResponses: 8,
		purposeExplained: true,
		moderationQueue: 0,
		respectPulse: { responses: 8, mean: 4.2 },
		unthemedConcerns: 0,
		themesUnanswered: 0,
		rolesNamed: 3,
		shortlisted: 3,
		shortlistedUntied: 0,
		shortlistedWithoutOwner: 0,
		consentRoundOpen: false,
		consentResponses: 9,
		consentBlocks: 0,
		agreementReadBack: true,
		commitments: 4,
		commitmentsIncomplete: 0,
		checkOutResponses: 7,
		closingRitualPlanned: true,
		closingRitualRecorded: true,
		followUpDateSet: true,
		...patch
	};
}
