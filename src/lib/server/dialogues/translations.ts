/**
 * Content in several languages. A dialogue has a main language (`dialogue.main_locale`, English unless set); its
 * ground rules and knowledge items are written in it, as before, and each may have versions in any of the other
 * project languages (`ground_rule_translation`, `knowledge_item_translation`, one row per item and language).
 *
 * A translation hangs off the row it translates (a foreign key with `on delete cascade`), so removing a rule or an
 * item, or deleting the dialogue (by hand, by the deletion ledger on restore), takes its translations along. The
 * main-language rows are untouched: the preparation checks count them, the projector shows them, and their order
 * is the order of every version.
 */
import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { LANGUAGES, languageOf } from '$lib/i18n/languages';
import {
	groundRuleTranslationSchema,
	knowledgeTranslationSchema,
	mainLanguageSchema,
	type GroundRuleTranslationInput,
	type KnowledgeTranslationInput,
	type MainLanguageInput
} from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import {
	dialogue,
	groundRule,
	groundRuleTranslation,
	knowledgeItem,
	knowledgeItemTranslation
} from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv, type Tx } from './env';
import { DialogueNotFoundError, InvalidInputError, parseInput } from './errors';

// Type aliases, not interfaces: the staff pages read their fields by name (`Record<string, string>`).
export type GroundRuleTranslationView = {
	locale: string;
	text: string;
};

export type KnowledgeTranslationView = {
	locale: string;
	title: string;
	body: string;
};

/** The language's name in itself (`Polski`), or the code for a language the project no longer has. */
export function languageName(code: string): string {
	return languageOf(code)?.name ?? code;
}

export function mainLocaleOf(db: Reader, dialogueId: string): string {
	return (
		db.select({ mainLocale: dialogue.mainLocale }).from(dialogue).where(eq(dialogue.id, dialogueId)).get()
			?.mainLocale ?? 'en'
	);
}

/**
 * The translations of this dialogue's ground rules, per rule id, in the project's language order. With `locale`,
 * only those in that language (what a phone is sent).
 */
export function groundRuleTranslationsOf(
	db: Reader,
	dialogueId: string,
	locale?: string
): Map<string, GroundRuleTranslationView[]> {
	const rows = db
		.select({
			ruleId: groundRuleTranslation.ruleId,
			locale: groundRuleTranslation.locale,
			text: groundRuleTranslation.text
		})
		.from(groundRuleTranslation)
		.innerJoin(groundRule, eq(groundRule.id, groundRuleTranslation.ruleId))
		.where(
			locale === undefined
				? eq(groundRule.dialogueId, dialogueId)
				: and(eq(groundRule.dialogueId, dialogueId), eq(groundRuleTranslation.locale, locale))
		)
		.all();
	return byItem(rows.map(({ ruleId, ...rest }) => ({ itemId: ruleId, ...rest })));
}

/** The translations of this dialogue's knowledge items, per item id (only `locale`'s when given). */
export function knowledgeTranslationsOf(
	db: Reader,
	dialogueId: string,
	locale?: string
): Map<string, KnowledgeTranslationView[]> {
	const rows = db
		.select({
			itemId: knowledgeItemTranslation.itemId,
			locale: knowledgeItemTranslation.locale,
			title: knowledgeItemTranslation.title,
			body: knowledgeItemTranslation.body
		})
		.from(knowledgeItemTranslation)
		.innerJoin(knowledgeItem, eq(knowledgeItem.id, knowledgeItemTranslation.itemId))
		.where(
			locale === undefined
				? eq(knowledgeItem.dialogueId, dialogueId)
				: and(eq(knowledgeItem.dialogueId, dialogueId), eq(knowledgeItemTranslation.locale, locale))
		)
		.all();
	return byItem(rows);
}

/** The project's order of languages (English first), then any other code. */
function languageOrder(code: string): number {
	const index = LANGUAGES.findIndex((language) => language.code === code);
	return index === -1 ? LANGUAGES.length : index;
}

function byItem<T extends { itemId: string; locale: string }>(rows: T[]): Map<string, Omit<T, 'itemId'>[]> {
	const map = new Map<string, Omit<T, 'itemId'>[]>();
	for (const { itemId, ...rest } of rows) {
		const list = map.get(itemId) ?? [];
		list.push(rest);
		map.set(itemId, list);
	}
	for (const list of map.values()) list.sort((a, b) => languageOrder(a.locale) - languageOrder(b.locale));
	return map;
}

/** Checks access and that `itemId` is one of this dialogue's rows of `table`; runs `change`; audits. */
function changeTranslation(
	staff: StaffPrincipal,
	dialogueId: string,
	target: { table: typeof groundRule | typeof knowledgeItem; noun: string; type: string },
	itemId: string,
	action: string,
	env: ServiceEnv | undefined,
	change: (tx: Tx, mainLocale: string, now: number) => { locale: string; changed: boolean }
): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue: row } = accessDialogue(tx, staff, dialogueId);
		const item = tx
			.select({ id: target.table.id })
			.from(target.table)
			.where(and(eq(target.table.id, itemId), eq(target.table.dialogueId, row.id)))
			.get();
		if (!item) throw new DialogueNotFoundError(target.noun);
		const { locale, changed } = change(tx, row.mainLocale, now);
		if (!changed) return;
		touchDialogue(tx, row.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action,
			targetType: target.type,
			targetId: itemId,
			detail: { dialogueId: row.id, locale },
			at: now
		});
	});
}

/** A translation in the main language would never be shown: the text itself is changed instead. */
function refuseMainLocale(locale: string, mainLocale: string): void {
	if (locale === mainLocale) {
		throw new InvalidInputError({
			locale: m.prep_error_translation_main({ language: languageName(mainLocale) })
		});
	}
}

const RULE = { table: groundRule, noun: 'ground rule', type: 'groundRule' };
const ITEM = { table: knowledgeItem, noun: 'knowledge item', type: 'knowledgeItem' };

/** Adds or rewrites the version of one ground rule in `input.locale` (any language but the main one). */
export function saveGroundRuleTranslation(
	staff: StaffPrincipal,
	dialogueId: string,
	ruleId: string,
	input: GroundRuleTranslationInput,
	env?: ServiceEnv
): void {
	const { locale, text } = parseInput(groundRuleTranslationSchema, input);
	changeTranslation(staff, dialogueId, RULE, ruleId, 'groundRules.translate', env, (tx, main, now) => {
		refuseMainLocale(locale, main);
		tx.insert(groundRuleTranslation)
			.values({ ruleId, locale, text, updatedAt: now })
			.onConflictDoUpdate({
				target: [groundRuleTranslation.ruleId, groundRuleTranslation.locale],
				set: { text, updatedAt: now }
			})
			.run();
		return { locale, changed: true };
	});
}

/** Removes a rule's version in `locale`; one already gone is no error (a second click on Remove). */
export function deleteGroundRuleTranslation(
	staff: StaffPrincipal,
	dialogueId: string,
	ruleId: string,
	locale: string,
	env?: ServiceEnv
): void {
	changeTranslation(staff, dialogueId, RULE, ruleId, 'groundRules.untranslate', env, (tx) => {
		const gone = tx
			.delete(groundRuleTranslation)
			.where(and(eq(groundRuleTranslation.ruleId, ruleId), eq(groundRuleTranslation.locale, locale)))
			.run().changes;
		return { locale, changed: gone > 0 };
	});
}

/** Adds or rewrites the version of one knowledge item in `input.locale` (any language but the main one). */
export function saveKnowledgeTranslation(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	input: KnowledgeTranslationInput,
	env?: ServiceEnv
): void {
	const { locale, title, body } = parseInput(knowledgeTranslationSchema, input);
	changeTranslation(staff, dialogueId, ITEM, itemId, 'knowledge.translate', env, (tx, main, now) => {
		refuseMainLocale(locale, main);
		tx.insert(knowledgeItemTranslation)
			.values({ itemId, locale, title, body, updatedAt: now })
			.onConflictDoUpdate({
				target: [knowledgeItemTranslation.itemId, knowledgeItemTranslation.locale],
				set: { title, body, updatedAt: now }
			})
			.run();
		return { locale, changed: true };
	});
}

export function deleteKnowledgeTranslation(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	locale: string,
	env?: ServiceEnv
): void {
	changeTranslation(staff, dialogueId, ITEM, itemId, 'knowledge.untranslate', env, (tx) => {
		const gone = tx
			.delete(knowledgeItemTranslation)
			.where(and(eq(knowledgeItemTranslation.itemId, itemId), eq(knowledgeItemTranslation.locale, locale)))
			.run().changes;
		return { locale, changed: gone > 0 };
	});
}

/**
 * Sets the language the texts are written in first. Translations already in the new main language stay stored
 * (a phone in that language is shown the main text; staff can still see and remove them).
 */
export function setMainLanguage(
	staff: StaffPrincipal,
	dialogueId: string,
	input: MainLanguageInput,
	env?: ServiceEnv
): void {
	const { mainLocale } = parseInput(mainLanguageSchema, input);
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue: row } = accessDialogue(tx, staff, dialogueId);
		tx.update(dialogue).set({ mainLocale, updatedAt: now }).where(eq(dialogue.id, row.id)).run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'dialogue.mainLanguage',
			targetType: 'dialogue',
			targetId: row.id,
			detail: { from: row.mainLocale, to: mainLocale },
			at: now
		});
	});
}

export interface ContentLanguages<T> {
	/** The dialogue's main language. */
	mainLocale: string;
	/** Per rule or item id, its versions in other languages. */
	translations: Record<string, T[]>;
}

/** What the ground rules page shows beside each rule. */
export function listGroundRuleTranslations(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): ContentLanguages<GroundRuleTranslationView> {
	const { db } = resolveEnv(env);
	const { dialogue: row } = accessDialogue(db, staff, dialogueId);
	return {
		mainLocale: row.mainLocale,
		translations: Object.fromEntries(groundRuleTranslationsOf(db, row.id))
	};
}

/** What the knowledge pack page shows beside each item. */
export function listKnowledgeTranslations(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): ContentLanguages<KnowledgeTranslationView> {
	const { db } = resolveEnv(env);
	const { dialogue: row } = accessDialogue(db, staff, dialogueId);
	return {
		mainLocale: row.mainLocale,
		translations: Object.fromEntries(knowledgeTranslationsOf(db, row.id))
	};
}
