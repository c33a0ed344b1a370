import { redirect } from '@sveltejs/kit';
import { resetPasswordSchema, validate } from '$lib/auth/schemas';
import { AccountError, checkLink, resetPassword } from '$lib/server/auth/accounts';
import { fieldErrorTexts, formFailure, readFields } from '$lib/server/auth/form';
import { applyStaffLanguage } from '$lib/server/auth/language';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const LINK_PROBLEM = { linkExpired: 'expired', linkUsed: 'used', linkInvalid: 'invalid' } as const;

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// The token is a secret: keep the page out of shared caches.
	setHeaders({ 'cache-control': 'no-store' });
	const link = checkLink(getDb(), 'reset', params.token);
	if (link.status !== 'valid') return { problem: link.status, member: null };
	return { problem: null, member: { email: link.email } };
};

export const actions: Actions = {
	default: async (event) => {
		const input = readFields(await event.request.formData(), ['password', 'confirm'] as const);
		const checked = validate(resetPasswordSchema, input);
		if (!checked.ok) return formFailure(400, {}, fieldErrorTexts(checked.errors));
		let session;
		let principal;
		try {
			({ session, principal } = await resetPassword(getDb(), event.params.token, checked.output.password));
		} catch (error) {
			if (error instanceof AccountError && error.code in LINK_PROBLEM) {
				const problem = LINK_PROBLEM[error.code as keyof typeof LINK_PROBLEM];
				return formFailure(410, {}, {}, null, problem);
			}
			if (error instanceof AccountError && error.code === 'invalidInput')
				return formFailure(400, {}, fieldErrorTexts(error.fields));
			throw error;
		}
		// A session cookie from before the reset (if any) was ended with the others; this one replaces it.
		setSessionCookie(event, session.token, session.expiresAt);
		// The language saved in their profile, as after the sign-in form (a reset link is often how one signs in).
		applyStaffLanguage(event, getDb(), principal.id);
		redirect(303, '/dialogues');
	}
};
