import { redirect } from '@sveltejs/kit';
import { loginSchema, validate } from '$lib/auth/schemas';
import { isFirstRun, signIn } from '$lib/server/auth/accounts';
import { fieldErrorTexts, formFailure, readFields, safeNextPath } from '$lib/server/auth/form';
import { DEVICE_COOKIE, setDeviceCookie } from '$lib/server/auth/devices';
import { applyStaffLanguage } from '$lib/server/auth/language';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.staff) redirect(303, safeNextPath(url.searchParams.get('next'), url.origin));
	if (isFirstRun(getDb())) redirect(303, '/setup');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const input = readFields(await event.request.formData(), ['email', 'password'] as const);
		const values = { email: input.email };
		const checked = validate(loginSchema, input);
		if (!checked.ok) return formFailure(400, values, fieldErrorTexts(checked.errors));

		const result = await signIn(getDb(), checked.output, {
			address: event.getClientAddress(),
			deviceToken: event.cookies.get(DEVICE_COOKIE)
		});
		if (!result.ok) {
			if (result.reason === 'rateLimited') {
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
				return formFailure(429, values, {}, m.auth_login_rate_limited({ minutes }));
			}
			const message = result.reason === 'disabled' ? m.auth_login_disabled() : m.auth_login_invalid();
			return formFailure(400, values, {}, message);
		}
		setSessionCookie(event, result.session.token, result.session.expiresAt);
		setDeviceCookie(event, result.device.token, result.device.expiresAt);
		// The language chosen in the profile, on this computer too, from the first page after signing in.
		applyStaffLanguage(event, getDb(), result.principal.id);
		redirect(303, safeNextPath(event.url.searchParams.get('next'), event.url.origin));
	}
};
