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
		typescript: {
			// Type-check the CLI scripts and root configs with the app.
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../drizzle.config.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
