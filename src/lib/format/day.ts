/**
 * Calendar days (`YYYY-MM-DD`, as due dates and review dates are stored) and the reader's locale. The formats
 * themselves live in `dates.ts` (one per language, everywhere); this module keeps the names the screens import.
 */
import { formatDay as houseDay, readerLocale } from './dates';

/**
 * A stored day in words, in the house format of `dates.ts`. `_style` is no longer read (one format everywhere);
 * it stays so that callers written before need no change in the same step.
 */
export function formatDay(day: string, locale: string, _style?: 'long' | 'medium' | 'full'): string {
	return houseDay(day, locale);
}

/** See `readerLocale` in `dates.ts`. */
export const dayLocale = readerLocale;

/** `dayLocale` for this browser (the page's language on the server). */
export function browserDayLocale(pageLocale: string): string {
	return readerLocale(pageLocale, typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** Today on this device's calendar as `YYYY-MM-DD` (for a date field's `min`). */
export function today(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
