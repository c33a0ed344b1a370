/**
 * `POST /api/v1/sessions/{id}/speaking {action, roundId, kind?, label?}` (phone, issue 11: the talking piece):
 * "I'd like to speak" as someone, by a first name or by a seat number, or "pass". One place per phone however
 * often it asks; the label is screened and held in memory only while the round runs. 200 with the phone's own
 * place (`MySpeakingPlace`); 409 when the round ended; 422 with a field message for a label that is not allowed.
 */
import { json } from '@sveltejs/kit';
import { speakingSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { speakInRound } from '$lib/server/live/phones/speaking';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const input = parseInput(speakingSchema, await readJson(event.request));
		return json({ place: speakInRound(db, participant, input) });
	});
