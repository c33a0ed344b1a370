/**
 * `GET /api/v1/calendar.ics[?dialogue={id}]` (staff): review dates as an iCalendar file — follow-up review
 * meetings and the due dates of open commitments, for the organisation's dialogues (a facilitator: their own) or
 * for one dialogue.
 */
import { m } from '$lib/paraglide/messages';
import { DialogueNotFoundError } from '$lib/server/dialogues';
import { answer } from '$lib/server/live/http/http';
import { LiveError } from '$lib/server/live/errors';
import { attachment, reviewCalendar } from '$lib/server/outcome/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	answer(() => {
		const staff = event.locals.staff;
		if (!staff) throw new LiveError(401, 'signInRequired', m.live_error_sign_in());
		try {
			const file = reviewCalendar(staff, {
				dialogueId: event.url.searchParams.get('dialogue'),
				origin: event.url.origin
			});
			return new Response(file.body, {
				headers: {
					'content-type': 'text/calendar; charset=utf-8',
					'content-disposition': attachment(file.filename),
					'cache-control': 'private, no-store'
				}
			});
		} catch (error) {
			if (error instanceof DialogueNotFoundError) {
				throw new LiveError(404, 'dialogueNotFound', m.live_error_dialogue_not_found());
			}
			throw error;
		}
	});
