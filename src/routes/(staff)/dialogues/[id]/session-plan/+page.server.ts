import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDialoguePlan, guarded, runForm, saveSessionPlan } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { workspaceHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
	'scheduledFor',
	'venue',
	'openingCeremony',
	'closingCeremony',
	'seating',
	'accessibility'
] as const;

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { plan: guarded(() => getDialoguePlan(staff, event.params.id)) };
};

export const actions: Actions = {
	default: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), FIELDS);
		const outcome = runForm(values, () => saveSessionPlan(staff, event.params.id, values));
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=sessionPlan`);
	}
};
