/**
 * Calendar days (`YYYY-MM-DD`, as due dates and review dates are stored) in words, in the reader's language.
 * A day is not a moment: it is formatted in UTC so that it never shifts by a time zone.
 */
export function formatDay(day: string, locale: string, style: 'long' | 'medium' | 'full' = 'long'): string {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
	if (Number.isNaN(ms)) return day;
	try {
		return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(ms);
	} catch {
		return new Intl.DateTimeFormat('en', { dateStyle: style, timeZone: 'UTC' }).format(ms);
	}
}

/**
 * The locale to write dates in: the device's own variant of the language the page is in (`en-GB` rather than
 * `en` on a British phone, so the day comes before the month), else the page's language.
 */
export function dayLocale(pageLocale: string, preferred: readonly string[] = []): string {
	const base = pageLocale.toLowerCase().split('-')[0];
	return preferred.find((tag) => tag.toLowerCase().split('-')[0] === base) ?? pageLocale;
}

/** `dayLocale` for this browser (the page's language on the server). */
export function browserDayLocale(pageLocale: string): string {
	return dayLocale(pageLocale, typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** Today on this device's calendar as `YYYY-MM-DD` (for a date field's `min`). */
export function today(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
