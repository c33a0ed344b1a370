import type { Handle, RequestEvent, ServerInit } from '@sveltejs/kit';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
	extractLocaleFromRequest,
	getServerAsyncLocalStorage,
	getTextDirection,
	overwriteServerAsyncLocalStorage,
	type Locale,
	strategy
} from '$lib/paraglide/runtime';
import { setupPrompt } from '$lib/server/auth/setup-gate';
import { readConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { claimServerPidFile } from '$lib/server/db/storage';
import { refusedWrite } from '$lib/server/http/storage-guard';
import { limitHeapGrowth } from '$lib/server/heap';
import { startRetention } from '$lib/server/retention';
import {
	clearSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSession
} from '$lib/server/auth/sessions';
import { compressPage } from '$lib/server/http/compress';
import { cacheControl, strictTransportSecurity } from '$lib/server/http/headers';
import { allowEarlyJoin, earlyJoinTag, phoneScriptTags } from '$lib/server/http/phone-scripts';
import { createLane, laneSettings, offerLane } from '$lib/server/http/lane';
import * as contributions from './routes/api/v1/sessions/[id]/contributions/+server';
import * as commands from './routes/api/v1/sessions/[id]/commands/+server';

/**
 * Opens the database and applies the committed migrations before the first request is served; then deletes raw
 * data past its retention period, now and hourly (the outcome reports stay). Marks the database file as served
 * (the pid file `npm run restore` checks) and decides whether open setup is safe (see `auth/setup-gate.ts`).
 * First, how far the heap may grow (`heap.ts`: a hall's phones joining at once must not leave the server holding
 * memory it no longer uses).
 */
export const init: ServerInit = () => {
	limitHeapGrowth();
	const db = getDb();
	const { databasePath } = readConfig();
	claimServerPidFile(databasePath);
	const prompt = setupPrompt(db, databasePath);
	if (prompt) console.error(prompt);
	startRetention();
	// The live session's two busiest requests through this file's `handle`, without SvelteKit's web objects
	// (`http/lane.ts`); `npm start` puts the lane in front of SvelteKit (not with HEARTH_LANE=off).
	offerLane(
		createLane(
			handle,
			{
				contributions: { id: '/api/v1/sessions/[id]/contributions', POST: contributions.POST },
				commands: { id: '/api/v1/sessions/[id]/commands', POST: commands.POST }
			},
			laneSettings(process.env)
		)
	);
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
	throw new Error('the request hook assumes no URL strategy (project.inlang/settings.json)');

/** The headers every response leaves with (src/lib/server/http/headers.ts has the rules). */
function setSecurityHeaders(event: RequestEvent, response: Response): void {
	response.headers.set('Cache-Control', cacheControl(event.route.id, response.headers.get('cache-control')));
	const hsts = strictTransportSecurity(event.url);
	if (hsts) response.headers.set('Strict-Transport-Security', hsts);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

/**
 * Who is signed in: the `hearth_session` cookie is looked up (by its hash) on every request. A session that
 * has expired, been ended or whose account was switched off clears the cookie; a live one slides forward.
 */
function authenticate(event: RequestEvent): void {
	event.locals.staff = null;
	event.locals.authSessionId = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return;
	const session = validateSession(getDb(), token);
	if (session) {
		event.locals.staff = session.principal;
		event.locals.authSessionId = session.id;
		if (session.refreshed) setSessionCookie(event, token, session.expiresAt);
	} else {
		clearSessionCookie(event);
	}
}

/**
 * The page's language and direction, and on the phone's page (which in production comes without SvelteKit's
 * client, `csr = false`) the phone's own build (`scripts/vite-phone-build.js`): its early join at the top of the
 * head (the page's one inline script, allowed by its hash), then the entry and what it imports, from this origin,
 * with the phone texts of the page's language.
 */
function pageChunk(event: RequestEvent, locale: Locale): (input: { html: string }) => string {
	const phone = event.route.id === PHONE_ROUTE;
	const tags = phone ? phoneScriptTags(locale) : '';
	const early = phone ? earlyJoinTag() : '';
	return ({ html }) => {
		const page = html
			.replace('%paraglide.lang%', locale)
			.replace('%paraglide.dir%', getTextDirection(locale))
			.replace('%hearth.early%', () => early);
		return tags ? page.replace('</head>', `${tags}</head>`) : page;
	};
}

const PHONE_ROUTE = '/s/[code]';

/** The phone's page allows its early join's inline script, by its hash (`earlyJoinTag`). */
function allowPhoneScript(event: RequestEvent, response: Response): void {
	const policy = event.route.id === PHONE_ROUTE && response.headers.get('content-security-policy');
	if (policy) response.headers.set('content-security-policy', allowEarlyJoin(policy));
}

/**
 * Every request, in this order:
 * 1. who is signed in (`authenticate`);
 * 2. the request's language (its cookie, else the browser's languages) in Paraglide's per-request store, for the
 *    messages and the page's `lang`. This is what Paraglide's `paraglideMiddleware` sets up, without its copies of
 *    the request: it cloned the request twice and each copy followed the original's abort signal, the largest kind
 *    of object that outlived a young-generation collection in the meetings bench (issue 14, `docs/benchmarks.md`).
 *    With no URL strategy the middleware has nothing else to do: no redirect, no path to strip;
 * 3. inside that language, writes are refused while the storage is broken (`http/storage-guard.ts`), so that the
 *    refusal is in the person's language; otherwise the app answers;
 * 4. whatever answered, the security headers, then compression for public pages without the repeated `Link`
 *    header (`http/compress.ts`), which must see every header the others set.
 * One hook rather than SvelteKit's `sequence` of six: `sequence` wraps each in a tracing span, a run of its request
 * store and two promises, on every request (issue 14).
 */
export const handle: Handle = async ({ event, resolve }) => {
	authenticate(event);
	const locale = extractLocaleFromRequest(event.request);
	const response = await localeStore().run(
		{ locale, origin: event.url.origin, messageCalls: new Set() },
		() => refusedWrite(event) ?? resolve(event, { transformPageChunk: pageChunk(event, locale) })
	);
	setSecurityHeaders(event, response);
	allowPhoneScript(event, response);
	return compressPage(event.route.id, event.request, response, { staffSignedIn: !!event.locals.staff });
};
