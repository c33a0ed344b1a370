import { redirect } from '@sveltejs/kit';
import { recordSignOut } from '$lib/server/auth/accounts';
import { clearSessionCookie, deleteSession } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Signing out changes state, so it is POST only; a GET shows a small confirmation form instead. */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.staff) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: (event) => {
		const { staff, authSessionId } = event.locals;
		const db = getDb();
		if (staff) recordSignOut(db, staff, authSessionId);
		else if (authSessionId) deleteSession(db, authSessionId);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};
