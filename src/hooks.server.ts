import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getTextDirection } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';

/** Opens the database and applies the committed migrations before the first request is served. */
export const init: ServerInit = () => {
	getDb();
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

/** Placeholder until sign-in lands: nobody is signed in. Replaced by the auth handle. */
const auth: Handle = ({ event, resolve }) => {
	event.locals.staff = null;
	event.locals.authSessionId = null;
	return resolve(event);
};

export const handle = sequence(securityHeaders, auth, i18n);
