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
import { backTo, listActions } from '../../list-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return {
		items: guarded(() => listKnowledgeItems(staff, event.params.id)),
		languages: guarded(() => listKnowledgeTranslations(staff, event.params.id))
	};
};

/** Translations, deleting and moving work as on every list of the preparation. */
const list = listActions({
	page: 'knowledge',
	idField: 'itemId',
	translationFields: ['title', 'body'],
	saveTranslation: saveKnowledgeTranslation,
	deleteTranslation: deleteKnowledgeTranslation,
	remove: deleteKnowledgeItem,
	move: moveKnowledgeItem
});

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
		backTo('knowledge', event.params.id, itemId ? 'item' : 'added');
	},
	translate: list.translate,
	untranslate: list.untranslate,
	delete: list.delete,
	up: list.up,
	down: list.down
};
