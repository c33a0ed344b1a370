import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { declareImpartiality, guarded, runForm, withdrawImpartiality } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { itemHref, workspaceHref } from '../../paths';
import type { Actions } from './$types';

export const actions: Actions = {
	declare: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['confirmed', 'note']);
		const outcome = runForm(values, () => declareImpartiality(staff, event.params.id, values));
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=impartiality`);
	},
	withdraw: async (event) => {
		const staff = requireStaff(event);
		guarded(() => withdrawImpartiality(staff, event.params.id));
		redirect(303, `${itemHref(event.params.id, 'impartiality')}?saved=withdrawn`);
	}
};
