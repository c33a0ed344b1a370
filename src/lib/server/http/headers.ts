/**
 * Response headers that keep what staff and the wall show out of caches, and a browser on https. Pure, so the
 * rule is read (and tested) in one place; `hooks.server.ts` applies it to everything the app renders. Static files
 * are served by adapter-node before any hook runs: `scripts/start.js` gives them `nosniff` itself.
 */

/**
 * Routes whose responses carry session data, staff data or sign-in secrets: the staff pages (console and reports
 * included), the projector, the JSON API and the account pages. Their responses are never stored by a browser
 * or a proxy, whatever a route set: a shared laptop's back button or cache must not show them to the next person.
 */
const PRIVATE_ROUTES = [
	'/(staff)',
	'/projector',
	'/api/',
	'/login',
	'/logout',
	'/setup',
	'/invite',
	'/reset'
];

export function isPrivateRoute(routeId: string | null): boolean {
	return routeId !== null && PRIVATE_ROUTES.some((prefix) => routeId.startsWith(prefix));
}

/**
 * The Cache-Control a response leaves with. Private routes: `no-store` (a route's own `private, no-store` stays).
 * Any other page the app renders: `no-store` unless the route chose something itself — each carries a fresh CSP
 * nonce and the reader's language, so a stored copy would be wrong for the next reader anyway.
 */
export function cacheControl(routeId: string | null, current: string | null): string {
	if (current !== null && /(^|[\s,])no-store([\s,]|$)/i.test(current)) return current;
	if (isPrivateRoute(routeId) || current === null) return 'no-store';
	return current;
}

/**
 * HSTS for requests that came in over https (adapter-node decides that from ORIGIN or PROTOCOL_HEADER; see
 * start.js): a year, so a browser never tries plain http for this host again. No `includeSubDomains`: Hearth often
 * runs on one name of an organisation's domain whose other hosts it knows nothing about. Over http it is never
 * sent (browsers would ignore it, and a hall laptop on http must stay reachable).
 */
export const HSTS = 'max-age=31536000';

export function strictTransportSecurity(url: URL): string | null {
	return url.protocol === 'https:' ? HSTS : null;
}
