/**
 * `POST /api/v1/sessions/{id}/typing {typing, queued?}`: a phone is (no longer) typing, and holds (or no longer
 * holds) submissions it could not send yet. In memory only; 204.
 */
import { typingSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { reportQueued, reportTyping } from '$lib/server/live/streams/presence';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const participant = requireParticipant(getDb(), event, event.params.id);
		const { typing, queued } = parseInput(typingSchema, await readJson(event.request));
		reportTyping(participant.sessionId, participant.id, typing);
		if (queued !== undefined) reportQueued(participant.sessionId, participant.id, queued);
		return new Response(null, { status: 204 });
	});
