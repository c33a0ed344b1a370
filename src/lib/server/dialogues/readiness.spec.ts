import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VALUES, type ReasonCode } from '$lib/dialogue';
import type { StaffPrincipal } from '../auth/principal';
import type { Db } from '../db';
import {
	assignFacilitators,
	attestRiskAssessment,
	createDialogue,
	declareImpartiality,
	getDialogueForStaff,
	InvalidInputError,
	preparationCheck,
	preparationFacts,
	readiness,
	saveCapacityReview,
	saveSafetyPlan,
	saveStakeholderGroup,
	seedGroundRules,
	setDialogueStatus,
	updateSettings,
	withdrawImpartiality
} from '.';
import { addOrganisation, addStaff, openTestDatabase, type TestDatabase } from './test-support';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAY = 86_400_000;

let t: TestDatabase;
let db: Db;
let organiser: StaffPrincipal;
let lead: StaffPrincipal;
let co: StaffPrincipal;
let dialogueId: string;
const env = () => ({ db, now: NOW });

function reasonCodes(): string[] {
	const { check } = readiness(organiser, dialogueId, env());
	return VALUES.flatMap((value) => check.results[value].reasons.map((r) => r.code));
}

function answers(
	patch: Record<string, { assessment: string; concerns?: { concern: string; mitigation: string }[] }>
) {
	const empty = { assessment: '', concerns: [] };
	return {
		proDemocratic: empty,
		extremistTies: empty,
		riskToPerson: empty,
		socialCapital: empty,
		...patch
	};
}

beforeEach(() => {
	t = openTestDatabase();
	db = t.db;
	const org = addOrganisation(db);
	organiser = addStaff(db, org, 'organiser', 'Olga');
	lead = addStaff(db, org, 'facilitator', 'Lena');
	co = addStaff(db, org, 'facilitator', 'Carl');
	dialogueId = createDialogue(organiser, { codename: 'Willow' }, env()).id;
});

afterEach(() => t.close());

describe('readiness of a dialogue', () => {
	it('starts with every preparation reason unmet', () => {
		const { check, items } = readiness(organiser, dialogueId, env());
		expect(check.passed).toBe(false);
		for (const value of VALUES) expect(check.results[value].state).toBe('unmet');
		expect(reasonCodes().sort()).toEqual(
			[
				'prep.groundRulesMissing',
				'prep.safetyPlanIncomplete',
				'prep.capacityScreenIncomplete',
				'prep.informationPlanEmpty',
				'prep.riskAssessmentMissing',
				'prep.facilitatorMissing',
				'prep.impartialityNotDeclared'
			].sort()
		);
		expect(items.every((item) => !item.done)).toBe(true);
	});

	it('turns from unmet to met as each item is completed, one reason at a time', () => {
		const gone = (code: ReasonCode) => expect(reasonCodes()).not.toContain(code);
		const still = (code: ReasonCode) => expect(reasonCodes()).toContain(code);

		seedGroundRules(organiser, dialogueId, 'en', env());
		gone('prep.groundRulesMissing');
		still('prep.safetyPlanIncomplete');

		saveSafetyPlan(
			organiser,
			dialogueId,
			{ pauseBy: 'Both facilitators', stepOut: 'The garden room' },
			env()
		);
		gone('prep.safetyPlanIncomplete');
		expect(readiness(organiser, dialogueId, env()).check.results.respect.state).toBe('met');

		saveCapacityReview(
			organiser,
			dialogueId,
			{ occasion: 'preparation', answers: answers({ proDemocratic: { assessment: 'Yes, mostly' } }) },
			env()
		);
		still('prep.capacityScreenIncomplete');
		saveCapacityReview(
			organiser,
			dialogueId,
			{
				occasion: 'preparation',
				answers: answers({
					proDemocratic: { assessment: 'Yes' },
					extremistTies: {
						assessment: 'One family member',
						concerns: [{ concern: 'Contact', mitigation: '' }]
					},
					riskToPerson: { assessment: 'Low' },
					socialCapital: { assessment: 'A strong sports club' }
				})
			},
			env()
		);
		gone('prep.capacityScreenIncomplete');
		still('prep.capacityConcernsUnmitigated');
		saveCapacityReview(
			organiser,
			dialogueId,
			{
				occasion: 'preparation',
				answers: answers({
					proDemocratic: { assessment: 'Yes' },
					extremistTies: {
						assessment: 'One family member',
						concerns: [{ concern: 'Contact', mitigation: 'Talk with the family first' }]
					},
					riskToPerson: { assessment: 'Low' },
					socialCapital: { assessment: 'A strong sports club' }
				})
			},
			env()
		);
		gone('prep.capacityConcernsUnmitigated');

		const { id: groupId } = saveStakeholderGroup(
			organiser,
			dialogueId,
			null,
			{ name: 'Neighbours', decision: 'pending' },
			env()
		);
		gone('prep.informationPlanEmpty');
		still('prep.informationPlanUndecided');
		saveStakeholderGroup(
			organiser,
			dialogueId,
			groupId,
			{ name: 'Neighbours', decision: 'informed', informedOn: '2025-06-01' },
			env()
		);
		gone('prep.informationPlanUndecided');
		expect(readiness(organiser, dialogueId, env()).check.results.relationship.state).toBe('met');

		attestRiskAssessment(
			organiser,
			dialogueId,
			{ confirmed: true, assessedOn: '2025-05-01', holderRole: 'Probation officer' },
			env()
		);
		gone('prep.riskAssessmentMissing');

		assignFacilitators(organiser, dialogueId, { leadId: lead.id, coId: co.id }, env());
		gone('prep.facilitatorMissing');
		still('prep.impartialityNotDeclared');
		declareImpartiality(lead, dialogueId, { confirmed: 'on', note: '' }, env());
		still('prep.impartialityNotDeclared');
		declareImpartiality(
			co,
			dialogueId,
			{ confirmed: 'on', note: 'I coach at the club; my co-lead chairs.' },
			env()
		);
		gone('prep.impartialityNotDeclared');

		const { check, items } = readiness(organiser, dialogueId, env());
		expect(check.passed).toBe(true);
		for (const value of VALUES) expect(check.results[value].state).toBe('met');
		const open = items.filter((item) => !item.done && item.value !== null).map((item) => item.item);
		expect(open).toEqual([]);
		expect(preparationCheck(db, dialogueId, NOW).passed).toBe(true);

		// Ready can now be set; withdrawing a declaration makes the check fail again.
		setDialogueStatus(organiser, dialogueId, { status: 'ready' }, env());
		expect(getDialogueForStaff(organiser, dialogueId, env()).status).toBe('ready');
		withdrawImpartiality(co, dialogueId, env());
		still('prep.impartialityNotDeclared');
	});

	it('refuses "ready" while the check is unmet', () => {
		expect(() => setDialogueStatus(organiser, dialogueId, { status: 'ready' }, env())).toThrow(
			InvalidInputError
		);
		expect(getDialogueForStaff(organiser, dialogueId, env()).status).toBe('preparing');
	});

	it('counts a risk assessment older than the setting as outdated', () => {
		const old = new Date(NOW - 400 * DAY).toISOString().slice(0, 10);
		attestRiskAssessment(
			organiser,
			dialogueId,
			{ confirmed: true, assessedOn: old, holderRole: 'Probation' },
			env()
		);
		expect(reasonCodes()).toContain('prep.riskAssessmentOutdated');
		expect(preparationFacts(db, dialogueId, NOW).riskAssessmentAgeDays).toBe(400);
		updateSettings(organiser, dialogueId, { riskAssessmentMaxAgeDays: 500 }, env());
		expect(reasonCodes()).not.toContain('prep.riskAssessmentOutdated');
	});

	it('counts an undecided group and a decided one apart', () => {
		saveStakeholderGroup(organiser, dialogueId, null, { name: 'School', decision: 'pending' }, env());
		saveStakeholderGroup(
			organiser,
			dialogueId,
			null,
			{ name: 'Employer', decision: 'notInforming', decisionNote: 'Not needed for the job' },
			env()
		);
		const facts = preparationFacts(db, dialogueId, NOW);
		expect(facts.informationPlanGroups).toBe(2);
		expect(facts.informationPlanUndecided).toBe(1);
	});
});
