/** `GET /api/v1/sessions/{id}`: the caller's view of the session (phone, projector and observers, or console). */
import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { addressOptions, answer, resolveViewer } from '$lib/server/live/http/http';
import { consoleView, phoneView, projectorView } from '$lib/server/live/views/views';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	answer(() => {
		const db = getDb();
		const sessionId = event.params.id;
		const viewer = resolveViewer(db, event, sessionId);
		// The console's view only to staff; the projector and its observers see the wall.
		const view =
			viewer.role === 'participant'
				? phoneView(db, sessionId, viewer.participant, { locale: getLocale() })
				: viewer.role === 'staff'
					? consoleView(db, sessionId, addressOptions(event))
					: projectorView(db, sessionId, addressOptions(event));
		return json(view, { headers: { 'cache-control': 'no-store' } });
	});
