import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import {
	deleteStakeholderGroup,
	listStakeholderGroups,
	guarded,
	runForm,
	saveStakeholderGroup
} from '$lib/server/dialogues';
import { formValues } from '$lib/validation';
import { itemHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'message', 'timing', 'messenger', 'decision', 'informedOn', 'decisionNote'] as const;

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { groups: guarded(() => listStakeholderGroups(staff, event.params.id)) };
};

export const actions: Actions = {
	/** Adds a group (no `groupId`) or saves one. */
	save: async (event) => {
		const staff = requireStaff(event);
		const form = await event.request.formData();
		const groupId = String(form.get('groupId') ?? '') || null;
		const values = formValues(form, FIELDS);
		const outcome = runForm(
			values,
			() => saveStakeholderGroup(staff, event.params.id, groupId, values),
			groupId ?? 'new'
		);
		if (outcome.failure) return outcome.failure;
		redirect(303, `${itemHref(event.params.id, 'information')}?saved=${groupId ? 'group' : 'added'}`);
	},
	delete: async (event) => {
		const staff = requireStaff(event);
		const groupId = String((await event.request.formData()).get('groupId') ?? '');
		guarded(() => deleteStakeholderGroup(staff, event.params.id, groupId));
		redirect(303, `${itemHref(event.params.id, 'information')}?saved=deleted`);
	}
};
