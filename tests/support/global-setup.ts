import type { FullConfig } from '@playwright/test';
import { startServer } from './server';

/** One production server for the whole end-to-end run; tests that restart a server start their own. */
export default async function globalSetup(_config: FullConfig) {
	const server = await startServer();
	process.env.HEARTH_BASE_URL = server.baseUrl;
	process.env.HEARTH_DATABASE_PATH = server.databasePath;
	return async () => {
		await server.stop();
	};
}
