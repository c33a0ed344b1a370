import { json } from '@sveltejs/kit';
import { databaseReachable } from '$lib/server/db';
import { APP_VERSION } from '$lib/version';
import type { RequestHandler } from './$types';

/** Liveness and readiness in one: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = () => {
	const database = databaseReachable();
	return json(
		{
			status: database ? 'ok' : 'degraded',
			version: APP_VERSION,
			database: database ? 'reachable' : 'unreachable'
		},
		{ status: database ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
