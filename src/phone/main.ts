/**
 * The phone's own script in the production build (`scripts/vite-phone-build.js`): the join link's page is rendered
 * by SvelteKit without its client (`csr = false` in `src/routes/s/[code]/+page.ts`), and this small entry draws the
 * phone over what the server sent, with a Svelte runtime that holds only what the phone uses. Links out of the
 * phone are ordinary page loads.
 *
 * Before the phone draws: its language's phone texts (a chunk of their own for every language but English), so
 * that the first screen in the browser says what the server's did. Without a connection the phone draws in English
 * rather than not at all.
 */
import { mount } from 'svelte';
import { loadLocale } from '$lib/i18n/locale-chunks';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';
import Phone from './Phone.svelte';

async function start(): Promise<void> {
	const locale = getLocale();
	await loadLocale(locale, ['phone']).catch(() => undefined);
	// The document says the language the browser draws in (they differ only when the language changed while the
	// page was being fetched).
	const root = document.documentElement;
	if (root.lang !== locale) {
		root.lang = locale;
		root.dir = getTextDirection(locale);
	}
	// The server's rendering of the page (in `app.html`'s one element of the body) gives way to the live phone,
	// drawn the same.
	const target = document.body.firstElementChild ?? document.body;
	target.replaceChildren();
	mount(Phone, { target });
}

void start();
