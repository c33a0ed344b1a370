/**
 * `POST /api/v1/sessions/{id}/pause-request {asking}` (phone): "I need a moment" — or taking it back. The console
 * hears that someone asked (how many only from the minimum group size up), never who; the facilitator decides.
 * In memory only, one request per phone however often it asks; ten a minute per phone. 204.
 */
import { m } from '$lib/paraglide/messages';
import { pauseRequestSchema } from '$lib/live/schemas';
import { getDb } from '$lib/server/db';
import { LiveError } from '$lib/server/live/errors';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { reportPauseRequest } from '$lib/server/live/streams/presence';
import { pauseRequestLimiter } from '$lib/server/live/phones/rate-limit';
import { readSessionState } from '$lib/server/live/store';
import { parseInput } from '$lib/server/live/validate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const { asking } = parseInput(pauseRequestSchema, await readJson(event.request));
		const { phase } = readSessionState(db, participant.sessionId);
		if (phase === 'closed' || phase === 'endedEarly')
			throw new LiveError(409, 'sessionClosed', m.live_error_session_closed());
		const decision = pauseRequestLimiter.check(participant.id);
		if (!decision.allowed) {
			throw new LiveError(429, 'tooManySubmissions', m.live_error_too_many_submissions(), {
				retryAfterSeconds: decision.retryAfterSeconds
			});
		}
		pauseRequestLimiter.hit(participant.id);
		// While paused there is nothing to ask for: the request is taken as answered.
		reportPauseRequest(participant.sessionId, participant.id, asking && phase !== 'paused');
		return new Response(null, { status: 204 });
	});
