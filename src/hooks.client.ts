/**
 * Before the page hydrates: its language's texts, so that the first render in the browser matches the page the
 * server sent (see `src/lib/i18n/locale-chunks.ts`); on the phone's pages only the phone's parts (its first and
 * its later screens': with SvelteKit's client, that is the join form `/s` and the phone itself in `vite dev`). The
 * observer's page (`/s/<code>/watch`) shows the projector's texts too, and loads every part. Without a connection
 * the page stays readable: the server rendered it, and texts the browser adds later are in English.
 */
import { isPhonePath, loadLocale } from '$lib/i18n/locale-chunks';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';

export async function init(): Promise<void> {
	const locale = getLocale();
	const parts = isPhonePath(location.pathname) ? (['phone', 'later'] as const) : undefined;
	await loadLocale(locale, parts).catch(() => undefined);
	// The document says the language the browser renders in. They differ only when the language changed while the
	// page was being fetched (a phone switching twice in a row): what is drawn from now on is in this one.
	const root = document.documentElement;
	if (root.lang !== locale) {
		root.lang = locale;
		root.dir = getTextDirection(locale);
	}
}
