/**
 * Before the page hydrates: its language's texts, so that the first render in the browser matches the page the
 * server sent (see `src/lib/i18n/locale-chunks.ts`); on the phone's pages only the phone's part. Without a
 * connection the page stays readable: the server rendered it, and texts the browser adds later are in English.
 */
import { isPhonePath, loadLocale } from '$lib/i18n/locale-chunks';
import { getLocale } from '$lib/paraglide/runtime';

export async function init(): Promise<void> {
	const parts = isPhonePath(location.pathname) ? (['phone'] as const) : undefined;
	await loadLocale(getLocale(), parts).catch(() => undefined);
}
