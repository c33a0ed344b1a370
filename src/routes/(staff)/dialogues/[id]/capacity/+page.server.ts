import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { requireStaff } from '$lib/server/auth/guard';
import { listCapacityHistory, guarded, runForm, saveCapacityReview } from '$lib/server/dialogues';
import {
	CAPACITY_QUESTION_KEYS,
	capacityFormValues,
	type CapacityQuestionKey,
	type FieldErrors
} from '$lib/validation';
import { workspaceHref } from '../../paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { history: guarded(() => listCapacityHistory(staff, event.params.id)) };
};

export const actions: Actions = {
	save: async (event) => {
		const staff = requireStaff(event);
		const values = capacityFormValues(await event.request.formData());
		const outcome = runForm(values, () => saveCapacityReview(staff, event.params.id, values));
		if (outcome.failure) return outcome.failure;
		// Redone as the first step of a review session: back to the review, where the step now shows as done.
		if (event.url.searchParams.get('occasion') === 'review' && values.occasion === 'review') {
			redirect(
				303,
				`${resolve('/(staff)/review/[id]', { id: event.params.id })}?saved=capacity#review-heading`
			);
		}
		redirect(303, `${workspaceHref(event.params.id)}?saved=capacity`);
	},
	/**
	 * Without JavaScript, "add another concern" comes here: nothing is saved, the page comes back with what was
	 * typed and one more empty row under that question. (With JavaScript the row is added in the page.)
	 */
	addRow: async (event) => {
		const staff = requireStaff(event);
		guarded(() => listCapacityHistory(staff, event.params.id));
		const form = await event.request.formData();
		const values = capacityFormValues(form);
		const target = String(form.get('addTo') ?? '');
		const addTo = (CAPACITY_QUESTION_KEYS as readonly string[]).includes(target)
			? (target as CapacityQuestionKey)
			: null;
		const errors: FieldErrors = {};
		return { formId: null, values, errors, addTo };
	}
};
