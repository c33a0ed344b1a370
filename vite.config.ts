import os from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { localeChunks } from './scripts/vite-locale-chunks.js';
import { messageFormats } from './scripts/vite-message-formats.js';
import { phoneBuild } from './scripts/vite-phone-build.js';

export default defineConfig(({ command }) => ({
	plugins: [
		sveltekit(),
		// The messages are compiled by `scripts/generate.js` (at `npm install`, before every build and in `npm test`),
		// with the options in project.inlang/paraglide.config.js. Only the dev server compiles them itself, again on
		// every change; a build or Vitest compiling them once more cost about 15 CPU seconds each with eight languages.
		command === 'serve' && !process.env.VITEST
			? paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide' })
			: null,
		// The messages' plural rules and number formats, built once and kept (not at every call, as Paraglide's).
		messageFormats(),
		// In the browser, each language but English is a chunk of its own, loaded when it is the page's language.
		localeChunks({ baseLocale: 'en' }),
		// The phone's page without SvelteKit's client: its own build, whose files the page's head names.
		phoneBuild({ baseLocale: 'en' })
	],
	test: {
		expect: { requireAssertions: true },
		// Vitest's default is one worker fewer than the cores: one on the 2-core CI machine. Many specs mostly wait
		// (on argon2, on a server or script in a child process), so a worker per core keeps both cores busy.
		maxWorkers: os.availableParallelism(),
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.{test,spec}.{js,ts}', 'tests/integration/**/*.{test,spec}.{js,ts}'],
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}', '**/*.isolated.{test,spec}.ts'],
					testTimeout: 20_000,
					// The files of a worker share one module graph: each module is transformed and imported once per
					// worker rather than once per file (about a third of the suite's CPU). Every spec opens its own
					// database and server, so they share no state through modules. A spec that replaces a module
					// (`vi.mock`) or loads something that changes globals (drizzle-kit's API adds
					// `Array.prototype.random`, which pdf.js refuses) would do it for the others: it is named
					// `*.isolated.spec.ts` and runs in the project below, a fresh module graph per file.
					isolate: false
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'isolated',
					environment: 'node',
					include: ['src/**/*.isolated.{test,spec}.ts', 'tests/integration/**/*.isolated.{test,spec}.ts'],
					testTimeout: 20_000
				}
			}
		]
	}
}));
