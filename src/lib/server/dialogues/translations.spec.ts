import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { StaffPrincipal } from '../auth/principal';
import { listAudit } from '../audit';
import type { Db } from '../db';
import { groundRuleTranslation, knowledgeItemTranslation } from '../db/schema';
import { deleteDialogue } from '../outcome/service';
import {
	createDialogue,
	deleteGroundRule,
	deleteGroundRuleTranslation,
	deleteKnowledgeItem,
	DialogueNotFoundError,
	getDialogueForStaff,
	InvalidInputError,
	listGroundRuleTranslations,
	listKnowledgeTranslations,
	readiness,
	saveGroundRule,
	saveGroundRuleTranslation,
	saveKnowledgeItem,
	saveKnowledgeTranslation,
	setMainLanguage
} from '.';
import { addOrganisation, addStaff, openTestDatabase, type TestDatabase } from './test-support';

let t: TestDatabase;
let db: Db;
let organiser: StaffPrincipal;
let lead: StaffPrincipal;
let stranger: StaffPrincipal;
let dialogueId: string;
let ruleId: string;
let itemId: string;
const env = () => ({ db, now: Date.UTC(2025, 0, 10, 9) });

function refusal(call: () => unknown): Record<string, string> {
	try {
		call();
	} catch (cause) {
		if (cause instanceof InvalidInputError) return cause.errors;
		throw cause;
	}
	throw new Error('expected the input to be refused');
}

beforeEach(() => {
	t = openTestDatabase();
	db = t.db;
	const org = addOrganisation(db);
	organiser = addStaff(db, org, 'organiser', 'Olga');
	lead = addStaff(db, org, 'facilitator', 'Lena');
	stranger = addStaff(db, addOrganisation(db, 'Elsewhere'), 'organiser', 'Otto');
	dialogueId = createDialogue(organiser, { codename: 'Willow', leadId: lead.id }, env()).id;
	ruleId = saveGroundRule(lead, dialogueId, null, { text: 'One person speaks at a time.' }, env()).id;
	itemId = saveKnowledgeItem(
		lead,
		dialogueId,
		null,
		{ title: 'What probation does', body: 'Probation supports people after prison.', url: '' },
		env()
	).id;
});

afterEach(() => t.close());

describe('content in several languages', () => {
	it('starts in English and keeps the main language the dialogue is set to', () => {
		expect(getDialogueForStaff(lead, dialogueId, env()).mainLocale).toBe('en');
		setMainLanguage(organiser, dialogueId, { mainLocale: 'nl' }, env());
		expect(getDialogueForStaff(lead, dialogueId, env()).mainLocale).toBe('nl');
		expect(refusal(() => setMainLanguage(organiser, dialogueId, { mainLocale: 'xx' }, env()))).toEqual({
			mainLocale: 'Choose a language from the list.'
		});
		expect(listAudit(db, organiser.organisationId).map((entry) => entry.action)).toContain(
			'dialogue.mainLanguage'
		);
	});

	it('adds, rewrites and removes a ground rule in another language, the main text untouched', () => {
		saveGroundRuleTranslation(
			lead,
			dialogueId,
			ruleId,
			{ locale: 'pl', text: 'Mówi jedna osoba naraz.' },
			env()
		);
		saveGroundRuleTranslation(
			lead,
			dialogueId,
			ruleId,
			{ locale: 'ar', text: 'يتحدث شخص واحد في كل مرة.' },
			env()
		);
		saveGroundRuleTranslation(lead, dialogueId, ruleId, { locale: 'pl', text: 'Mówi jedna osoba.' }, env());
		const listed = listGroundRuleTranslations(lead, dialogueId, env());
		expect(listed.mainLocale).toBe('en');
		// In the project's order of languages, whatever order they were written in.
		expect(listed.translations[ruleId]).toEqual([
			{ locale: 'pl', text: 'Mówi jedna osoba.' },
			{ locale: 'ar', text: 'يتحدث شخص واحد في كل مرة.' }
		]);
		deleteGroundRuleTranslation(lead, dialogueId, ruleId, 'ar', env());
		expect(listGroundRuleTranslations(lead, dialogueId, env()).translations[ruleId]).toEqual([
			{ locale: 'pl', text: 'Mówi jedna osoba.' }
		]);
		// Removing it again (a second click) changes nothing and is no error; a rule that is not there is.
		deleteGroundRuleTranslation(lead, dialogueId, ruleId, 'ar', env());
		expect(listGroundRuleTranslations(lead, dialogueId, env()).translations[ruleId]).toHaveLength(1);
		expect(() => deleteGroundRuleTranslation(lead, dialogueId, 'no-such-rule', 'pl', env())).toThrow(
			DialogueNotFoundError
		);
		const actions = listAudit(db, organiser.organisationId).map((entry) => entry.action);
		expect(actions).toContain('groundRules.translate');
		expect(actions).toContain('groundRules.untranslate');
		// The preparation check counts the rule itself, as before.
		expect(readiness(lead, dialogueId, env()).summary.groundRules).toBe(1);
	});

	it('refuses a language that is not one of the eight, the main language, and an empty text, each on its field', () => {
		expect(
			refusal(() => saveGroundRuleTranslation(lead, dialogueId, ruleId, { locale: 'xx', text: 'Hi' }, env()))
		).toEqual({ locale: 'Choose a language from the list.' });
		expect(
			refusal(() => saveGroundRuleTranslation(lead, dialogueId, ruleId, { locale: 'en', text: 'Hi' }, env()))
		).toEqual({
			locale: 'This is the main language of the dialogue (English): change the text itself instead.'
		});
		expect(
			refusal(() => saveGroundRuleTranslation(lead, dialogueId, ruleId, { locale: 'pl', text: '  ' }, env()))
		).toEqual({ text: 'Please fill this in.' });
		expect(
			refusal(() =>
				saveKnowledgeTranslation(lead, dialogueId, itemId, { locale: 'de', title: '', body: 'Text' }, env())
			)
		).toEqual({ title: 'Please fill this in.' });
		expect(db.select().from(groundRuleTranslation).all()).toEqual([]);
		expect(db.select().from(knowledgeItemTranslation).all()).toEqual([]);
	});

	it('translates only rules and items of a dialogue the person may see', () => {
		expect(() =>
			saveGroundRuleTranslation(stranger, dialogueId, ruleId, { locale: 'pl', text: 'Nie.' }, env())
		).toThrow(DialogueNotFoundError);
		const other = createDialogue(organiser, { codename: 'Oak', leadId: lead.id }, env()).id;
		// A rule of another dialogue, even of the same organisation, is not found through this one.
		expect(() =>
			saveGroundRuleTranslation(organiser, other, ruleId, { locale: 'pl', text: 'Nie.' }, env())
		).toThrow(DialogueNotFoundError);
		expect(db.select().from(groundRuleTranslation).all()).toEqual([]);
	});

	it('takes the translations along when their rule or item is removed, or the dialogue is deleted', () => {
		saveGroundRuleTranslation(
			lead,
			dialogueId,
			ruleId,
			{ locale: 'pl', text: 'Mówi jedna osoba naraz.' },
			env()
		);
		saveKnowledgeTranslation(
			lead,
			dialogueId,
			itemId,
			{ locale: 'tr', title: 'Denetimli serbestlik', body: 'Cezaevinden sonra destek.' },
			env()
		);
		expect(listKnowledgeTranslations(lead, dialogueId, env()).translations[itemId]).toEqual([
			{ locale: 'tr', title: 'Denetimli serbestlik', body: 'Cezaevinden sonra destek.' }
		]);
		deleteGroundRule(lead, dialogueId, ruleId, env());
		expect(db.select().from(groundRuleTranslation).all()).toEqual([]);
		expect(db.select().from(knowledgeItemTranslation).all()).toHaveLength(1);

		const second = saveKnowledgeItem(
			lead,
			dialogueId,
			null,
			{ title: 'Second', body: 'More', url: '' },
			env()
		).id;
		saveKnowledgeTranslation(lead, dialogueId, second, { locale: 'de', title: 'Zweitens', body: '' }, env());
		deleteKnowledgeItem(lead, dialogueId, itemId, env());
		expect(
			db
				.select()
				.from(knowledgeItemTranslation)
				.all()
				.map((row) => row.itemId)
		).toEqual([second]);

		deleteDialogue(organiser, dialogueId, 'Willow', env());
		expect(
			db.select().from(knowledgeItemTranslation).where(eq(knowledgeItemTranslation.itemId, second)).all()
		).toEqual([]);
		expect(
			JSON.stringify(db.$client.prepare('select * from knowledge_item_translation').all())
		).not.toContain('Zweitens');
	});
});
