import { redirect } from '@sveltejs/kit';
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
import { itemHref } from '../../paths';
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

function backTo(id: string, saved: string): never {
	redirect(303, `${itemHref(id, 'groundRules')}?saved=${saved}`);
}

async function ruleId(request: Request): Promise<string> {
	return String((await request.formData()).get('ruleId') ?? '');
}

export const actions: Actions = {
	seed: async (event) => {
		const staff = requireStaff(event);
		const requested = String((await event.request.formData()).get('language') ?? '');
		// An unknown language falls back to the reader's own, never to an error page.
		const fallback = getLocale();
		const language = isTemplateLocale(requested) ? requested : isTemplateLocale(fallback) ? fallback : 'en';
		const { added } = guarded(() => seedGroundRules(staff, event.params.id, language));
		backTo(event.params.id, `seeded-${added}`);
	},
	save: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const id = String(form.get('ruleId') ?? '') || null;
		const values = formValues(form, ['text']);
		const outcome = runForm(values, () => saveGroundRule(staff, event.params.id, id, values), id ?? 'new');
		if (outcome.failure) return outcome.failure;
		backTo(event.params.id, id ? 'rule' : 'added');
	},
	/** Adds or saves a rule's version in another language; a refusal comes back to the form it was sent from. */
	translate: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const id = String(form.get('ruleId') ?? '');
		const values = formValues(form, ['locale', 'text']);
		// The add form has its own id: a refused addition must not show its text in an existing version's form.
		const existing = form.get('existing') === '1';
		const formId = `${id}:${existing ? values.locale : 'add'}`;
		const outcome = runForm(
			values,
			() => saveGroundRuleTranslation(staff, event.params.id, id, values),
			formId
		);
		if (outcome.failure) return outcome.failure;
		backTo(event.params.id, 'translation');
	},
	untranslate: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const id = String(form.get('ruleId') ?? '');
		const locale = String(form.get('locale') ?? '');
		guarded(() => deleteGroundRuleTranslation(staff, event.params.id, id, locale));
		backTo(event.params.id, 'untranslated');
	},
	delete: async (event) => {
		const staff = requireStaff(event);
		const id = await ruleId(event.request);
		guarded(() => deleteGroundRule(staff, event.params.id, id));
		backTo(event.params.id, 'deleted');
	},
	up: async (event) => {
		const staff = requireStaff(event);
		const id = await ruleId(event.request);
		guarded(() => moveGroundRule(staff, event.params.id, id, 'up'));
		backTo(event.params.id, 'moved');
	},
	down: async (event) => {
		const staff = requireStaff(event);
		const id = await ruleId(event.request);
		guarded(() => moveGroundRule(staff, event.params.id, id, 'down'));
		backTo(event.params.id, 'moved');
	}
};
