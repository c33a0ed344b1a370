import { redirect } from '@sveltejs/kit';
import { isLanguage } from '$lib/i18n/languages';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formFailure, readFields } from '$lib/server/auth/form';
import { requireStaff } from '$lib/server/auth/guard';
import { setLanguageCookie, setStaffLanguage, staffLanguage } from '$lib/server/auth/language';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** The staff member's own settings: the language Hearth speaks to them (issue 12). */
export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return {
		// Without a choice of their own, the language the pages are in now (their browser's) is preselected.
		language: staffLanguage(getDb(), staff.id) ?? getLocale(),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const staff = requireStaff(event);
		const { language } = readFields(await event.request.formData(), ['language'] as const);
		if (!isLanguage(language)) {
			return formFailure(400, { language }, { language: m.auth_field_language() });
		}
		setStaffLanguage(getDb(), staff.id, language);
		setLanguageCookie(event, language);
		// A new page, read with the new cookie: this answer was already being written in the old language.
		redirect(303, '/profile?saved');
	}
};
