/**
 * `POST /api/v1/dialogues/{id}/sessions` (staff): opens a live session of the dialogue. 201 with the join code,
 * the phones' link and the projector's secret link, which is shown only here (and on `display.rotate`).
 */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { addressOptions, answer } from '$lib/server/live/http/http';
import { openLiveSession } from '$lib/server/live/commands/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(() => {
		const opened = openLiveSession(getDb(), event.locals.staff, event.params.id, addressOptions(event));
		return json(opened, { status: 201, headers: { 'cache-control': 'no-store' } });
	});
