import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { requireOrganiser } from '$lib/server/auth/guard';
import { createDialogue, listAssignableStaff, runForm } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['codename', 'place', 'communityKind', 'description', 'leadId', 'coId'] as const;

export const load: PageServerLoad = (event) => {
	const staff = requireOrganiser(event);
	return { people: listAssignableStaff(staff) };
};

export const actions: Actions = {
	default: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), FIELDS);
		const outcome = runForm(values, () => createDialogue(staff, values));
		if (outcome.failure) return outcome.failure;
		redirect(303, `${resolve('/(staff)/dialogues/[id]', { id: outcome.value.id })}?saved=created`);
	}
};
