import { dev } from '$app/environment';

/**
 * In production the phone's page comes without SvelteKit's client: its own build (`src/phone/main.ts`,
 * `scripts/vite-phone-build.js`) hydrates it, in far fewer bytes than SvelteKit's router and every page's runtime
 * (issue 14); `hooks.server.ts` names that build's scripts in the page's head. The dev server keeps SvelteKit's
 * client (with its hot reloading).
 */
export const csr = dev;
