/**
 * Calendar days (`YYYY-MM-DD`, as due dates and review dates are stored) in words, in the reader's language.
 * A day is not a moment: it is formatted in UTC so that it never shifts by a time zone.
 */
export function formatDay(day: string, locale: string, style: 'long' | 'medium' | 'full' = 'long'): string {
	const ms = Date.parse(`${day}T00:00:00Z`);
	if (Number.isNaN(ms)) return day;
	return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(ms);
}

/** Today on this device's calendar as `YYYY-MM-DD` (for a date field's `min`). */
export function today(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
