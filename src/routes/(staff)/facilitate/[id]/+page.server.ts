import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getDialogueForStaff } from '$lib/server/dialogues/dialogues';
import { requireSessionAccess } from '$lib/server/live/http/access';
import { LiveError } from '$lib/server/live/errors';
import { addressOptions } from '$lib/server/live/http/http';
import { consoleView } from '$lib/server/live/views/views';
import type { PageServerLoad } from './$types';

/** The console's first view comes with the page, so it is usable before the live stream is open. */
export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	const db = getDb();
	try {
		const access = requireSessionAccess(db, staff, event.params.id);
		const view = consoleView(db, event.params.id, addressOptions(event));
		const dialogue = getDialogueForStaff(staff, access.dialogueId);
		return { view, codename: dialogue.codename, dialogueId: access.dialogueId };
	} catch (cause) {
		if (cause instanceof LiveError) error(cause.status === 401 ? 404 : cause.status, cause.message);
		throw cause;
	}
};
