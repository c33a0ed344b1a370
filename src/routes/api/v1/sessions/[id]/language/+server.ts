/**
 * `PUT /api/v1/sessions/{id}/language {language}`: the phone's language changed; what the server says to it in
 * words is in that language from now on. 204.
 */
import { languageSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { setParticipantLocale } from '$lib/server/live/commands/sessions';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const { language } = parseInput(languageSchema, await readJson(event.request));
		setParticipantLocale(db, participant.id, language);
		return new Response(null, { status: 204 });
	});
