import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '$lib/dialogue';
import type { StaffPrincipal } from '../auth/principal';
import { listAudit } from '../audit';
import type { Db } from '../db';
import { dialogue } from '../db/schema';
import {
	assignFacilitators,
	attestRiskAssessment,
	createDialogue,
	declareImpartiality,
	getDialogueForStaff,
	GROUND_RULE_TEMPLATES,
	InvalidInputError,
	listCapacityHistory,
	listGroundRules,
	listKnowledgeItems,
	listRiskAttestations,
	moveGroundRule,
	moveKnowledgeItem,
	readSettings,
	saveCapacityReview,
	saveKnowledgeItem,
	seedGroundRules,
	updateDialogueDetails,
	updateSettings
} from '.';
import { addOrganisation, addStaff, openTestDatabase, type TestDatabase } from './test-support';
import { eq } from 'drizzle-orm';

let t: TestDatabase;
let db: Db;
let organiser: StaffPrincipal;
let lead: StaffPrincipal;
let co: StaffPrincipal;
let dialogueId: string;
let clock: number;
const env = () => ({ db, now: clock });

/** Every row of every table as one string: to prove a value was stored nowhere at all. */
function wholeDatabase(): string {
	const tables = db.$client.prepare("select name from sqlite_master where type = 'table'").all() as {
		name: string;
	}[];
	return JSON.stringify(tables.map(({ name }) => db.$client.prepare(`select * from "${name}"`).all()));
}

beforeEach(() => {
	t = openTestDatabase();
	db = t.db;
	clock = Date.UTC(2025, 0, 10, 9);
	const org = addOrganisation(db);
	organiser = addStaff(db, org, 'organiser', 'Olga');
	lead = addStaff(db, org, 'facilitator', 'Lena');
	co = addStaff(db, org, 'facilitator', 'Carl');
	dialogueId = createDialogue(organiser, { codename: 'Willow', leadId: lead.id }, env()).id;
});

afterEach(() => t.close());

describe('opening a dialogue', () => {
	it('stores codename, place, kind and description, with the lead assigned, and audits it', () => {
		const id = createDialogue(
			organiser,
			{
				codename: '  Rowan  ',
				place: 'East side',
				communityKind: 'Sports club',
				description: 'Football club volunteers',
				leadId: lead.id,
				coId: co.id
			},
			env()
		).id;
		const view = getDialogueForStaff(organiser, id, env());
		expect(view).toMatchObject({ codename: 'Rowan', place: 'East side', status: 'preparing' });
		expect(view.facilitators.map((f) => [f.name, f.role])).toEqual([
			['Lena', 'lead'],
			['Carl', 'co']
		]);
		expect(view.settings).toEqual(DEFAULT_SETTINGS);
		expect(listAudit(db, organiser.organisationId).map((e) => e.action)).toContain('dialogue.create');
	});

	it('refuses a codename already used in the organisation, also on rename', () => {
		const attempt = () => createDialogue(organiser, { codename: 'Willow' }, env());
		expect(attempt).toThrow(InvalidInputError);
		try {
			attempt();
		} catch (error) {
			expect((error as InvalidInputError).errors.codename).toMatch(/already uses this codename/);
		}
		const other = createDialogue(organiser, { codename: 'Oak' }, env()).id;
		expect(() => updateDialogueDetails(organiser, other, { codename: 'Willow' }, env())).toThrow(
			InvalidInputError
		);
	});

	it('lets another organisation use the same codename', () => {
		const orgB = addOrganisation(db, 'Other');
		const organiserB = addStaff(db, orgB, 'organiser');
		expect(createDialogue(organiserB, { codename: 'Willow' }, env()).id).toEqual(expect.any(String));
	});

	it('refuses a disabled member as facilitator', () => {
		const gone = addStaff(db, organiser.organisationId, 'facilitator', 'Gone', { disabled: true });
		expect(() => assignFacilitators(organiser, dialogueId, { leadId: gone.id }, env())).toThrow(
			InvalidInputError
		);
	});

	it('keeps an impartiality declaration when lead and co swap, and drops it for someone removed', () => {
		assignFacilitators(organiser, dialogueId, { leadId: lead.id, coId: co.id }, env());
		declareImpartiality(lead, dialogueId, { confirmed: true }, env());
		assignFacilitators(organiser, dialogueId, { leadId: co.id, coId: lead.id }, env());
		const swapped = getDialogueForStaff(organiser, dialogueId, env()).facilitators;
		expect(swapped.find((f) => f.userId === lead.id)).toMatchObject({
			role: 'co',
			impartialityDeclaredAt: clock
		});
		assignFacilitators(organiser, dialogueId, { leadId: co.id, coId: null }, env());
		assignFacilitators(organiser, dialogueId, { leadId: co.id, coId: lead.id }, env());
		const back = getDialogueForStaff(organiser, dialogueId, env()).facilitators;
		expect(back.find((f) => f.userId === lead.id)?.impartialityDeclaredAt).toBeNull();
	});
});

describe('capacity screen', () => {
	const screen = (assessment: string) => ({
		occasion: 'preparation',
		answers: {
			proDemocratic: {
				assessment,
				concerns: [
					{ concern: 'Some neighbours fear him', mitigation: 'An evening with the knowledge pack' },
					{ concern: '', mitigation: '' }
				]
			},
			extremistTies: { assessment: 'None known' },
			riskToPerson: { assessment: 'Low' },
			socialCapital: { assessment: 'Enough' }
		}
	});

	it('keeps every earlier review when it is revisited, newest first', () => {
		saveCapacityReview(lead, dialogueId, screen('First look'), env());
		clock += 30 * 86_400_000;
		saveCapacityReview(
			lead,
			dialogueId,
			{ ...screen('After the first session'), occasion: 'laterStage' },
			env()
		);
		const history = listCapacityHistory(organiser, dialogueId, env());
		expect(history).toHaveLength(2);
		expect(history.map((h) => h.answers.proDemocratic.assessment)).toEqual([
			'After the first session',
			'First look'
		]);
		expect(history.map((h) => h.occasion)).toEqual(['laterStage', 'preparation']);
		expect(history[1]?.createdByName).toBe('Lena');
		// The empty spare row is not a concern.
		expect(history[0]?.answers.proDemocratic.concerns).toHaveLength(1);
	});

	it('keeps the order of two saves in the same millisecond', () => {
		saveCapacityReview(lead, dialogueId, screen('one'), env());
		saveCapacityReview(lead, dialogueId, screen('two'), env());
		expect(listCapacityHistory(lead, dialogueId, env())[0]?.answers.proDemocratic.assessment).toBe('two');
	});

	it('refuses a mitigation without its concern, and stores nothing', () => {
		const bad = screen('x');
		bad.answers.proDemocratic.concerns = [{ concern: '', mitigation: 'Something' }];
		expect(() => saveCapacityReview(lead, dialogueId, bad, env())).toThrow(InvalidInputError);
		expect(listCapacityHistory(lead, dialogueId, env())).toEqual([]);
	});
});

describe('risk & needs assessment attestation', () => {
	it('stores the date and holder role only: a forged content field goes nowhere', () => {
		const forged = {
			confirmed: 'on',
			assessedOn: '2024-12-01',
			holderRole: 'Probation officer, regional service',
			content: 'SECRET-ASSESSMENT-TEXT',
			notes: 'SECRET-ASSESSMENT-TEXT',
			summary: 'SECRET-ASSESSMENT-TEXT'
		};
		attestRiskAssessment(lead, dialogueId, forged as never, env());
		const stored = db.$client.prepare('select * from risk_attestation').all() as Record<string, unknown>[];
		expect(stored).toHaveLength(1);
		expect(Object.keys(stored[0] ?? {}).sort()).toEqual(
			['id', 'dialogue_id', 'assessed_on', 'holder_role', 'attested_by', 'attested_at'].sort()
		);
		expect(wholeDatabase()).not.toContain('SECRET-ASSESSMENT-TEXT');
		expect(listRiskAttestations(lead, dialogueId, env())[0]).toMatchObject({
			assessedOn: '2024-12-01',
			holderRole: 'Probation officer, regional service',
			attestedByName: 'Lena'
		});
	});

	it('refuses a date in the future, an unticked confirmation and an empty role', () => {
		expect(() =>
			attestRiskAssessment(
				lead,
				dialogueId,
				{ confirmed: true, assessedOn: '2999-01-01', holderRole: 'x' },
				env()
			)
		).toThrow(InvalidInputError);
		expect(() =>
			attestRiskAssessment(
				lead,
				dialogueId,
				{ confirmed: false, assessedOn: '2024-01-01', holderRole: 'x' },
				env()
			)
		).toThrow(InvalidInputError);
		expect(() =>
			attestRiskAssessment(
				lead,
				dialogueId,
				{ confirmed: true, assessedOn: '2024-01-01', holderRole: '  ' },
				env()
			)
		).toThrow(InvalidInputError);
		expect(listRiskAttestations(lead, dialogueId, env())).toEqual([]);
	});

	it('keeps earlier attestations; the newest counts', () => {
		attestRiskAssessment(
			lead,
			dialogueId,
			{ confirmed: true, assessedOn: '2024-01-01', holderRole: 'A' },
			env()
		);
		attestRiskAssessment(
			lead,
			dialogueId,
			{ confirmed: true, assessedOn: '2024-11-01', holderRole: 'B' },
			env()
		);
		expect(listRiskAttestations(lead, dialogueId, env()).map((a) => a.holderRole)).toEqual(['B', 'A']);
	});
});

describe('settings', () => {
	it('are clamped: the minimum group size never goes below 3', () => {
		const stored = updateSettings(
			organiser,
			dialogueId,
			{ minGroupSize: 1, affirmationRatio: 7, endorsementCap: 0, retentionDays: -5 },
			env()
		);
		expect(stored.minGroupSize).toBe(3);
		expect(stored.affirmationRatio).toBe(1);
		expect(stored.endorsementCap).toBe(1);
		expect(stored.retentionDays).toBe(1);
		expect(getDialogueForStaff(lead, dialogueId, env()).settings).toEqual(stored);
	});

	it('fall back to the default for anything that is not a number, and drop unknown keys', () => {
		const stored = updateSettings(
			organiser,
			dialogueId,
			{ minGroupSize: 'abc', respectPulseThreshold: Number.NaN, foo: 'bar' } as never,
			env()
		);
		expect(stored).toEqual(DEFAULT_SETTINGS);
		const row = db.select().from(dialogue).where(eq(dialogue.id, dialogueId)).get();
		expect(JSON.parse(row?.settings ?? '{}')).not.toHaveProperty('foo');
	});

	it('keep what was not changed', () => {
		updateSettings(organiser, dialogueId, { endorsementCap: 5 }, env());
		updateSettings(organiser, dialogueId, { retentionDays: 30 }, env());
		expect(getDialogueForStaff(organiser, dialogueId, env()).settings).toMatchObject({
			endorsementCap: 5,
			retentionDays: 30,
			minGroupSize: DEFAULT_SETTINGS.minGroupSize
		});
	});

	it('read a damaged or hand-edited row safely', () => {
		expect(readSettings({ settings: 'not json' })).toEqual(DEFAULT_SETTINGS);
		expect(readSettings({ settings: '{"minGroupSize":2}' }).minGroupSize).toBe(3);
	});
});

describe('ordered lists', () => {
	it('seeds ground rules from the templates once, in the chosen language', () => {
		expect(seedGroundRules(lead, dialogueId, 'nl', env()).added).toBe(GROUND_RULE_TEMPLATES.nl.length);
		expect(seedGroundRules(lead, dialogueId, 'nl', env()).added).toBe(0);
		expect(listGroundRules(lead, dialogueId, env()).map((r) => r.text)).toEqual([
			...GROUND_RULE_TEMPLATES.nl
		]);
	});

	it('moves a ground rule and a knowledge item up and down, and not past the ends', () => {
		seedGroundRules(lead, dialogueId, 'en', env());
		const [first, second] = listGroundRules(lead, dialogueId, env());
		moveGroundRule(lead, dialogueId, second?.id ?? '', 'up', env());
		expect(
			listGroundRules(lead, dialogueId, env())
				.slice(0, 2)
				.map((r) => r.id)
		).toEqual([second?.id, first?.id]);
		moveGroundRule(lead, dialogueId, second?.id ?? '', 'up', env());
		expect(listGroundRules(lead, dialogueId, env())[0]?.id).toBe(second?.id);

		for (const title of ['A', 'B', 'C'])
			saveKnowledgeItem(lead, dialogueId, null, { title, body: 'text' }, env());
		const a = listKnowledgeItems(lead, dialogueId, env())[0]?.id ?? '';
		moveKnowledgeItem(lead, dialogueId, a, 'down', env());
		moveKnowledgeItem(lead, dialogueId, a, 'down', env());
		moveKnowledgeItem(lead, dialogueId, a, 'down', env());
		expect(listKnowledgeItems(lead, dialogueId, env()).map((i) => i.title)).toEqual(['B', 'C', 'A']);
	});

	it('stores knowledge links only as http(s)', () => {
		expect(() =>
			saveKnowledgeItem(lead, dialogueId, null, { title: 'x', url: 'javascript:alert(1)' }, env())
		).toThrow(InvalidInputError);
		saveKnowledgeItem(lead, dialogueId, null, { title: 'RAN paper', url: 'https://example.org/ran' }, env());
		expect(listKnowledgeItems(lead, dialogueId, env())[0]?.url).toBe('https://example.org/ran');
	});
});

describe('audit', () => {
	it('records who changed what, without the text itself', () => {
		saveKnowledgeItem(lead, dialogueId, null, { title: 'Private wording', body: 'Private wording' }, env());
		const entries = listAudit(db, organiser.organisationId);
		const entry = entries.find((e) => e.action === 'knowledge.add');
		expect(entry).toMatchObject({ actorId: lead.id, targetType: 'knowledgeItem' });
		expect(JSON.stringify(entries)).not.toContain('Private wording');
	});
});
