// live/http: the edge of the live JSON API; reading requests, recognising who asks, answering with problems.
/**
 * The edge of the live JSON API: reading JSON bodies (16 KB at most), recognising who asks (projector link,
 * signed-in staff, or a phone's cookie), and turning every error into RFC 9457 problem details with a readable
 * message, so that a phone can show it and keep what the person typed.
 */
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { problem } from '../../http/problem';
import { SessionNotFoundError, RevisionConflictError } from '../../sessions/service';
import type { Db } from '../../db';
import { noteStorageFailure } from '../../db/storage';
import {
	findParticipant,
	isDisplayToken,
	isWatchCode,
	mayRunSession,
	type ParticipantPrincipal
} from './access';
import type { AddressOptions } from '../phones/addresses';
import { LiveError } from '../errors';
import { participantCookieName } from '../commands/sessions';
import type { StreamViewer } from '../streams/stream';

/** Largest JSON body the live API reads: a contribution is at most 500 characters. */
export const JSON_BODY_LIMIT = 16 * 1024;

/** A request's body as `readJson` reads it: a web `Request`'s, or one the lane has read (`http/lane.ts`). */
export interface JsonBody {
	getReader(): {
		read(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: Uint8Array }>;
		cancel(): Promise<void>;
	};
}

/** A JSON content type (`application/json`, or `application/…+json`), with or without parameters. */
export const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Reads a JSON body: 415 for another content type, 413 over 16 KB, 400 for malformed JSON. */
export async function readJson(
	request: { readonly headers: Pick<Headers, 'get'>; readonly body: JsonBody | null },
	limit = JSON_BODY_LIMIT
): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!JSON_CONTENT_TYPE.test(type)) {
		throw new LiveError(415, 'invalid', m.live_error_json_expected(), { title: 'Unsupported media type' });
	}
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limit) throw new LiveError(413, 'invalid', m.live_error_too_large({ limit: limit / 1024 }));
	const reader = request.body?.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (reader) {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel();
				throw new LiveError(413, 'invalid', m.live_error_too_large({ limit: limit / 1024 }));
			}
			chunks.push(value);
		}
	}
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new LiveError(400, 'invalid', m.live_error_malformed_json());
	}
}

/**
 * Resolves in the next turn of the event loop. A commit hands its events to every open stream at once, but Node
 * writes them to the sockets only when the code running now has finished: a route that has more to compute after
 * its commit waits for this first, so that the room gets the events before the work on the answer starts.
 */
export function nextTurn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** The problem-details response of an error; unexpected errors are logged and answered with a plain 500. */
export function problemOf(error: unknown): Response {
	if (error instanceof LiveError) {
		const { errors, retryAfterSeconds, ...extra } = error.extra;
		const headers: Record<string, string> = retryAfterSeconds
			? { 'retry-after': String(retryAfterSeconds) }
			: {};
		return problem(
			error.status,
			error.message,
			{
				code: error.code,
				...extra,
				...(errors ? { errors } : {}),
				...(retryAfterSeconds ? { retryAfterSeconds } : {})
			},
			headers
		);
	}
	if (error instanceof SessionNotFoundError) {
		return problem(404, m.live_error_session_not_found(), { code: 'sessionNotFound' });
	}
	if (error instanceof RevisionConflictError) {
		return problem(409, m.live_error_stale_revision(), { code: 'staleRevision' });
	}
	if (noteStorageFailure(error)) {
		// The disk refused the write (it was rolled back): a plain 503, not a 500, and /healthz reports it.
		return problem(
			503,
			m.live_error_storage_full(),
			{ title: m.live_error_storage_title(), code: 'storageFull' },
			{ 'retry-after': '60' }
		);
	}
	console.error(error);
	return problem(500, m.live_error_unexpected(), { title: 'Something went wrong', code: 'unexpected' });
}

/** Runs a handler, answering any error as problem details. */
export async function answer(handler: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (error) {
		return problemOf(error);
	}
}

/** The addresses context of a request: its origin (protocol and port for LAN addresses). */
export function addressOptions(event: Pick<RequestEvent, 'url'>): AddressOptions {
	return { requestOrigin: event.url.origin };
}

/** Cookie options of the participant cookie: HttpOnly, SameSite=Lax, whole site, Secure over HTTPS. */
export function participantCookieOptions(url: URL) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		// A laptop in a hall serves plain HTTP on its LAN address: Secure there would drop the cookie.
		secure: url.protocol === 'https:',
		// A meeting lasts an evening; the cookie need not outlive a day.
		maxAge: 24 * 60 * 60
	};
}

export function participantToken(cookies: Cookies, sessionId: string): string | undefined {
	return cookies.get(participantCookieName(sessionId));
}

/** The phone behind the request, or a 401 telling it to join first. */
export function requireParticipant(
	db: Db,
	event: Pick<RequestEvent, 'cookies'>,
	sessionId: string
): ParticipantPrincipal {
	const found = findParticipant(db, sessionId, participantToken(event.cookies, sessionId));
	if (!found) throw new LiveError(401, 'signInRequired', m.live_error_join_first());
	return found;
}

/**
 * Who is asking about a session: the projector when `?display=` holds the current link's token (checked first,
 * so a signed-in facilitator can open the projector on the same laptop), then staff who may run the session,
 * then a phone that joined it. 401 for anyone else; a wrong display token is 401 too, whoever else asks.
 * `?watch=` with the session's join code is an observer (the wall's content only); a wrong one is 404.
 */
export function resolveViewer(
	db: Db,
	event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>,
	sessionId: string
): StreamViewer {
	const display = event.url.searchParams.get('display');
	if (display !== null) {
		if (isDisplayToken(db, sessionId, display)) return { role: 'display' };
		throw new LiveError(401, 'signInRequired', m.live_error_display_link());
	}
	// An observer: the session's join code, which the room sees on the wall; it opens the wall's content only.
	const watch = event.url.searchParams.get('watch');
	if (watch !== null) {
		if (isWatchCode(db, sessionId, watch)) return { role: 'observer' };
		throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
	}
	const staff = event.locals.staff;
	if (staff && mayRunSession(db, staff, sessionId)) return { role: 'staff', staff };
	const participant = findParticipant(db, sessionId, participantToken(event.cookies, sessionId));
	if (participant) return { role: 'participant', participant };
	if (staff) throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
	throw new LiveError(401, 'signInRequired', m.live_error_join_first());
}

/** The reconnect cursor: `Last-Event-ID` header, or `?lastEventId=` (EventSource cannot set headers at first). */
export function lastEventIdOf(request: Request, url: URL): number | null {
	const raw = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
	if (raw === null || !/^\d{1,15}$/.test(raw.trim())) return null;
	return Number(raw.trim());
}
