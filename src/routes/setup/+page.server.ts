import { redirect } from '@sveltejs/kit';
import { setupSchema, validate } from '$lib/auth/schemas';
import { m } from '$lib/paraglide/messages';
import { AccountError, isFirstRun, setupFirstOrganisation } from '$lib/server/auth/accounts';
import { accountErrorText, fieldErrorTexts, formFailure, readFields } from '$lib/server/auth/form';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { setupAllowed, setupCompleted } from '$lib/server/auth/setup-gate';
import { readConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['organisationName', 'name', 'email', 'password', 'confirm'] as const;

/**
 * The first-run screen exists only until the first organisation does. Where the database was set up before and is
 * now empty, it is locked: only the one-time token from the server's log (`?token=…`) opens it.
 */
export const load: PageServerLoad = ({ url }) => {
	if (!isFirstRun(getDb())) redirect(303, '/login');
	return { locked: !setupAllowed(url.searchParams.get('token')) };
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		if (!isFirstRun(db)) redirect(303, '/login');
		const input = readFields(await event.request.formData(), FIELDS);
		// Passwords are never sent back to the page.
		const values = { organisationName: input.organisationName, name: input.name, email: input.email };
		if (!setupAllowed(event.url.searchParams.get('token'))) {
			return formFailure(403, values, {}, m.auth_setup_locked());
		}
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
		setupCompleted(readConfig().databasePath);
		const session = createSession(db, principalId);
		setSessionCookie(event, session.token, session.expiresAt);
		redirect(303, '/dialogues');
	}
};
