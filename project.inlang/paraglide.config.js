/**
 * Paraglide's options, read alike by the command line (`scripts/generate.js`, `npm run check`) and the Vite plugin
 * (build, dev, Vitest), so that every one of them writes the same `src/lib/paraglide/`. When they differed, the build
 * and Vitest rewrote (or deleted) files that ESLint and svelte-check were reading, and no check could run beside them.
 */
export default {
	outdir: './src/lib/paraglide',
	// Phones pick a language once; the choice lives in a cookie. Otherwise the browser's language, else English.
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	// One module per message, which the bundler tree-shakes; the browser build moves each language but English into
	// chunks of its own (scripts/vite-locale-chunks.js).
	outputStructure: 'message-modules'
};
