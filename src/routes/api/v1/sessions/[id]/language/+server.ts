/**
 * `PUT /api/v1/sessions/{id}/language {language}`: the phone's language changed; what the server says to it in
 * words is in that language from now on. Ten a minute per phone (429 above), shared with the picker's form on
 * `/s` without JavaScript (`changePhoneLanguage`). 204.
 */
import { m } from '$lib/paraglide/messages';
import { languageSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { LiveError } from '$lib/server/live/errors';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { changePhoneLanguage } from '$lib/server/live/phones/language';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const { language } = parseInput(languageSchema, await readJson(event.request));
		const decision = changePhoneLanguage(db, participant.id, language);
		if (!decision.allowed) {
			throw new LiveError(429, 'tooManySubmissions', m.live_error_too_many_submissions(), {
				retryAfterSeconds: decision.retryAfterSeconds
			});
		}
		return new Response(null, { status: 204 });
	});
