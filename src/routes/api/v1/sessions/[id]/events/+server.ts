/**
 * `GET /api/v1/sessions/{id}/events`: the Server-Sent Events stream of whoever asks (phone cookie, staff
 * session, or `?display=<token>`), resuming after `Last-Event-ID` / `?lastEventId=`. See docs/api.md.
 */
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { addressOptions, answer, lastEventIdOf, resolveViewer } from '$lib/server/live/http/http';
import { installShutdownHooks, openEventStream } from '$lib/server/live/streams/stream';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	answer(() => {
		installShutdownHooks();
		const db = getDb();
		const sessionId = event.params.id;
		const viewer = resolveViewer(db, event, sessionId);
		const body = openEventStream({
			db,
			sessionId,
			viewer,
			lastEventId: lastEventIdOf(event.request, event.url),
			// A phone's snapshots carry the ground rules and knowledge pack in the language it asks in.
			locale: getLocale(),
			// Re-checked while the stream is open: a staff stream ends with the sign-in it was opened under.
			authSessionId: viewer.role === 'staff' ? event.locals.authSessionId : null,
			request: event.platform?.req,
			...addressOptions(event)
		});
		return new Response(body, {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-store',
				// Proxies (nginx) would otherwise hold events back in a buffer.
				'x-accel-buffering': 'no'
			}
		});
	});
