import { redirect } from '@sveltejs/kit';
import { requireOrganiser, requireStaff } from '$lib/server/auth/guard';
import { runForm, setDialogueStatus, setMainLanguage, updateDialogueDetails } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { workspaceHref } from '../../paths';
import type { Actions } from './$types';

const FIELDS = ['codename', 'place', 'communityKind', 'description'] as const;

export const actions: Actions = {
	save: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), FIELDS);
		const outcome = runForm(values, () => updateDialogueDetails(staff, event.params.id, values), 'details');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=details`);
	},
	/** The language the ground rules and the knowledge pack are written in first. */
	language: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['mainLocale']);
		const outcome = runForm(values, () => setMainLanguage(staff, event.params.id, values), 'language');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=details`);
	},
	status: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), ['status']);
		const outcome = runForm(values, () => setDialogueStatus(staff, event.params.id, values), 'status');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=status`);
	}
};
