/**
 * `POST /api/v1/join {code}`: a phone joins the open session with this code; 201 (200 when it had joined before) with
 * the session's id, the phone's view (what its event stream's first snapshot would hold, so that a phone on a slow
 * connection draws its first screen one round trip sooner) and a cookie.
 */
import { json } from '@sveltejs/kit';
import { joinSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { findParticipant } from '$lib/server/live/http/access';
import { answer, participantCookieOptions, readJson } from '$lib/server/live/http/http';
import { phoneView } from '$lib/server/live/views/views';
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
		const db = getDb();
		const participant = findParticipant(db, joined.sessionId, joined.token);
		const view = participant ? phoneView(db, joined.sessionId, participant, { locale: getLocale() }) : null;
		return json({ sessionId: joined.sessionId, view }, { status: joined.created ? 201 : 200 });
	});
