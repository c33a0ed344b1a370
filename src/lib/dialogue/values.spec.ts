import { describe, expect, it } from 'vitest';
import { passingFacts } from './testing';
import {
	DEFAULT_SETTINGS,
	MIN_GROUP_SIZE_FLOOR,
	VALUES,
	emptyFacts,
	normaliseSettings,
	type AdvanceablePhase,
	type DialogueFacts,
	type DialogueSettings,
	type Value
} from './types';
import { evaluateTransition } from './values';

const settings: DialogueSettings = { ...DEFAULT_SETTINGS };

interface Case {
	from: AdvanceablePhase;
	value: Value;
	/** What is different from a dialogue where everything passes. */
	patch: Partial<DialogueFacts>;
	/** For refusals: the reason code expected. */
	code?: string;
	params?: Record<string, string | number>;
	settings?: Partial<DialogueSettings>;
	name: string;
}

/** One case per condition in the values table where the value holds, including boundaries. */
const holds: Case[] = [
	{ from: 'preparation', value: 'respect', patch: {}, name: 'ground rules drafted, safety plan complete' },
	{
		from: 'preparation',
		value: 'relationship',
		patch: { capacityQuestionsAnswered: 4, capacityConcernsWithoutMitigation: 0, informationPlanGroups: 1 },
		name: 'capacity screen done, one stakeholder group decided'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: 365 },
		name: 'assessment exactly as old as allowed'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: 0 },
		name: 'assessment made today'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { participantCount: 10, groundRulesAffirmed: 8 },
		name: 'exactly the affirmation ratio (8 of 10)'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { participantCount: 3, groundRulesAffirmed: 3 },
		name: 'exactly the minimum of participants'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { participantCount: 10, groundRulesAffirmed: 7 },
		settings: { affirmationRatio: 0.7 },
		name: 'a ratio that float arithmetic rounds up (0.7 × 10)'
	},
	{
		from: 'opening',
		value: 'relationship',
		patch: { checkInResponses: 1 },
		name: 'check-in with one answer'
	},
	{ from: 'opening', value: 'responsibility', patch: {}, name: 'purpose and roles explained' },
	{
		from: 'fearsAndStigma',
		value: 'respect',
		patch: { respectPulse: { responses: 5, mean: 3.5 } },
		name: 'pulse exactly at the threshold'
	},
	{
		from: 'fearsAndStigma',
		value: 'relationship',
		patch: {},
		name: 'every concern themed, every theme answered'
	},
	{ from: 'fearsAndStigma', value: 'responsibility', patch: { rolesNamed: 1 }, name: 'one role named' },
	{ from: 'proposals', value: 'respect', patch: { moderationQueue: 0 }, name: 'moderation queue empty' },
	{
		from: 'proposals',
		value: 'relationship',
		patch: {},
		name: 'every shortlisted proposal tied to a concern'
	},
	{
		from: 'proposals',
		value: 'responsibility',
		patch: { shortlisted: 1 },
		name: 'one shortlisted with an owner'
	},
	{
		from: 'agreement',
		value: 'respect',
		patch: { consentResponses: 1 },
		name: 'consent round held, no block'
	},
	{ from: 'agreement', value: 'relationship', patch: {}, name: 'agreement read back' },
	{ from: 'agreement', value: 'responsibility', patch: { commitments: 1 }, name: 'one complete commitment' },
	{ from: 'closing', value: 'respect', patch: { checkOutResponses: 1 }, name: 'check-out held' },
	{ from: 'closing', value: 'relationship', patch: {}, name: 'planned ritual recorded' },
	{
		from: 'closing',
		value: 'relationship',
		patch: { closingRitualPlanned: false, closingRitualRecorded: false },
		name: 'no ritual planned'
	},
	{ from: 'closing', value: 'responsibility', patch: {}, name: 'follow-up date set' }
];

/** One case per unmet condition in the values table, each with its own reason code. */
const refuses: Case[] = [
	{
		from: 'preparation',
		value: 'respect',
		patch: { groundRulesDrafted: false },
		code: 'prep.groundRulesMissing',
		name: 'no ground rules'
	},
	{
		from: 'preparation',
		value: 'respect',
		patch: { safetyPlanComplete: false },
		code: 'prep.safetyPlanIncomplete',
		name: 'no safety plan'
	},
	{
		from: 'preparation',
		value: 'relationship',
		patch: { capacityQuestionsAnswered: 3 },
		code: 'prep.capacityScreenIncomplete',
		params: { answered: 3, total: 4 },
		name: 'capacity screen incomplete'
	},
	{
		from: 'preparation',
		value: 'relationship',
		patch: { capacityConcernsWithoutMitigation: 2 },
		code: 'prep.capacityConcernsUnmitigated',
		params: { count: 2 },
		name: 'capacity concern without mitigation'
	},
	{
		from: 'preparation',
		value: 'relationship',
		patch: { informationPlanGroups: 0 },
		code: 'prep.informationPlanEmpty',
		name: 'information plan empty'
	},
	{
		from: 'preparation',
		value: 'relationship',
		patch: { informationPlanUndecided: 1 },
		code: 'prep.informationPlanUndecided',
		params: { count: 1 },
		name: 'stakeholder group undecided'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: null },
		code: 'prep.riskAssessmentMissing',
		name: 'no risk assessment attested'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: 366 },
		code: 'prep.riskAssessmentOutdated',
		params: { ageDays: 366, maxDays: 365 },
		name: 'risk assessment one day too old'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: 40 },
		settings: { riskAssessmentMaxAgeDays: 30 },
		code: 'prep.riskAssessmentOutdated',
		params: { ageDays: 40, maxDays: 30 },
		name: 'risk assessment older than a stricter setting'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { riskAssessmentAgeDays: -2 },
		code: 'prep.riskAssessmentDateInvalid',
		name: 'risk assessment dated in the future'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { facilitatorAssigned: false },
		code: 'prep.facilitatorMissing',
		name: 'no facilitator'
	},
	{
		from: 'preparation',
		value: 'responsibility',
		patch: { impartialityDeclared: false },
		code: 'prep.impartialityNotDeclared',
		name: 'impartiality not declared'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { participantCount: 2, groundRulesAffirmed: 2 },
		code: 'opening.tooFewParticipants',
		params: { count: 2, needed: 3 },
		name: 'too few participants'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { participantCount: 10, groundRulesAffirmed: 7 },
		code: 'opening.tooFewAffirmed',
		params: { affirmed: 7, needed: 8 },
		name: 'too few affirmed (7 of 10)'
	},
	{
		from: 'opening',
		value: 'respect',
		patch: { openObjections: 1 },
		code: 'opening.openObjection',
		params: { count: 1 },
		name: 'an open objection'
	},
	{
		from: 'opening',
		value: 'relationship',
		patch: { checkInResponses: 0 },
		code: 'opening.checkInMissing',
		params: { count: 0, needed: 1 },
		name: 'no check-in'
	},
	{
		from: 'opening',
		value: 'relationship',
		patch: { checkInResponses: 2 },
		settings: { minCheckInResponses: 3 },
		code: 'opening.checkInMissing',
		params: { count: 2, needed: 3 },
		name: 'check-in below a higher setting'
	},
	{
		from: 'opening',
		value: 'responsibility',
		patch: { purposeExplained: false },
		code: 'opening.purposeNotExplained',
		name: 'purpose not explained'
	},
	{
		from: 'fearsAndStigma',
		value: 'respect',
		patch: { moderationQueue: 3 },
		code: 'fears.moderationPending',
		params: { count: 3 },
		name: 'contributions waiting for moderation'
	},
	{
		from: 'fearsAndStigma',
		value: 'respect',
		patch: { respectPulse: { responses: 5, mean: 3.44 } },
		code: 'fears.respectPulseLow',
		params: { mean: 3.4, threshold: 3.5 },
		name: 'pulse below the threshold'
	},
	{
		from: 'fearsAndStigma',
		value: 'relationship',
		patch: { unthemedConcerns: 2 },
		code: 'fears.concernsUnthemed',
		params: { count: 2 },
		name: 'a concern outside any theme'
	},
	{
		from: 'fearsAndStigma',
		value: 'relationship',
		patch: { themesUnanswered: 1 },
		code: 'fears.themesUnanswered',
		params: { count: 1 },
		name: 'a theme not answered'
	},
	{
		from: 'fearsAndStigma',
		value: 'responsibility',
		patch: { rolesNamed: 0 },
		code: 'fears.noRolesNamed',
		name: 'no role named'
	},
	{
		from: 'proposals',
		value: 'respect',
		patch: { moderationQueue: 1 },
		code: 'proposals.moderationPending',
		params: { count: 1 },
		name: 'moderation queue not empty'
	},
	{
		from: 'proposals',
		value: 'relationship',
		patch: { shortlistedUntied: 1 },
		code: 'proposals.untied',
		params: { count: 1 },
		name: 'a shortlisted proposal tied to nothing'
	},
	{
		from: 'proposals',
		value: 'responsibility',
		patch: { shortlisted: 0 },
		code: 'proposals.noneShortlisted',
		name: 'nothing shortlisted'
	},
	{
		from: 'proposals',
		value: 'responsibility',
		patch: { shortlistedWithoutOwner: 2 },
		code: 'proposals.ownerMissing',
		params: { count: 2 },
		name: 'shortlisted proposals without owner'
	},
	{
		from: 'agreement',
		value: 'respect',
		patch: { consentResponses: 0 },
		code: 'agreement.consentRoundMissing',
		name: 'no consent round'
	},
	{
		from: 'agreement',
		value: 'respect',
		patch: { consentBlocks: 1 },
		code: 'agreement.consentBlocked',
		name: 'someone cannot live with it'
	},
	{
		from: 'agreement',
		value: 'respect',
		patch: { consentRoundOpen: true },
		code: 'agreement.consentRoundOpen',
		name: 'the consent round is still open'
	},
	{
		from: 'agreement',
		value: 'relationship',
		patch: { agreementReadBack: false },
		code: 'agreement.notReadBack',
		name: 'agreement not read back'
	},
	{
		from: 'agreement',
		value: 'responsibility',
		patch: { commitments: 0 },
		code: 'agreement.noCommitments',
		name: 'no commitments'
	},
	{
		from: 'agreement',
		value: 'responsibility',
		patch: { commitmentsIncomplete: 1 },
		code: 'agreement.commitmentsIncomplete',
		params: { count: 1 },
		name: 'a commitment without due date'
	},
	{
		from: 'closing',
		value: 'respect',
		patch: { checkOutResponses: 0 },
		code: 'closing.checkOutMissing',
		name: 'no check-out'
	},
	{
		from: 'closing',
		value: 'relationship',
		patch: { closingRitualPlanned: true, closingRitualRecorded: false },
		code: 'closing.ritualNotRecorded',
		name: 'planned ritual not recorded'
	},
	{
		from: 'closing',
		value: 'responsibility',
		patch: { followUpDateSet: false },
		code: 'closing.followUpMissing',
		name: 'no follow-up date'
	}
];

const others = (value: Value) => VALUES.filter((v) => v !== value);

describe('evaluateTransition: each value holds', () => {
	it.each(holds.map((c) => [`${c.from} ${c.value}: ${c.name}`, c] as const))('%s', (_, c) => {
		const check = evaluateTransition(c.from, passingFacts(c.patch), normaliseSettings(c.settings));
		expect(check.results[c.value]).toEqual({ state: 'met', reasons: [] });
		expect(check.passed).toBe(true);
	});
});

describe('evaluateTransition: each value refuses', () => {
	it.each(refuses.map((c) => [`${c.from} ${c.value}: ${c.name}`, c] as const))('%s', (_, c) => {
		const check = evaluateTransition(c.from, passingFacts(c.patch), normaliseSettings(c.settings));
		const result = check.results[c.value];
		expect(result.state).toBe('unmet');
		expect(result.reasons).toContainEqual(
			c.params
				? { code: c.code, fix: expect.any(String), params: c.params }
				: { code: c.code, fix: expect.any(String) }
		);
		expect(check.passed).toBe(false);
		// The patch touches one condition only: the other two values stay met.
		for (const other of others(c.value)) expect(check.results[other].state).toBe('met');
	});

	it('covers every transition and every value with at least one holding and one refusing case', () => {
		const key = (c: Case) => `${c.from}/${c.value}`;
		const phases: AdvanceablePhase[] = [
			'preparation',
			'opening',
			'fearsAndStigma',
			'proposals',
			'agreement',
			'closing'
		];
		const all = phases.flatMap((p) => VALUES.map((v) => `${p}/${v}`));
		expect(new Set(holds.map(key))).toEqual(new Set(all));
		expect(new Set(refuses.map(key))).toEqual(new Set(all));
	});

	it('refuses everything for a dialogue where nothing has happened', () => {
		const phases: AdvanceablePhase[] = ['preparation', 'opening', 'fearsAndStigma', 'proposals', 'agreement'];
		for (const from of phases) {
			const check = evaluateTransition(from, emptyFacts(), settings);
			expect(check.passed, from).toBe(false);
		}
	});

	it('reports every unmet condition of a value, not only the first', () => {
		const check = evaluateTransition(
			'preparation',
			passingFacts({ groundRulesDrafted: false, safetyPlanComplete: false }),
			settings
		);
		expect(check.results.respect.reasons.map((r) => r.code)).toEqual([
			'prep.groundRulesMissing',
			'prep.safetyPlanIncomplete'
		]);
	});

	it('names where to fix each condition', () => {
		const check = evaluateTransition('preparation', emptyFacts(), settings);
		const fixes = VALUES.flatMap((v) => check.results[v].reasons.map((r) => r.fix));
		expect(fixes).toEqual([
			'groundRules',
			'safetyPlan',
			'capacity',
			'informationPlan',
			'riskAssessment',
			'facilitators',
			'impartiality'
		]);
	});
});

describe('the respect pulse and the minimum group size', () => {
	it('is met with a note when fewer people answered than the minimum group size, however low the answers', () => {
		const check = evaluateTransition(
			'fearsAndStigma',
			passingFacts({ respectPulse: { responses: 4, mean: 1 } }),
			settings
		);
		expect(check.results.respect).toEqual({
			state: 'met',
			reasons: [{ code: 'fears.respectPulseTooFewAnswers', fix: 'pulse', params: { count: 4, needed: 5 } }]
		});
		expect(check.passed).toBe(true);
	});

	it('is met with a note when nobody answered', () => {
		const check = evaluateTransition(
			'fearsAndStigma',
			passingFacts({ respectPulse: { responses: 0, mean: null } }),
			settings
		);
		expect(check.results.respect.reasons.map((r) => r.code)).toEqual(['fears.respectPulseTooFewAnswers']);
	});

	it('never reads the pulse below three answers, even when the setting asks for fewer', () => {
		const check = evaluateTransition(
			'fearsAndStigma',
			passingFacts({ respectPulse: { responses: 2, mean: 1 } }),
			normaliseSettings({ minGroupSize: 1 })
		);
		expect(check.results.respect.state).toBe('met');
		expect(check.results.respect.reasons[0]?.params).toEqual({ count: 2, needed: 3 });
	});

	it('refuses a low pulse from exactly the minimum group size', () => {
		const check = evaluateTransition(
			'fearsAndStigma',
			passingFacts({ respectPulse: { responses: 5, mean: 2 } }),
			settings
		);
		expect(check.results.respect.state).toBe('unmet');
	});
});

describe('overrides', () => {
	const facts = passingFacts({ groundRulesDrafted: false });

	it('turns an unmet value with a written reason into overridden, keeps the text and passes', () => {
		const check = evaluateTransition('preparation', facts, settings, {
			respect: '  Ground rules agreed orally with the club board.  '
		});
		expect(check.results.respect).toEqual({
			state: 'overridden',
			reasons: [{ code: 'prep.groundRulesMissing', fix: 'groundRules' }],
			override: 'Ground rules agreed orally with the club board.'
		});
		expect(check.passed).toBe(true);
	});

	it.each([
		['empty', ''],
		['whitespace only', ' \t\n ']
	])('does not count a %s override: the value stays unmet', (_, text) => {
		const check = evaluateTransition('preparation', facts, settings, { respect: text });
		expect(check.results.respect.state).toBe('unmet');
		expect(check.results.respect.override).toBeUndefined();
		expect(check.passed).toBe(false);
	});

	it('ignores an override of a value that is already met', () => {
		const check = evaluateTransition('preparation', facts, settings, {
			respect: 'reason',
			relationship: 'Not needed, but written anyway.'
		});
		expect(check.results.relationship).toEqual({ state: 'met', reasons: [] });
	});

	it('keeps refusing while another value is still unmet', () => {
		const check = evaluateTransition(
			'preparation',
			passingFacts({ groundRulesDrafted: false, facilitatorAssigned: false }),
			settings,
			{ respect: 'Agreed orally.' }
		);
		expect(check.results.respect.state).toBe('overridden');
		expect(check.results.responsibility.state).toBe('unmet');
		expect(check.passed).toBe(false);
	});
});

describe('evaluateTransition edges', () => {
	it('names the phases it checks between', () => {
		const check = evaluateTransition('closing', passingFacts(), settings);
		expect([check.from, check.to]).toEqual(['closing', 'closed']);
	});

	it('refuses to check a move out of closed', () => {
		expect(() => evaluateTransition('closed', passingFacts(), settings)).toThrow(RangeError);
	});

	it('normalises settings it is given, so a hand-made settings object cannot weaken the floor', () => {
		const check = evaluateTransition(
			'fearsAndStigma',
			passingFacts({ respectPulse: { responses: 2, mean: 1 } }),
			{ ...settings, minGroupSize: 1 }
		);
		expect(check.results.respect.state).toBe('met');
	});
});

describe('normaliseSettings', () => {
	it('fills every missing setting with its default', () => {
		expect(normaliseSettings()).toEqual(DEFAULT_SETTINGS);
		expect(normaliseSettings({ retentionDays: 30 })).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 30 });
	});

	it('never lets the minimum group size go below three', () => {
		expect(normaliseSettings({ minGroupSize: 1 }).minGroupSize).toBe(MIN_GROUP_SIZE_FLOOR);
		expect(normaliseSettings({ minGroupSize: 8 }).minGroupSize).toBe(8);
	});

	it('clamps ratios and the pulse threshold into their scales and replaces nonsense with defaults', () => {
		const s = normaliseSettings({
			affirmationRatio: 1.5,
			respectPulseThreshold: 9,
			minParticipants: Number.NaN,
			riskAssessmentMaxAgeDays: -5
		});
		expect(s.affirmationRatio).toBe(1);
		expect(s.respectPulseThreshold).toBe(5);
		expect(s.minParticipants).toBe(DEFAULT_SETTINGS.minParticipants);
		expect(s.riskAssessmentMaxAgeDays).toBe(1);
	});
});
