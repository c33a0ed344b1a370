import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import {
	deleteKnowledgeItem,
	deleteKnowledgeTranslation,
	guarded,
	listKnowledgeItems,
	listKnowledgeTranslations,
	moveKnowledgeItem,
	runForm,
	saveKnowledgeItem,
	saveKnowledgeTranslation
} from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { itemHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return {
		items: guarded(() => listKnowledgeItems(staff, event.params.id)),
		languages: guarded(() => listKnowledgeTranslations(staff, event.params.id))
	};
};

function backTo(id: string, saved: string): never {
	redirect(303, `${itemHref(id, 'knowledge')}?saved=${saved}`);
}

export const actions: Actions = {
	save: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const itemId = String(form.get('itemId') ?? '') || null;
		const values = formValues(form, ['title', 'body', 'url']);
		const outcome = runForm(
			values,
			() => saveKnowledgeItem(staff, event.params.id, itemId, values),
			itemId ?? 'new'
		);
		if (outcome.failure) return outcome.failure;
		backTo(event.params.id, itemId ? 'item' : 'added');
	},
	/** Adds or saves an item's version in another language; a refusal comes back to the form it was sent from. */
	translate: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const itemId = String(form.get('itemId') ?? '');
		const values = formValues(form, ['locale', 'title', 'body']);
		const formId = `${itemId}:${form.get('existing') === '1' ? values.locale : 'add'}`;
		const outcome = runForm(
			values,
			() => saveKnowledgeTranslation(staff, event.params.id, itemId, values),
			formId
		);
		if (outcome.failure) return outcome.failure;
		backTo(event.params.id, 'translation');
	},
	untranslate: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const itemId = String(form.get('itemId') ?? '');
		const locale = String(form.get('locale') ?? '');
		guarded(() => deleteKnowledgeTranslation(staff, event.params.id, itemId, locale));
		backTo(event.params.id, 'untranslated');
	},
	delete: async (event) => {
		const staff = requireStaff(event);
		const itemId = String((await event.request.formData()).get('itemId') ?? '');
		guarded(() => deleteKnowledgeItem(staff, event.params.id, itemId));
		backTo(event.params.id, 'deleted');
	},
	up: async (event) => {
		const staff = requireStaff(event);
		const itemId = String((await event.request.formData()).get('itemId') ?? '');
		guarded(() => moveKnowledgeItem(staff, event.params.id, itemId, 'up'));
		backTo(event.params.id, 'moved');
	},
	down: async (event) => {
		const staff = requireStaff(event);
		const itemId = String((await event.request.formData()).get('itemId') ?? '');
		guarded(() => moveKnowledgeItem(staff, event.params.id, itemId, 'down'));
		backTo(event.params.id, 'moved');
	}
};
