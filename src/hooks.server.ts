import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
	extractLocaleFromRequest,
	getLocale,
	getServerAsyncLocalStorage,
	getTextDirection,
	overwriteServerAsyncLocalStorage,
	strategy
} from '$lib/paraglide/runtime';
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

/** Paraglide's per-request store, where `getLocale()` and the messages find the request's language. */
function localeStore(): NonNullable<ReturnType<typeof getServerAsyncLocalStorage>> {
	let store = getServerAsyncLocalStorage();
	if (!store) {
		store = new AsyncLocalStorage();
		overwriteServerAsyncLocalStorage(store);
	}
	return store;
}

// The language lives in a cookie or the browser's languages, never in the address: nothing to redirect or strip.
if (strategy.includes('url'))
	throw new Error('the i18n hook assumes no URL strategy (project.inlang/settings.json)');

/**
 * The language of the request (its cookie, else the browser's languages), for messages and the page's `lang`:
 * what Paraglide's `paraglideMiddleware` sets up, without its copies of the request. The middleware clones the
 * request it is given (`new Request(request.clone())`, after this hook had made one without a body), so every API
 * call built three requests where SvelteKit builds one, and each copy follows the original's abort signal; in the
 * meetings bench's allocation profile those signals were the largest kind of object that outlived a
 * young-generation collection (issue 14, `docs/benchmarks.md`). With no URL strategy the middleware has nothing
 * else to do: no redirect, no path to strip.
 */
const i18n: Handle = ({ event, resolve }) => {
	const locale = extractLocaleFromRequest(event.request);
	return localeStore().run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		})
	);
};

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
