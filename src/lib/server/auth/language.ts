/**
 * The language Hearth speaks to a staff member (issue 12): kept with the account, so that it follows the person
 * to any computer, and applied as Paraglide's `PARAGLIDE_LOCALE` cookie at sign-in and when saved, so that every
 * page and every API error after it is in that language. Without a choice, the browser's language as before.
 */
import { eq } from 'drizzle-orm';
import { isLanguage } from '$lib/i18n/languages';
import { cookieMaxAge, cookieName, type Locale } from '$lib/paraglide/runtime';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { staffUser } from '../db/schema';

export function staffLanguage(db: Db, staffId: string): Locale | null {
	const row = db
		.select({ language: staffUser.language })
		.from(staffUser)
		.where(eq(staffUser.id, staffId))
		.get();
	return row && isLanguage(row.language) ? row.language : null;
}

export function setStaffLanguage(db: Db, staffId: string, language: Locale): void {
	db.update(staffUser).set({ language }).where(eq(staffUser.id, staffId)).run();
}

/**
 * Paraglide's own cookie, as its browser runtime writes it (readable by the page's script, which reads the
 * language from it on every page): whole site, Lax, Secure whenever the request came over HTTPS.
 */
export function setLanguageCookie(event: { cookies: Cookies; url: URL }, language: Locale): void {
	event.cookies.set(cookieName, language, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: cookieMaxAge
	});
}

/**
 * Every way of signing in ends here (the sign-in form, a password reset, an accepted invitation): the language the
 * person saved in their profile, on this computer too, from the first page after it. Without a saved language the
 * cookie is left as it is (the language the person was reading the form in).
 */
export function applyStaffLanguage(
	event: { cookies: Cookies; url: URL },
	db: Db,
	staffId: string
): Locale | null {
	const language = staffLanguage(db, staffId);
	if (language) setLanguageCookie(event, language);
	return language;
}
