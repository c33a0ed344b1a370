/**
 * The phone's own script in the production build (`scripts/vite-phone-build.js`): the join link's page is rendered
 * by SvelteKit without its client (`csr = false` in `src/routes/s/[code]/+page.ts`), and this small entry hydrates
 * what the server sent, with a Svelte runtime that holds only what the phone uses. Links out of the phone are
 * ordinary page loads.
 *
 * Hydrating, not drawing anew: on a slow connection the page is on screen a second or more before its script runs,
 * and what the person did meanwhile (the language list opened, a field focused, the page scrolled) stays, because
 * the server's nodes are kept. `Phone.svelte` has SvelteKit's root's blocks around the page, so the markers match;
 * the page needs nothing from the server but its address (`app-state.ts`), so there is no data to hand over.
 *
 * Before hydrating: its language's phone texts (a chunk of their own for every language but English), so that the
 * first screen in the browser says what the server's did. Without a connection the phone starts in English rather
 * than not at all (Svelte then puts the English texts in the server's nodes).
 */
import { hydrate } from 'svelte';
import { isLanguage } from '$lib/i18n/languages';
import { loadLocale } from '$lib/i18n/locale-chunks';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';
import Page from '../routes/s/[code]/+page.svelte';
import { chooseLanguage } from '../routes/s/[code]/language';
import Layout from './Layout.svelte';
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
	// A language picked in the bar's list while the script was on its way (a browser that runs scripts has no
	// button to send it: `PhoneBar.svelte`) is applied as a choice made now would be: the page again, in it.
	// (Hydrating would put the list back on the page's language.)
	const list = document.querySelector<HTMLSelectElement>('form.lang select[name="language"]');
	const picked = list && !list.selectedOptions[0]?.defaultSelected ? list.value : null;
	if (isLanguage(picked) && picked !== locale) {
		void chooseLanguage(picked, null);
		return;
	}
	// The server's rendering is in `app.html`'s one element of the body, as SvelteKit's client would find it.
	const target = document.body.firstElementChild ?? document.body;
	hydrate(Phone, { target, props: { layout: Layout, page: Page } });
}

void start();
