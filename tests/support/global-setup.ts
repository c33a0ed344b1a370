import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { ROOT } from './server';

/**
 * Each worker starts its own server from the one production build (see `fixtures.ts`); nothing is built here.
 * Without a build every worker would fail on its own, so say it once, plainly, before any worker starts.
 */
export default function globalSetup(_config: FullConfig) {
	if (!fs.existsSync(path.join(ROOT, 'build', 'index.js')))
		throw new Error('No production build: run `npm run build` first (the end-to-end tests reuse it).');
}
