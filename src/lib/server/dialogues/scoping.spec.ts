import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../auth/principal';
import type { Db } from '../db';
import {
	assignFacilitators,
	attestRiskAssessment,
	createDialogue,
	declareImpartiality,
	deleteGroundRule,
	deleteKnowledgeItem,
	deleteStakeholderGroup,
	DialogueNotFoundError,
	getDialoguePlan,
	getDialogueForStaff,
	InvalidInputError,
	listCapacityHistory,
	listDialogues,
	listGroundRules,
	listKnowledgeItems,
	listRiskAttestations,
	listStakeholderGroups,
	moveGroundRule,
	moveKnowledgeItem,
	NotAllowedError,
	readiness,
	saveCapacityReview,
	saveGroundRule,
	saveKnowledgeItem,
	saveSafetyPlan,
	saveSessionPlan,
	saveStakeholderGroup,
	seedGroundRules,
	setDialogueStatus,
	updateDialogueDetails,
	updateSettings,
	withdrawImpartiality
} from '.';
import { addOrganisation, addStaff, openTestDatabase, type TestDatabase } from './test-support';

let t: TestDatabase;
let db: Db;
let organiserA: StaffPrincipal;
let leadA: StaffPrincipal;
let otherFacilitatorA: StaffPrincipal;
let organiserB: StaffPrincipal;
let facilitatorB: StaffPrincipal;
let dialogueId: string;

const capacityInput = {
	occasion: 'preparation',
	answers: {
		proDemocratic: { assessment: 'Yes', concerns: [] },
		extremistTies: { assessment: 'No', concerns: [] },
		riskToPerson: { assessment: 'Low', concerns: [] },
		socialCapital: { assessment: 'Enough', concerns: [] }
	}
};
const group = { name: 'Neighbours', decision: 'pending' };

/** A full copy of every preparation table, to prove a refused call changed nothing. */
function snapshotTables(): string {
	const tables = [
		'dialogue',
		'dialogue_facilitator',
		'capacity_review',
		'risk_attestation',
		'stakeholder_group',
		'knowledge_item',
		'ground_rule',
		'dialogue_plan'
	];
	return JSON.stringify(tables.map((name) => db.$client.prepare(`select * from ${name} order by 1`).all()));
}

beforeEach(() => {
	t = openTestDatabase();
	db = t.db;
	const orgA = addOrganisation(db, 'Org A');
	const orgB = addOrganisation(db, 'Org B');
	organiserA = addStaff(db, orgA, 'organiser', 'Olga');
	leadA = addStaff(db, orgA, 'facilitator', 'Lena');
	otherFacilitatorA = addStaff(db, orgA, 'facilitator', 'Omar');
	organiserB = addStaff(db, orgB, 'organiser', 'Bea');
	facilitatorB = addStaff(db, orgB, 'facilitator', 'Bram');
	dialogueId = createDialogue(
		organiserA,
		{ codename: 'Willow', place: 'North quarter', leadId: leadA.id },
		{ db }
	).id;
	// Something of each kind exists, so that forged child ids point at real rows.
	saveKnowledgeItem(
		leadA,
		dialogueId,
		null,
		{ title: 'What is rehabilitation?', body: 'Short text' },
		{ db }
	);
	saveGroundRule(leadA, dialogueId, null, { text: 'Speak for yourself.' }, { db });
	saveStakeholderGroup(leadA, dialogueId, null, group, { db });
});

afterEach(() => t.close());

/** Every service call on the dialogue, as `who` would make it. */
function everyCall(who: StaffPrincipal): [string, () => unknown][] {
	const env = { db };
	const itemId = listKnowledgeItems(organiserA, dialogueId, env)[0]?.id ?? 'none';
	const ruleId = listGroundRules(organiserA, dialogueId, env)[0]?.id ?? 'none';
	const groupId = listStakeholderGroups(organiserA, dialogueId, env)[0]?.id ?? 'none';
	return [
		['getDialogueForStaff', () => getDialogueForStaff(who, dialogueId, env)],
		['readiness', () => readiness(who, dialogueId, env)],
		['updateDialogueDetails', () => updateDialogueDetails(who, dialogueId, { codename: 'Forged' }, env)],
		['setDialogueStatus', () => setDialogueStatus(who, dialogueId, { status: 'archived' }, env)],
		['assignFacilitators', () => assignFacilitators(who, dialogueId, { leadId: who.id }, env)],
		['updateSettings', () => updateSettings(who, dialogueId, { minGroupSize: 9 }, env)],
		['saveCapacityReview', () => saveCapacityReview(who, dialogueId, capacityInput, env)],
		['listCapacityHistory', () => listCapacityHistory(who, dialogueId, env)],
		[
			'attestRiskAssessment',
			() =>
				attestRiskAssessment(
					who,
					dialogueId,
					{ confirmed: true, assessedOn: '2024-01-01', holderRole: 'probation' },
					env
				)
		],
		['listRiskAttestations', () => listRiskAttestations(who, dialogueId, env)],
		['listStakeholderGroups', () => listStakeholderGroups(who, dialogueId, env)],
		['saveStakeholderGroup (new)', () => saveStakeholderGroup(who, dialogueId, null, group, env)],
		['saveStakeholderGroup (edit)', () => saveStakeholderGroup(who, dialogueId, groupId, group, env)],
		['deleteStakeholderGroup', () => deleteStakeholderGroup(who, dialogueId, groupId, env)],
		['listKnowledgeItems', () => listKnowledgeItems(who, dialogueId, env)],
		['saveKnowledgeItem', () => saveKnowledgeItem(who, dialogueId, itemId, { title: 'x', body: 'y' }, env)],
		['deleteKnowledgeItem', () => deleteKnowledgeItem(who, dialogueId, itemId, env)],
		['moveKnowledgeItem', () => moveKnowledgeItem(who, dialogueId, itemId, 'down', env)],
		['listGroundRules', () => listGroundRules(who, dialogueId, env)],
		['seedGroundRules', () => seedGroundRules(who, dialogueId, 'en', env)],
		['saveGroundRule', () => saveGroundRule(who, dialogueId, ruleId, { text: 'Forged' }, env)],
		['deleteGroundRule', () => deleteGroundRule(who, dialogueId, ruleId, env)],
		['moveGroundRule', () => moveGroundRule(who, dialogueId, ruleId, 'down', env)],
		['getDialoguePlan', () => getDialoguePlan(who, dialogueId, env)],
		['saveSafetyPlan', () => saveSafetyPlan(who, dialogueId, { pauseBy: 'x', stepOut: 'y' }, env)],
		['saveSessionPlan', () => saveSessionPlan(who, dialogueId, { venue: 'x' }, env)],
		['declareImpartiality', () => declareImpartiality(who, dialogueId, { confirmed: true }, env)],
		['withdrawImpartiality', () => withdrawImpartiality(who, dialogueId, env)]
	];
}

describe('a member of another organisation', () => {
	it.each([
		['organiser', () => organiserB],
		['facilitator', () => facilitatorB]
	])('(%s) can neither see nor change the dialogue: every call says "not found"', (_, who) => {
		const before = snapshotTables();
		for (const [name, call] of everyCall(who())) {
			expect(call, name).toThrow(DialogueNotFoundError);
		}
		expect(snapshotTables()).toBe(before);
	});

	it('does not see it in their list', () => {
		expect(listDialogues(organiserB, { db })).toEqual([]);
		expect(listDialogues(facilitatorB, { db })).toEqual([]);
	});

	it("cannot reach another organisation's rows through their own dialogue's id", () => {
		const own = createDialogue(organiserB, { codename: 'Birch' }, { db }).id;
		const itemId = listKnowledgeItems(organiserA, dialogueId, { db })[0]?.id ?? '';
		const ruleId = listGroundRules(organiserA, dialogueId, { db })[0]?.id ?? '';
		const groupId = listStakeholderGroups(organiserA, dialogueId, { db })[0]?.id ?? '';
		const before = snapshotTables();
		const env = { db };
		expect(() => deleteKnowledgeItem(organiserB, own, itemId, env)).toThrow(DialogueNotFoundError);
		expect(() => saveKnowledgeItem(organiserB, own, itemId, { title: 'x', body: 'y' }, env)).toThrow(
			DialogueNotFoundError
		);
		expect(() => moveKnowledgeItem(organiserB, own, itemId, 'up', env)).toThrow(DialogueNotFoundError);
		expect(() => deleteGroundRule(organiserB, own, ruleId, env)).toThrow(DialogueNotFoundError);
		expect(() => saveGroundRule(organiserB, own, ruleId, { text: 'x' }, env)).toThrow(DialogueNotFoundError);
		expect(() => deleteStakeholderGroup(organiserB, own, groupId, env)).toThrow(DialogueNotFoundError);
		expect(() => saveStakeholderGroup(organiserB, own, groupId, group, env)).toThrow(DialogueNotFoundError);
		expect(snapshotTables()).toBe(before);
	});

	it('cannot be assigned to the dialogue, nor assign staff of another organisation', () => {
		const env = { db };
		expect(() => assignFacilitators(organiserA, dialogueId, { leadId: facilitatorB.id }, env)).toThrow(
			InvalidInputError
		);
		expect(() => createDialogue(organiserB, { codename: 'Elm', leadId: leadA.id }, env)).toThrow(
			InvalidInputError
		);
	});
});

describe('a facilitator of the same organisation', () => {
	it('who is not assigned cannot see or change the dialogue', () => {
		const before = snapshotTables();
		for (const [name, call] of everyCall(otherFacilitatorA)) {
			expect(call, name).toThrow(DialogueNotFoundError);
		}
		expect(snapshotTables()).toBe(before);
		expect(listDialogues(otherFacilitatorA, { db })).toEqual([]);
	});

	it('who is assigned sees it, edits its preparation, but may not manage it', () => {
		const env = { db };
		expect(listDialogues(leadA, env).map((d) => d.codename)).toEqual(['Willow']);
		const view = getDialogueForStaff(leadA, dialogueId, env);
		expect(view.canManage).toBe(false);
		expect(view.myRole).toBe('lead');

		saveSafetyPlan(leadA, dialogueId, { pauseBy: 'Either facilitator', stepOut: 'The kitchen' }, env);
		updateDialogueDetails(
			leadA,
			dialogueId,
			{ codename: 'Willow', place: 'North', communityKind: 'Street' },
			env
		);
		expect(getDialoguePlan(leadA, dialogueId, env).stepOut).toBe('The kitchen');

		expect(() => createDialogue(leadA, { codename: 'Oak' }, env)).toThrow(NotAllowedError);
		expect(() => assignFacilitators(leadA, dialogueId, { leadId: leadA.id }, env)).toThrow(NotAllowedError);
		expect(() => updateSettings(leadA, dialogueId, { minGroupSize: 9 }, env)).toThrow(NotAllowedError);
		expect(() => setDialogueStatus(leadA, dialogueId, { status: 'archived' }, env)).toThrow(NotAllowedError);
	});

	it('loses access when unassigned', () => {
		const env = { db };
		assignFacilitators(organiserA, dialogueId, { leadId: otherFacilitatorA.id }, env);
		expect(() => getDialogueForStaff(leadA, dialogueId, env)).toThrow(DialogueNotFoundError);
		expect(getDialogueForStaff(otherFacilitatorA, dialogueId, env).myRole).toBe('lead');
	});
});

describe('an organiser', () => {
	it('sees and manages every dialogue of the organisation, assigned or not', () => {
		const env = { db };
		const second = createDialogue(organiserA, { codename: 'Rowan' }, env).id;
		expect(
			listDialogues(organiserA, env)
				.map((d) => d.codename)
				.sort()
		).toEqual(['Rowan', 'Willow']);
		setDialogueStatus(organiserA, second, { status: 'archived' }, env);
		expect(getDialogueForStaff(organiserA, second, env).status).toBe('archived');
	});

	it('cannot declare impartiality for the facilitators', () => {
		expect(() => declareImpartiality(organiserA, dialogueId, { confirmed: true }, { db })).toThrow(
			InvalidInputError
		);
	});
});
