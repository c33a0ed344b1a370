import { redirect } from '@sveltejs/kit';
import { requireOrganiser } from '$lib/server/auth/guard';
import { runForm, setDialogueStatus } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { workspaceHref } from '../paths';
import type { Actions } from './$types';

export const actions: Actions = {
	/** The organiser's shortcut once the check is met: mark the dialogue ready to open (or back to preparing). */
	status: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), ['status']);
		const outcome = runForm(values, () => setDialogueStatus(staff, event.params.id, values), 'status');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=status`);
	}
};
