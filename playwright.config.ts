import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Debian's Chromium. Its old headless shell (`apt-get install chromium-headless-shell`: the same Blink, without the
 * browser's window, profile and UI processes) when installed: the suite takes about a third less time in it. The
 * full browser otherwise, or `CHROMIUM_PATH` (the full one to watch with `--headed`).
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const chromium =
	process.env.CHROMIUM_PATH ?? (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/support/global-setup.ts',
	// Each worker has its own server and database (tests/support/fixtures.ts), so tests spread over the workers one
	// by one; a group whose tests build on each other says so with `test.describe.serial`. Two workers fit the
	// 2-core CI machine (`--workers=1` on the command line to watch one test at a time).
	fullyParallel: true,
	workers: 2,
	retries: 0,
	forbidOnly: !!process.env.CI,
	// Two workers share the two cores, so a test may take up to twice as long as it did alone (was 60 s, one worker).
	timeout: 90_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	outputDir: 'test-results',
	use: {
		// Locally, a trace of every test, kept when it fails: the DOM at each step, without the screencast (a picture
		// of every page many times a second, which was half of Chromium's work in the whole suite). CI keeps only
		// its log, so there no trace is recorded (another eighth of the work); `--trace on` records one anyway.
		trace: process.env.CI ? 'off' : { mode: 'retain-on-failure', screenshots: false },
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }]
});
