import { error, fail, redirect } from '@sveltejs/kit';
import { acceptedLanguages, readerLocale } from '$lib/format/dates';
import { getLocale } from '$lib/paraglide/runtime';
import { requireOrganiser, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { guarded, runForm, setDialogueStatus, getDialogueForStaff } from '$lib/server/dialogues';
import { LiveError } from '$lib/server/live/errors';
import { lastClosedSessionOf, openSessionOf } from '$lib/server/live/views/lookup';
import { openLiveSession } from '$lib/server/live/commands/sessions';
import { formValues, type FieldErrors } from '$lib/validation';
import { formatMoment } from '../components/labels';
import { workspaceHref } from '../paths';
import type { Actions, PageServerLoad } from './$types';

/**
 * The dialogue's running live session, if any, so the workspace can lead to its console; and the last closed
 * one, so that it leads to that session's outcome report.
 */
export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	const dialogue = guarded(() => getDialogueForStaff(staff, event.params.id));
	const db = getDb();
	const closed = lastClosedSessionOf(db, dialogue.id);
	return {
		liveSession: openSessionOf(db, dialogue.id),
		// Formatted here, once, so that the server's and the browser's clocks cannot disagree while hydrating.
		lastClosed: closed
			? {
					id: closed.id,
					when: formatMoment(
						closed.closedAt,
						readerLocale(getLocale(), acceptedLanguages(event.request.headers.get('accept-language')))
					)
				}
			: null
	};
};

export const actions: Actions = {
	/** The organiser's shortcut once the check is met: mark the dialogue ready to open (or back to preparing). */
	status: async (event) => {
		const staff = requireOrganiser(event);
		const values = formValues(await event.request.formData(), ['status']);
		const outcome = runForm(values, () => setDialogueStatus(staff, event.params.id, values), 'status');
		if (outcome.failure) return outcome.failure;
		redirect(303, `${workspaceHref(event.params.id)}?saved=status`);
	},

	/**
	 * Opens the live session and goes to its console. The projector's secret link travels once in the URL
	 * fragment, which never reaches a server; the console shows it and removes it from the address bar.
	 */
	open: (event) => {
		const staff = requireStaff(event);
		let target: string;
		try {
			const opened = openLiveSession(getDb(), staff, event.params.id, { requestOrigin: event.url.origin });
			target = `${opened.consolePath}#display=${encodeURIComponent(opened.displayToken)}`;
		} catch (failure) {
			if (!(failure instanceof LiveError)) throw failure;
			if (failure.code === 'sessionAlreadyOpen' && typeof failure.extra.sessionId === 'string') {
				redirect(303, `/facilitate/${failure.extra.sessionId}`);
			}
			if (failure.status === 401 || failure.status === 404) error(404, failure.message);
			const errors: FieldErrors = { open: failure.message };
			return fail(400, { formId: 'open', errors });
		}
		redirect(303, target);
	}
};
