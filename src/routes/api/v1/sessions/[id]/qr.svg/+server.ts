/** `GET /api/v1/sessions/{id}/qr.svg`: the QR code of the phones' join link, made on this server. */
import { getDb } from '$lib/server/db';
import { chooseOrigin, phoneUrl, qrSvg } from '$lib/server/live/phones/addresses';
import { addressOptions, answer, resolveViewer } from '$lib/server/live/http/http';
import { readSessionState } from '$lib/server/live/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	answer(async () => {
		const db = getDb();
		const sessionId = event.params.id;
		resolveViewer(db, event, sessionId);
		const state = readSessionState(db, sessionId);
		const origin = chooseOrigin(state.controls.origin, addressOptions(event));
		const svg = await qrSvg(phoneUrl(origin, state.joinCode ?? ''));
		return new Response(svg, {
			headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }
		});
	});
