/** `POST /api/v1/sessions/{id}/responses {prompt, value, clientRequestId}`: affirmations and pulses. */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { respond } from '$lib/server/live/phones/participation';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const { id, created } = respond(db, participant, await readJson(event.request));
		return json({ id }, { status: created ? 201 : 200 });
	});
