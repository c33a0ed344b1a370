/**
 * The languages this browser has loaded (see `scripts/vite-locale-chunks.js`). The base language is in every page;
 * each other language comes in three chunks, loaded when needed: the texts of the phone's first screens (`phone`),
 * those of the screens the phone loads later (`later`, with those screens), and the rest.
 */
import loaders from 'virtual:hearth-locale-loaders';
import { baseLocale, isLocale } from '$lib/paraglide/runtime';

type Messages = Record<string, unknown>;
export type LocalePart = 'phone' | 'later' | 'rest';

const loaded = new Map<string, Messages>();
const pending = new Map<string, Promise<void>>();

/** The object Paraglide's index reads a language's messages from: empty until `loadLocale()` has filled it. */
export function localeMessages(locale: string): Messages {
	let messages = loaded.get(locale);
	if (!messages) {
		messages = {};
		loaded.set(locale, messages);
	}
	return messages;
}

/**
 * The phone's pages (the join page and the phone), which need only the `phone` part before they draw. Not the
 * observer's page (`/s/<code>/watch`): it shows the projector's texts, which are in the rest.
 */
export function isPhonePath(pathname: string): boolean {
	return pathname === '/s' || (pathname.startsWith('/s/') && !/^\/s\/[^/]+\/watch\/?$/.test(pathname));
}

/**
 * Loads the parts of a language a page needs (each once); resolves at once for the base language. A lost
 * connection rejects, and a later call tries again.
 */
export function loadLocale(
	locale: string,
	parts: readonly LocalePart[] = ['phone', 'later', 'rest']
): Promise<void> {
	if (locale === baseLocale || !isLocale(locale)) return Promise.resolve();
	const chunks = loaders[locale];
	if (!chunks) return Promise.resolve();
	return Promise.all(
		parts.map((part) => {
			const id = `${locale}/${part}`;
			const load = chunks[part];
			// A build that offers no such part (the phone's own has no `rest`): nothing of it to wait for.
			if (!load) return Promise.resolve();
			let loading = pending.get(id);
			if (!loading) {
				loading = load().then(
					(module) => {
						Object.assign(localeMessages(locale), module);
					},
					(error: unknown) => {
						pending.delete(id);
						throw error;
					}
				);
				pending.set(id, loading);
			}
			return loading;
		})
	).then(() => undefined);
}
