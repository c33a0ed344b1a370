import { redirect } from '@sveltejs/kit';
import { DEFAULT_SETTINGS } from '$lib/dialogue';
import { requireOrganiser } from '$lib/server/auth/guard';
import { guarded, runForm, updateSettings } from '$lib/server/dialogues';
import { formValues, parseWith, settingsSchema } from '$lib/validation';
import { InvalidInputError } from '$lib/server/dialogues';
import { settingsHref } from '../../paths';
import type { Actions } from './$types';

const FIELDS = [
	'minGroupSize',
	'affirmationPercent',
	'minParticipants',
	'respectPulseThreshold',
	'riskAssessmentMaxAgeDays',
	'endorsementCap',
	'retentionDays',
	'safeguardingRetentionDays',
	'idleEndDays',
	'minCheckInResponses',
	'participantCap'
] as const;

export const actions: Actions = {
	/** The form says what is out of range; the service clamps whatever reaches it as well. */
	save: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), FIELDS);
		const outcome = runForm(values, () => {
			const parsed = parseWith(settingsSchema, values);
			if (!parsed.ok) throw new InvalidInputError(parsed.errors);
			return updateSettings(staff, event.params.id, parsed.value);
		});
		if (outcome.failure) return outcome.failure;
		redirect(303, `${settingsHref(event.params.id)}?saved=1`);
	},
	reset: async (event) => {
		const staff = requireOrganiser(event);
		guarded(() => updateSettings(staff, event.params.id, { ...DEFAULT_SETTINGS }));
		redirect(303, `${settingsHref(event.params.id)}?saved=reset`);
	}
};
