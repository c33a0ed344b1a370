/**
 * The ground rules and the knowledge pack as one phone reads them: each text in the phone's language when the
 * dialogue has a version in it, otherwise in the dialogue's main language, each marked with the language it is
 * actually in. Only the phone's own language is read from the database, so a phone is never sent the other
 * languages' texts.
 */
import { languageOf } from '$lib/i18n/languages';
import type { PhoneKnowledgeItem, ShownText } from '$lib/live/types';
import { groundRulesOf } from '../../dialogues/ground-rules';
import { knowledgeItemsOf } from '../../dialogues/knowledge';
import {
	groundRuleTranslationsOf,
	knowledgeTranslationsOf,
	mainLocaleOf
} from '../../dialogues/translations';
import type { Reader } from '../../dialogues/env';

export interface PhoneContent {
	groundRules: ShownText[];
	knowledge: PhoneKnowledgeItem[];
	/** The main language, when at least one text above is shown in it instead of the phone's; otherwise null. */
	contentFallback: string | null;
}

function dirOf(locale: string): 'ltr' | 'rtl' {
	return languageOf(locale)?.dir ?? 'ltr';
}

export function phoneContent(db: Reader, dialogueId: string | null, locale: string): PhoneContent {
	if (!dialogueId) return { groundRules: [], knowledge: [], contentFallback: null };
	const main = mainLocaleOf(db, dialogueId);
	// In the main language the texts themselves are the phone's version; a stray translation into it is not.
	const own = locale === main ? null : locale;
	const rules = own ? groundRuleTranslationsOf(db, dialogueId, own) : new Map();
	const items = own ? knowledgeTranslationsOf(db, dialogueId, own) : new Map();
	let fellBack = false;
	const shown = (translated: boolean) => {
		if (!translated) fellBack = true;
		const lang = translated && own ? own : main;
		return { lang, dir: dirOf(lang) };
	};
	const groundRules = groundRulesOf(db, dialogueId).map((rule) => {
		const version = rules.get(rule.id)?.[0];
		return { text: version?.text ?? rule.text, ...shown(!!version) };
	});
	const knowledge = knowledgeItemsOf(db, dialogueId).map((item) => {
		const version = items.get(item.id)?.[0];
		return {
			title: version?.title ?? item.title,
			body: version ? version.body : item.body,
			url: item.url,
			...shown(!!version)
		};
	});
	return { groundRules, knowledge, contentFallback: own && fellBack ? main : null };
}
