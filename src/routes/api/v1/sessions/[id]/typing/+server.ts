/** `POST /api/v1/sessions/{id}/typing {typing}`: a phone is (no longer) typing. In memory only; 204. */
import { typingSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { answer, readJson, requireParticipant } from '$lib/server/live/http';
import { reportTyping } from '$lib/server/live/presence';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const participant = requireParticipant(getDb(), event, event.params.id);
		const { typing } = parseInput(typingSchema, await readJson(event.request));
		reportTyping(participant.sessionId, participant.id, typing);
		return new Response(null, { status: 204 });
	});
