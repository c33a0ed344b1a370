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
 * The join went before this script arrived (`early-join.ts`, in the page's head); the entry takes its answer.
 * Before hydrating: its language's phone texts (a chunk of their own for every language but English), so that the
 * first screen in the browser says what the server's did. Without a connection the phone starts in English rather
 * than not at all (Svelte then puts the English texts in the server's nodes).
 */
import { hydrate } from 'svelte';
import { isLanguage } from '$lib/i18n/languages';
import { takeEarlyJoin } from '$lib/live/client/early-join';
import { loadLocale } from '$lib/i18n/locale-chunks';
import { getLocale, getTextDirection, overwriteGetLocale } from '$lib/paraglide/runtime';
import Page from '../routes/s/[code]/+page.svelte';
import { chooseLanguage } from '../routes/s/[code]/language';
import { preloadWhileJoining } from '../routes/s/[code]/screens';
import { page } from './app-state';
import Layout from './Layout.svelte';
import Phone from './Phone.svelte';

async function start(): Promise<void> {
	// The page's language is the one the server drew it in (`<html lang>`, from the same cookie and browser
	// languages a moment ago), which is also the one hydrating must match. It is fixed until the page reloads (a new
	// choice reloads it: `chooseLanguage`), so it is read once: Paraglide reads it from the cookie in every task
	// that writes a text, and each read of `document.cookie` waits on the browser's process (1–12 ms of a laptop's
	// CPU in the task that runs this module, 10–20 ms of a slow phone's over the first screens).
	const root = document.documentElement;
	const locale = isLanguage(root.lang) ? root.lang : getLocale();
	overwriteGetLocale(() => locale);
	await loadLocale(locale, ['phone']).catch(() => undefined);
	// A page without a language of the project in its `<html>` says the one the browser draws in.
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
		// The early join's answer first: it sets the participant's cookie, which a reload meanwhile would lose (the
		// server has made the participant by then), and the page in the new language would join again without it,
		// as a second participant. A join without a connection fails at once; one the server never answers is
		// waited for 10 seconds.
		const early = takeEarlyJoin(page.params.code ?? '');
		if (early) {
			await Promise.race([
				early.catch(() => undefined),
				new Promise((resolve) => setTimeout(resolve, 10_000))
			]);
		}
		void chooseLanguage(picked, null);
		return;
	}
	// The screens after the welcome (and the worry screen) are asked for now: the join went before this script
	// arrived (`early-join.ts`), so they are what the phone waits for next.
	if (page.params.code) preloadWhileJoining();
	// Hydrating is a task of its own, after the one that ran the module: on a slow phone neither then holds the
	// page for long (a tap meanwhile is answered between them).
	await nextTask();
	// The server's rendering is in `app.html`'s one element of the body, as SvelteKit's client would find it.
	const target = document.body.firstElementChild ?? document.body;
	hydrate(Phone, { target, props: { layout: Layout, page: Page } });
}

/** Lets the browser do what waits (input, drawing) before going on: `scheduler.yield()` where there is one. */
function nextTask(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (typeof scheduler?.yield === 'function') return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

void start();
