import { redirect } from '@sveltejs/kit';
import { acceptInviteSchema, validate } from '$lib/auth/schemas';
import { acceptInvite, AccountError, checkLink } from '$lib/server/auth/accounts';
import { fieldErrorTexts, formFailure, readFields } from '$lib/server/auth/form';
import { applyStaffLanguage } from '$lib/server/auth/language';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const LINK_PROBLEM = { linkExpired: 'expired', linkUsed: 'used', linkInvalid: 'invalid' } as const;

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// The token is a secret: keep the page out of shared caches.
	setHeaders({ 'cache-control': 'no-store' });
	const link = checkLink(getDb(), 'invite', params.token);
	if (link.status !== 'valid') return { problem: link.status, invite: null };
	return {
		problem: null,
		invite: { name: link.name, email: link.email, organisationName: link.organisationName }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const input = readFields(await event.request.formData(), ['name', 'password', 'confirm'] as const);
		const values = { name: input.name };
		const checked = validate(acceptInviteSchema, input);
		if (!checked.ok) return formFailure(400, values, fieldErrorTexts(checked.errors));
		let session;
		let principal;
		try {
			({ session, principal } = await acceptInvite(getDb(), event.params.token, checked.output));
		} catch (error) {
			if (error instanceof AccountError && error.code in LINK_PROBLEM) {
				const problem = LINK_PROBLEM[error.code as keyof typeof LINK_PROBLEM];
				return formFailure(410, values, {}, null, problem);
			}
			if (error instanceof AccountError && error.code === 'invalidInput')
				return formFailure(400, values, fieldErrorTexts(error.fields));
			throw error;
		}
		setSessionCookie(event, session.token, session.expiresAt);
		// The language saved with the account, as after the sign-in form.
		applyStaffLanguage(event, getDb(), principal.id);
		redirect(303, '/dialogues');
	}
};
