/**
 * `/s/{code}/watch`: the observer's link (the outer circle). It finds the meeting by its code and nothing else:
 * no cookie, no row, nothing stored; the page then follows the wall's content over the event stream
 * (`?watch={code}`). A wrong code gets the styled error page, and counts against the join limit.
 */
import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { LiveError } from '$lib/server/live/errors';
import { watchSession } from '$lib/server/live/commands/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	try {
		return watchSession(getDb(), {
			code: event.params.code.slice(0, 20),
			clientAddress: event.getClientAddress()
		});
	} catch (failure) {
		if (failure instanceof LiveError) error(failure.status, failure.message);
		throw failure;
	}
};
