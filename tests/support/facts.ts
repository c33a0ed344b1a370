import { emptyFacts, type DialogueFacts } from '$lib/dialogue';

/** Facts under which every values check of every forward transition is met. */
export function passingFacts(): DialogueFacts {
	return {
		...emptyFacts(),
		groundRulesDrafted: true,
		safetyPlanComplete: true,
		capacityQuestionsAnswered: 4,
		informationPlanGroups: 2,
		riskAssessmentAgeDays: 30,
		facilitatorAssigned: true,
		impartialityDeclared: true,
		participantCount: 6,
		groundRulesAffirmed: 6,
		checkInResponses: 6,
		purposeExplained: true,
		respectPulse: { responses: 6, mean: 4.2 },
		rolesNamed: 2,
		shortlisted: 2,
		consentResponses: 6,
		agreementReadBack: true,
		commitments: 2,
		checkOutResponses: 6,
		followUpDateSet: true
	};
}
