import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import {
	deleteGroundRule,
	guarded,
	isTemplateLocale,
	listGroundRules,
	moveGroundRule,
	runForm,
	saveGroundRule,
	seedGroundRules
} from '$lib/server/dialogues';
import { getLocale } from '$lib/paraglide/runtime';
import { formValues } from '$lib/validation';
import { itemHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { rules: guarded(() => listGroundRules(staff, event.params.id)) };
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
