import { redirect } from '@sveltejs/kit';
import { setupSchema, validate } from '$lib/auth/schemas';
import { AccountError, isFirstRun, setupFirstOrganisation } from '$lib/server/auth/accounts';
import { accountErrorText, fieldErrorTexts, formFailure, readFields } from '$lib/server/auth/form';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['organisationName', 'name', 'email', 'password', 'confirm'] as const;

/** The first-run screen exists only until the first organisation does. */
export const load: PageServerLoad = () => {
	if (!isFirstRun(getDb())) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		if (!isFirstRun(db)) redirect(303, '/login');
		const input = readFields(await event.request.formData(), FIELDS);
		// Passwords are never sent back to the page.
		const values = { organisationName: input.organisationName, name: input.name, email: input.email };
		const checked = validate(setupSchema, input);
		if (!checked.ok) return formFailure(400, values, fieldErrorTexts(checked.errors));
		let principalId: string;
		try {
			const { principal } = await setupFirstOrganisation(db, checked.output);
			principalId = principal.id;
		} catch (error) {
			if (error instanceof AccountError) {
				if (error.code === 'setupDone') redirect(303, '/login');
				return formFailure(400, values, fieldErrorTexts(error.fields), accountErrorText(error.code));
			}
			throw error;
		}
		const session = createSession(db, principalId);
		setSessionCookie(event, session.token, session.expiresAt);
		redirect(303, '/dialogues');
	}
};
