/**
 * One date and time format per language, everywhere a person reads one: the console, the review pages, the outcome
 * report and its PDF and Markdown exports, calendar titles. Every place formats through this module, so that the
 * same moment never reads "Dec 4, 2026, 5:30 AM" on one screen and "4 December 2026 at 05:30" on the next.
 *
 * - A **moment** (stored as milliseconds) reads as a long date and a short time: "4 December 2026 at 05:30".
 * - A **day** (stored as `YYYY-MM-DD`: due dates, review dates) reads as the long date alone, in UTC so that it
 *   never shifts by a time zone: "4 December 2026".
 * - The **locale** is the reader's: the page's language in the reader's own variant of it (`en-GB` rather than
 *   `en` for a British browser, so the day comes before the month), taken from the browser's languages — on the
 *   server from its `Accept-Language` header — and the page's language when the reader names no variant.
 *
 * Machine formats (CSV and JSON exports, the iCalendar file, date fields) keep ISO 8601: they are read by programs.
 * A chart's axis may use `formatShortDay`, with the full date beside it.
 */

const DATE_STYLE = 'long';
const TIME_STYLE = 'short';

/**
 * Every language's dates on the Gregorian calendar with Western digits. A reader's variant may default to another
 * calendar or digits (`ar-SA`: the Hijri calendar, `ar-EG`: Arabic-Indic digits): a due date must be the same day
 * for everyone who reads the agreement, and the rest of Hearth (join codes, counts, the numbers in messages) writes
 * Western digits, as do the server and the browser alike, so a page never changes its digits when it hydrates.
 * The month names, the order and the words stay the reader's.
 */
const SHARED: Intl.DateTimeFormatOptions = { calendar: 'gregory', numberingSystem: 'latn' };

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	try {
		return new Intl.DateTimeFormat(locale, { ...SHARED, ...options });
	} catch {
		// A tag Intl cannot use (a header can say anything): English rather than an error page.
		return new Intl.DateTimeFormat('en', { ...SHARED, ...options });
	}
}

/** A number in the reader's language (`3,5` in German and Polish, `3.5` in English), with `decimals` places. */
export function formatNumber(value: number, locale: string, decimals = 0): string {
	const options: Intl.NumberFormatOptions = {
		minimumFractionDigits: decimals,
		maximumFractionDigits: decimals,
		numberingSystem: 'latn'
	};
	try {
		return new Intl.NumberFormat(locale, options).format(value);
	} catch {
		return new Intl.NumberFormat('en', options).format(value);
	}
}

/** A moment in the reader's language: date and time. */
export function formatMoment(ms: number, locale: string): string {
	return formatter(locale, { dateStyle: DATE_STYLE, timeStyle: TIME_STYLE }).format(ms);
}

/** The day of a moment, without its time (e.g. when raw data was deleted). */
export function formatDate(ms: number, locale: string): string {
	return formatter(locale, { dateStyle: DATE_STYLE }).format(ms);
}

/** The time of a moment alone, for a list within one meeting. */
export function formatTime(ms: number, locale: string): string {
	return formatter(locale, { timeStyle: TIME_STYLE }).format(ms);
}

/** A stored calendar day `YYYY-MM-DD` in words; what it cannot read it gives back as it is. */
export function formatDay(day: string, locale: string): string {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
	if (Number.isNaN(ms)) return day;
	return formatter(locale, { dateStyle: DATE_STYLE, timeZone: 'UTC' }).format(ms);
}

/** A short day under a chart's axis; the full date is in the point's title and the table. */
export function formatShortDay(ms: number, locale: string): string {
	return formatter(locale, { day: 'numeric', month: 'short' }).format(ms);
}

/**
 * The locale to write dates in: the reader's variant of the language the page is in, else the page's language.
 * `preferred` is the reader's languages in order (`navigator.languages`, or `acceptedLanguages` of a request).
 */
export function readerLocale(pageLocale: string, preferred: readonly string[] = []): string {
	const base = pageLocale.toLowerCase().split('-')[0];
	return preferred.find((tag) => tag.toLowerCase().split('-')[0] === base) ?? pageLocale;
}

/** The languages of an `Accept-Language` header, most wanted first (q=0 and `*` left out). */
export function acceptedLanguages(header: string | null | undefined): string[] {
	if (!header) return [];
	return header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q ? Number(q.slice(2)) : 1;
			return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index)
		.map((entry) => entry.tag);
}
