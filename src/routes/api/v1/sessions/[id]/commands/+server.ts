/** `POST /api/v1/sessions/{id}/commands {type, ...}` (staff): phase moves, moderation, themes and controls. */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { answerCommand, runCommand } from '$lib/server/live/commands/commands';
import { addressOptions, answer, nextTurn, readJson } from '$lib/server/live/http/http';
import type { LaneEvent } from '$lib/server/http/lane';
import type { RequestHandler } from './$types';

/** Also served by the lane (`$lib/server/http/lane.ts`): it reads no more of its event than a `LaneEvent` holds. */
export const POST = ((event: LaneEvent) =>
	answer(async () => {
		const input = await readJson(event.request);
		const db = getDb();
		const done = runCommand(db, event.locals.staff, event.params.id, input, addressOptions(event));
		// The command's events are on their way to every stream; the answer's values check waits for them.
		await nextTurn();
		return json(answerCommand(db, done));
	})) satisfies RequestHandler;
