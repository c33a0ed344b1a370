import { redirect } from '@sveltejs/kit';
import { requireOrganiser, requireStaff } from '$lib/server/auth/guard';
import { assignFacilitators, listAssignableStaff, runForm } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { workspaceHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	// Only organisers choose; facilitators see who is assigned (from the layout) and nothing more.
	return { people: staff.role === 'organiser' ? listAssignableStaff(staff) : [] };
};

export const actions: Actions = {
	default: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), ['leadId', 'coId']);
		const outcome = runForm(values, () => assignFacilitators(staff, event.params.id, values));
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=facilitators`);
	}
};
