import { getLocale, setLocale } from '$lib/paraglide/runtime';

/** Reloads the page in that language; drafts and the queue are in localStorage, so nothing is lost. */
export function chooseLanguage(next: 'en' | 'nl'): void {
	if (next !== getLocale()) void setLocale(next);
}
