/** `POST /api/v1/sessions/{id}/commands {type, ...}` (staff): phase moves, moderation, themes and controls. */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { answerCommand, runCommand } from '$lib/server/live/commands/commands';
import { addressOptions, answer, nextTurn, readJson } from '$lib/server/live/http/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const input = await readJson(event.request);
		const db = getDb();
		const done = runCommand(db, event.locals.staff, event.params.id, input, addressOptions(event));
		// The command's events are on their way to every stream; the answer's values check waits for them.
		await nextTurn();
		return json(answerCommand(db, done));
	});
