/** `POST /api/v1/join {code}`: a phone joins the open session with this code; 201 with its id and a cookie. */
import { json } from '@sveltejs/kit';
import { joinSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { answer, participantCookieOptions, readJson } from '$lib/server/live/http/http';
import { joinSession, participantCookieName } from '$lib/server/live/commands/sessions';
import { parseInput } from '$lib/server/live/validate';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const { code } = parseInput(joinSchema, await readJson(event.request));
		const joined = joinSession(getDb(), {
			code,
			clientAddress: event.getClientAddress(),
			existingToken: (sessionId) => event.cookies.get(participantCookieName(sessionId)),
			locale: getLocale()
		});
		event.cookies.set(
			participantCookieName(joined.sessionId),
			joined.token,
			participantCookieOptions(event.url)
		);
		return json({ sessionId: joined.sessionId }, { status: joined.created ? 201 : 200 });
	});
