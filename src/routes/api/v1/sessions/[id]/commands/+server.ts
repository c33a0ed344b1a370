/** `POST /api/v1/sessions/{id}/commands {type, ...}` (staff): phase moves, moderation, themes and controls. */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { commandSession } from '$lib/server/live/commands/commands';
import { addressOptions, answer, readJson } from '$lib/server/live/http/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const input = await readJson(event.request);
		return json(commandSession(getDb(), event.locals.staff, event.params.id, input, addressOptions(event)));
	});
