/**
 * Small helpers shared by the account forms' actions: reading form fields as strings, and turning the
 * schemas' and services' codes into sentences in the reader's language (the request's locale).
 */
import { fail } from '@sveltejs/kit';
import { LIMITS, type FieldErrorCode, type FieldErrors } from '$lib/auth/schemas';
import { m } from '$lib/paraglide/messages';
import type { AccountErrorCode } from './accounts';

/** The named fields of a submitted form as strings (a file or a missing field reads as empty). */
export function readFields<K extends string>(data: FormData, names: readonly K[]): Record<K, string> {
	const out = {} as Record<K, string>;
	for (const name of names) {
		const value = data.get(name);
		out[name] = typeof value === 'string' ? value : '';
	}
	return out;
}

const MAX_LENGTH: Partial<Record<string, number>> = {
	email: LIMITS.email,
	name: LIMITS.name,
	organisationName: LIMITS.organisationName
};

export function fieldErrorText(field: string, code: FieldErrorCode): string {
	switch (code) {
		case 'required':
			return m.auth_error_required();
		case 'tooLong':
			return m.auth_error_too_long({ max: MAX_LENGTH[field] ?? LIMITS.name });
		case 'email':
			return m.auth_error_email();
		case 'passwordShort':
			return m.auth_error_password_short({ min: LIMITS.passwordMin });
		case 'passwordLong':
			return m.auth_error_password_long({ max: LIMITS.passwordMax });
		case 'passwordCommon':
			return m.auth_error_password_common();
		case 'passwordPersonal':
			return m.auth_error_password_personal();
		case 'passwordRepeated':
			return m.auth_error_password_repeated();
		case 'passwordSequence':
			return m.auth_error_password_sequence();
		case 'passwordDate':
			return m.auth_error_password_date();
		case 'passwordGuessable':
			return m.auth_error_password_guessable();
		case 'control':
			return m.auth_error_control();
		case 'mismatch':
			return m.auth_error_mismatch();
		case 'role':
			return m.auth_error_role();
	}
}

export function fieldErrorTexts(errors: FieldErrors): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, code] of Object.entries(errors)) if (code) out[field] = fieldErrorText(field, code);
	return out;
}

export function accountErrorText(code: AccountErrorCode): string {
	switch (code) {
		case 'setupDone':
			return m.auth_error_setup_done();
		case 'emailTaken':
			return m.auth_error_email_taken();
		case 'notFound':
			return m.auth_error_not_found();
		case 'forbidden':
			return m.auth_error_forbidden();
		case 'self':
			return m.auth_error_self();
		case 'lastOrganiser':
			return m.auth_error_last_organiser();
		case 'memberDisabled':
			return m.auth_error_member_disabled();
		case 'notJoined':
			return m.auth_error_not_joined();
		case 'alreadyJoined':
			return m.auth_error_already_joined();
		case 'linkInvalid':
			return m.auth_link_invalid_body();
		case 'linkExpired':
			return m.auth_link_expired_body();
		case 'linkUsed':
			return m.auth_link_used_body();
		case 'invalidInput':
			return m.auth_error_summary();
	}
}

/**
 * A same-site path to go to after signing in, from `?next=`; anything else gives the fallback, so the sign-in
 * form cannot be used to send people elsewhere.
 *
 * Checking the text as typed is not enough: the URL parser (the server's and the browser's alike) drops tabs
 * and newlines, turns `\` into `/` and resolves dot segments, so `/.//evil.example`, `/./\evil.example` and
 * `/a/..//evil.example/x` all come out as the path `//evil.example…`, which a browser reads as another host.
 * So the target is parsed against the site's origin, and what will be sent (its path, query and fragment) is
 * parsed once more, as the browser will, and must still land on this origin and be the same path.
 */
export function safeNextPath(next: string | null, origin: string, fallback = '/dialogues'): string {
	if (!next || !next.startsWith('/')) return fallback;
	try {
		const target = new URL(next, origin);
		if (target.origin !== origin) return fallback;
		const path = target.pathname + target.search + target.hash;
		// Only an absolute path, never `//host` or `/\host` (both read as another host by a browser).
		if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
		const again = new URL(path, origin);
		if (again.origin !== origin || again.pathname !== target.pathname) return fallback;
		return path;
	} catch {
		return fallback;
	}
}

export type LinkProblem = 'expired' | 'used' | 'invalid';

/**
 * The one shape every account form fails with, so that pages can read it without narrowing: what was typed
 * (never a password), a message per field, an optional message for the whole form, and, for one-time links,
 * why the link no longer works.
 */
export function formFailure<V extends Record<string, string>>(
	status: number,
	values: V,
	errors: Record<string, string> = {},
	message: string | null = null,
	problem: LinkProblem | null = null
) {
	return fail(status, { values, errors, message, problem });
}
