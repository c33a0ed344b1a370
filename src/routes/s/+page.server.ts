/**
 * `/s`: joining without the meeting's link. With `?code=` (the join box on the home page or here, sent without
 * JavaScript too) the phone goes on to the meeting's own page, which says in words when the code is wrong or the
 * meeting has ended.
 *
 * `?/language`: the phone bar's language picker without JavaScript (with it, the picker changes the language at
 * once and never posts). The phone's language cookie is set and the phone goes back to the page it was on, now in
 * that language; a phone that joined the meeting named by `code` also has its language kept with it, within the
 * same limit as the JSON API (ten changes a minute, written only when it changed).
 */
import { fail, redirect } from '@sveltejs/kit';
import { isLanguage } from '$lib/i18n/languages';
import { m } from '$lib/paraglide/messages';
import { setLanguageCookie } from '$lib/server/auth/language';
import { getDb } from '$lib/server/db';
import { changePhoneLanguage, phoneOfJoinCode } from '$lib/server/live/phones/language';
import type { Actions, PageServerLoad } from './$types';

/** A join code as typed or taken from the page address: spaces out, at most 20 characters. */
function codeOf(value: FormDataEntryValue | string | null): string {
	return (typeof value === 'string' ? value : '').replace(/\s+/g, '').slice(0, 20);
}

export const load: PageServerLoad = ({ url }) => {
	const code = codeOf(url.searchParams.get('code'));
	if (code) redirect(303, `/s/${encodeURIComponent(code)}`);
};

export const actions: Actions = {
	language: async (event) => {
		const form = await event.request.formData();
		const language = form.get('language');
		const code = codeOf(form.get('code'));
		if (typeof language !== 'string' || !isLanguage(language)) {
			return fail(400, { languageError: m.live_field_language() });
		}
		const phone = code ? phoneOfJoinCode(getDb(), event.cookies, code) : null;
		// Over the limit the participant's row is left as it is, as with the JSON API; the phone still reads its
		// pages in the language it chose (the cookie is its own, as when its script changes it).
		if (phone) changePhoneLanguage(getDb(), phone.id, language);
		setLanguageCookie(event, language);
		redirect(303, code ? `/s/${encodeURIComponent(code)}` : '/s');
	}
};
