import { test as base, expect } from '@playwright/test';
import { startServer, type RunningServer } from './server';

/**
 * Every Playwright worker runs its own production server (the one build, `scripts/start.js --no-build`) on a free
 * port with a database file of its own, so that workers run side by side without seeing each other's data.
 *
 * The server is an automatic worker fixture: it starts before the worker's first hook or test, `beforeAll` hooks
 * included, and stops when the worker ends. It also sets HEARTH_BASE_URL and HEARTH_DATABASE_PATH in the worker's
 * environment (each worker is its own process), which the helpers that run the setup and demo scripts read.
 */
export const test = base.extend<object, { hearthServer: RunningServer }>({
	hearthServer: [
		// Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = await startServer();
			process.env.HEARTH_BASE_URL = server.baseUrl;
			process.env.HEARTH_DATABASE_PATH = server.databasePath;
			try {
				await use(server);
			} finally {
				await server.stop();
			}
		},
		// A cold start under load takes a few seconds; it must not count against the first test.
		{ scope: 'worker', auto: true, timeout: 60_000 }
	],
	baseURL: async ({ hearthServer }, use) => {
		await use(hearthServer.baseUrl);
	}
});

export { expect };
