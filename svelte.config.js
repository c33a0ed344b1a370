import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// A page's small stylesheets come inside its HTML (a phone on a slow network waits for no further round
		// trip before it can draw); bigger ones stay files the browser caches. The phone's screens of later phases
		// carry their styles in their own script (`<svelte:options css="injected" />`), so the join link's page
		// gets only the styles of the screen it shows.
		inlineStyleThreshold: 8 * 1024,
		// Nothing is loaded from elsewhere (the app runs offline). SvelteKit adds a nonce for its own inline
		// script; inline styles stay allowed because Svelte sets style attributes (transitions, style: props).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self'],
				'object-src': ['none'],
				'base-uri': ['self']
			}
		},
		typescript: {
			// Type-check the CLI scripts and root configs with the app.
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../drizzle.config.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
