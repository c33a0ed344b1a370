import { test as base, expect } from '@playwright/test';

/** Every test talks to the production server that global setup started on a free port. */
export const test = base.extend({
	// Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
	// eslint-disable-next-line no-empty-pattern
	baseURL: async ({}, use) => {
		const url = process.env.HEARTH_BASE_URL;
		if (!url) throw new Error('HEARTH_BASE_URL is not set: global setup did not start the server');
		await use(url);
	}
});

export { expect };
