import { json } from '@sveltejs/kit';
import { databaseReachable } from '$lib/server/db';
import { storageProblem } from '$lib/server/db/storage';
import { APP_VERSION } from '$lib/version';
import type { RequestHandler } from './$types';

/**
 * Liveness and readiness in one: 200 when the database answers and can take writes; 503 when it does not answer,
 * when its file was deleted or replaced under the running server (`missing`, `replaced`), or when the disk is full
 * (`full`). `storage` says which, so that a monitor can tell an operator what to fix.
 */
export const GET: RequestHandler = () => {
	const reachable = databaseReachable();
	const storage = reachable ? (storageProblem() ?? 'ok') : 'unreachable';
	const healthy = storage === 'ok';
	return json(
		{
			status: healthy ? 'ok' : 'degraded',
			version: APP_VERSION,
			database: reachable ? 'reachable' : 'unreachable',
			storage
		},
		{ status: healthy ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
