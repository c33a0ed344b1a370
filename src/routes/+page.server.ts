import { redirect } from '@sveltejs/kit';
import { isFirstRun } from '$lib/server/auth/accounts';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** A fresh install goes to setup, a signed-in person to their dialogues; everyone else sees the landing page. */
export const load: PageServerLoad = ({ locals }) => {
	if (locals.staff) redirect(303, '/dialogues');
	if (isFirstRun(getDb())) redirect(303, '/setup');
	return {};
};
