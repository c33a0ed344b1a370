import { requireStaff } from '$lib/server/auth/guard';
import {
	deleteGroundRule,
	deleteGroundRuleTranslation,
	GROUND_RULE_TEMPLATES,
	guarded,
	isTemplateLocale,
	listGroundRuleTranslations,
	listGroundRules,
	moveGroundRule,
	runForm,
	saveGroundRule,
	saveGroundRuleTranslation,
	seedGroundRules
} from '$lib/server/dialogues';
import { getLocale } from '$lib/paraglide/runtime';
import { formValues } from '$lib/validation';
import { backTo, listActions } from '../../list-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return {
		rules: guarded(() => listGroundRules(staff, event.params.id)),
		// The languages suggested rules exist in; the reader's own preselected when it is one of them.
		templateLanguages: Object.keys(GROUND_RULE_TEMPLATES),
		languages: guarded(() => listGroundRuleTranslations(staff, event.params.id))
	};
};

/** Translations, deleting and moving work as on every list of the preparation. */
const list = listActions({
	page: 'groundRules',
	idField: 'ruleId',
	translationFields: ['text'],
	saveTranslation: saveGroundRuleTranslation,
	deleteTranslation: deleteGroundRuleTranslation,
	remove: deleteGroundRule,
	move: moveGroundRule
});

export const actions: Actions = {
	seed: async (event) => {
		const staff = requireStaff(event);
		const requested = String((await event.request.formData()).get('language') ?? '');
		// An unknown language falls back to the reader's own, never to an error page.
		const fallback = getLocale();
		const language = isTemplateLocale(requested) ? requested : isTemplateLocale(fallback) ? fallback : 'en';
		const { added } = guarded(() => seedGroundRules(staff, event.params.id, language));
		backTo('groundRules', event.params.id, `seeded-${added}`);
	},
	save: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const id = String(form.get('ruleId') ?? '') || null;
		const values = formValues(form, ['text']);
		const outcome = runForm(values, () => saveGroundRule(staff, event.params.id, id, values), id ?? 'new');
		if (outcome.failure) return outcome.failure;
		backTo('groundRules', event.params.id, id ? 'rule' : 'added');
	},
	translate: list.translate,
	untranslate: list.untranslate,
	delete: list.delete,
	up: list.up,
	down: list.down
};
