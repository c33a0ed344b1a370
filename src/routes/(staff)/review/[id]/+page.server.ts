import { fail, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { guarded, InvalidInputError, runForm } from '$lib/server/dialogues';
import { getDb } from '$lib/server/db';
import { listSafeguardingRecords } from '$lib/server/live/commands/safeguarding';
import { LiveError } from '$lib/server/live/errors';
import { addMilestone, addPartner, removePartner, setMilestoneStatus } from '$lib/server/outcome/alliance';
import {
	deleteDialogue,
	followUp,
	openReviewSession,
	setCommitmentStatus
} from '$lib/server/outcome/service';
import { formValues, type FieldErrors } from '$lib/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	const follow = guarded(() => followUp(staff, event.params.id));
	// The follow-up has checked who asks; the safeguarding records follow the same rule (its staff only).
	return { followUp: follow, safeguarding: listSafeguardingRecords(getDb(), staff, event.params.id) };
};

export const actions: Actions = {
	/** The tracker: a commitment's state and note. */
	status: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['commitmentId', 'status', 'note']);
		const outcome = runForm(
			values,
			() => setCommitmentStatus(staff, event.params.id, values.commitmentId, values),
			values.commitmentId
		);
		if (outcome.failure) return outcome.failure;
		const id = encodeURIComponent(values.commitmentId);
		redirect(303, `${event.url.pathname}?saved=${id}#commitment-${id}`);
	},
	/** Adds an alliance partner: a role and an organisation (a person's name is refused and explained). */
	partner: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['kind', 'role', 'organisation']);
		const outcome = runForm(values, () => addPartner(staff, event.params.id, values), 'partner');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${event.url.pathname}?saved=partner#partners-heading`);
	},
	partnerRemove: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['partnerId']);
		const outcome = runForm(values, () => removePartner(staff, event.params.id, values.partnerId), 'partner');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${event.url.pathname}?saved=partnerRemoved#partners-heading`);
	},
	/** Adds a milestone: a date and what should have happened by then. */
	milestone: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['dueOn', 'what']);
		const outcome = runForm(values, () => addMilestone(staff, event.params.id, values), 'milestone');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${event.url.pathname}?saved=milestone#milestones-heading`);
	},
	/** A milestone reached or missed (or planned again). */
	milestoneStatus: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['milestoneId', 'status']);
		const outcome = runForm(
			values,
			() => setMilestoneStatus(staff, event.params.id, values.milestoneId, values),
			`milestone-${values.milestoneId}`
		);
		if (outcome.failure) return outcome.failure;
		const id = encodeURIComponent(values.milestoneId);
		redirect(303, `${event.url.pathname}?saved=milestoneStatus#milestone-${id}`);
	},
	/** A review session that starts from the current agreement; the facilitator goes straight to its console. */
	review: async (event) => {
		const staff = requireStaff(event);
		let target: string;
		try {
			const opened = guarded(() =>
				openReviewSession(staff, event.params.id, { requestOrigin: event.url.origin })
			);
			// The projector's secret link is handed to the console in the fragment, as opening a session does.
			target = `${opened.consolePath}#display=${encodeURIComponent(opened.displayToken)}`;
		} catch (cause) {
			if (cause instanceof InvalidInputError) {
				return fail(400, { formId: 'review', values: {}, errors: cause.errors });
			}
			if (cause instanceof LiveError) {
				const errors: FieldErrors = { _form: cause.message };
				return fail(cause.status, { formId: 'review', values: {}, errors });
			}
			throw cause;
		}
		redirect(303, target);
	},
	/**
	 * Deletes the dialogue and everything of it (organisers), after the codename is typed to confirm. The service
	 * checks the dialogue first (404 for someone who cannot see it), then that the person is an organiser (403).
	 */
	delete: async (event) => {
		const staff = requireStaff(event);
		const values = formValues(await event.request.formData(), ['confirm']);
		const outcome = runForm(values, () => deleteDialogue(staff, event.params.id, values.confirm), 'delete');
		if (outcome.failure) return outcome.failure;
		redirect(303, `/review?deleted=${encodeURIComponent(outcome.value.codename)}`);
	}
};
