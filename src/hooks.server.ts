import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';
import { setupPrompt } from '$lib/server/auth/setup-gate';
import { readConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { claimServerPidFile } from '$lib/server/db/storage';
import { storageGuard } from '$lib/server/http/storage-guard';
import { startRetention } from '$lib/server/retention';
import {
	clearSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSession
} from '$lib/server/auth/sessions';
import { compressPage } from '$lib/server/http/compress';
import { cacheControl, strictTransportSecurity } from '$lib/server/http/headers';
import { phoneScriptTags } from '$lib/server/http/phone-scripts';

/**
 * Opens the database and applies the committed migrations before the first request is served; then deletes raw
 * data past its retention period, now and hourly (the outcome reports stay). Marks the database file as served
 * (the pid file `npm run restore` checks) and decides whether open setup is safe (see `auth/setup-gate.ts`).
 */
export const init: ServerInit = () => {
	const db = getDb();
	const { databasePath } = readConfig();
	claimServerPidFile(databasePath);
	const prompt = setupPrompt(db, databasePath);
	if (prompt) console.error(prompt);
	startRetention();
};

/**
 * The language of the request (its cookie, else the browser's languages), for messages and the page's `lang`.
 * Paraglide clones the request it is given, teeing its body through web streams; it needs only the address and
 * the headers (there is no language in the path), so it gets a copy without a body, and the route reads the body
 * of the request itself: one less copy of every phone's submission on the way to the room.
 */
const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(new Request(event.request.url, { headers: event.request.headers }), ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		})
	);

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('Cache-Control', cacheControl(event.route.id, response.headers.get('cache-control')));
	const hsts = strictTransportSecurity(event.url);
	if (hsts) response.headers.set('Strict-Transport-Security', hsts);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

/**
 * Who is signed in: the `hearth_session` cookie is looked up (by its hash) on every request. A session that
 * has expired, been ended or whose account was switched off clears the cookie; a live one slides forward.
 */
const auth: Handle = ({ event, resolve }) => {
	event.locals.staff = null;
	event.locals.authSessionId = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = validateSession(getDb(), token);
		if (session) {
			event.locals.staff = session.principal;
			event.locals.authSessionId = session.id;
			if (session.refreshed) setSessionCookie(event, token, session.expiresAt);
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};

/** Public pages leave compressed and without the repeated `Link` header (`http/compress.ts`, issue 14). */
const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return compressPage(event.route.id, event.request, response, { staffSignedIn: !!event.locals.staff });
};

/**
 * The phone's page in production comes without SvelteKit's client (`csr = false`): its head names the phone's own
 * build (`scripts/vite-phone-build.js`), the entry and what it imports, all from this origin (the CSP's
 * `script-src 'self'`; no inline script), with the phone texts of the page's language.
 */
const phoneScripts: Handle = ({ event, resolve }) => {
	const tags = event.route.id === '/s/[code]' ? phoneScriptTags(getLocale()) : '';
	if (!tags) return resolve(event);
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('</head>', `${tags}</head>`) });
};

// The storage guard runs inside i18n, so that its refusal is in the person's language. Compression comes first,
// so that it sees the response with every header the others set.
export const handle = sequence(compression, securityHeaders, auth, i18n, phoneScripts, storageGuard);
