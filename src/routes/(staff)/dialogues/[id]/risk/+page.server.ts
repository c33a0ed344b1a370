import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { attestRiskAssessment, listRiskAttestations, guarded, runForm } from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { workspaceHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { attestations: guarded(() => listRiskAttestations(staff, event.params.id)) };
};

export const actions: Actions = {
	default: async (event) => {
		const staff = requireStaff(event);
		// Only these three fields are read: anything else a forged form sends is never looked at.
		const values = formValues(await event.request.formData(), ['confirmed', 'assessedOn', 'holderRole']);
		const outcome = runForm(values, () => attestRiskAssessment(staff, event.params.id, values));
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=risk`);
	}
};
