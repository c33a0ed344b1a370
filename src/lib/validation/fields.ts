/**
 * Building blocks for form schemas, shared by the browser and the server. Every field cleans what was typed
 * (Unicode normalised, control characters and everything that could hide or reorder words removed — see
 * `invisible.ts` — trimmed) before it checks it, and every message is a translated plain sentence: valibot calls
 * the message functions at parse time, so they speak the language of the request.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { removeInvisible } from './invisible';

// C0 and C1 control characters except tab, newline and carriage return, which are handled separately.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Something that reads as an HTML tag or comment: `<script>`, `</b>`, `<img src=x>`, `<!-- -->`.
const TAG = /<\s*\/?\s*[a-z!][^>]*>/i;

/**
 * Without control and invisible characters, then NFC: in that order, so that a joiner or an accent that a hidden
 * character separated from its letter attaches to it again, and spaces it separated shrink into one below.
 */
function visible(value: string): string {
	return removeInvisible(value.replace(CONTROL, '')).normalize('NFC');
}

/** One line of plain text: line breaks and tabs become spaces, runs of spaces shrink to one. */
export function cleanLine(value: string): string {
	return visible(value)
		.replace(/[\t\n\r\u2028\u2029]+/g, ' ')
		.replace(/ {2,}/g, ' ')
		.trim();
}

/** Several lines of plain text: line endings become `\n`, trailing spaces go, at most one empty line in a row. */
export function cleanText(value: string): string {
	return visible(value)
		.replace(/\r\n?|[\u2028\u2029]/g, '\n')
		.replace(/\t/g, ' ')
		.replace(/[ ]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export function looksLikeMarkup(value: string): boolean {
	return TAG.test(value);
}

interface TextOptions {
	/** Longest allowed value, counted after cleaning. */
	max: number;
	/** Shortest allowed value when something is typed (default 1). */
	min?: number;
	/** Empty is refused with "please fill this in". */
	required?: boolean;
	/** Keep line breaks (a textarea). */
	multiline?: boolean;
}

/**
 * A plain-text field. A missing field counts as empty, so a form that leaves an optional input out still parses.
 * Output: the cleaned string ('' when empty and optional).
 */
export function textField(options: TextOptions) {
	const { max, min = 1, required = false, multiline = false } = options;
	return v.pipe(
		v.optional(
			v.string(() => m.prep_error_not_text()),
			''
		),
		v.transform(multiline ? cleanText : cleanLine),
		v.check(
			(s) => !required || s.length > 0,
			() => m.prep_error_required()
		),
		v.check(
			(s) => !looksLikeMarkup(s),
			() => m.prep_error_markup()
		),
		v.check(
			(s) => s.length <= max,
			(issue) => m.prep_error_too_long({ max, count: String(issue.input).length })
		),
		v.check(
			(s) => s.length === 0 || s.length >= min,
			() => m.prep_error_too_short({ min })
		)
	);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written as YYYY-MM-DD (so 2025-02-30 is not). */
export function isCalendarDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The date `days` after the UTC day of `now`, as YYYY-MM-DD. */
export function isoDay(now: number, days = 0): string {
	return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}

interface DateOptions {
	required?: boolean;
	/** Refuse days after today. One day of slack, because the person typing may be ahead of UTC. */
	notFuture?: boolean;
	/** Earliest plausible date (default 2000-01-01): a typo like 0202 should not pass as a real date. */
	earliest?: string;
	/** Clock for "today" (tests); read at parse time. */
	now?: () => number;
}

/** A date as YYYY-MM-DD. Output: the date, or null when empty and optional. */
export function dateField(options: DateOptions = {}) {
	const { required = false, notFuture = false, earliest = '2000-01-01', now = Date.now } = options;
	return v.pipe(
		v.optional(
			v.string(() => m.prep_error_date_format()),
			''
		),
		v.transform(cleanLine),
		v.check(
			(s) => !required || s.length > 0,
			() => m.prep_error_required()
		),
		v.check(
			(s) => s === '' || isCalendarDate(s),
			() => m.prep_error_date_format()
		),
		v.check(
			(s) => s === '' || s >= earliest,
			() => m.prep_error_date_too_early({ earliest })
		),
		v.check(
			(s) => !notFuture || s === '' || s <= isoDay(now(), 1),
			() => m.prep_error_date_future()
		),
		v.transform((s) => (s === '' ? null : s))
	);
}

/** A date that must be given. Output: the date (never null: the check refuses empty first). */
export function requiredDateField(options: Omit<DateOptions, 'required'> = {}) {
	return v.pipe(
		dateField({ ...options, required: true }),
		v.transform((date) => date ?? '')
	);
}

/** An optional web link; only http and https, so a `javascript:` or `data:` link can never be stored. */
export function urlField(options: { max?: number } = {}) {
	const { max = 500 } = options;
	return v.pipe(
		v.optional(
			v.string(() => m.prep_error_url()),
			''
		),
		v.transform(cleanLine),
		v.check(
			(s) => s.length <= max,
			(issue) => m.prep_error_too_long({ max, count: String(issue.input).length })
		),
		v.check(
			(s) => s === '' || isWebUrl(s),
			() => m.prep_error_url()
		),
		v.transform((s) => (s === '' ? null : new URL(s).href))
	);
}

export function isWebUrl(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}
	// Credentials in a link are a phishing trick and never needed in a knowledge pack.
	return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
}

interface NumberOptions {
	min: number;
	max: number;
	/** Whole numbers only (default true). */
	integer?: boolean;
	/** Extra sentence shown when the value is below `min` (why the floor exists). */
	belowMin?: () => string;
}

/** A number typed into a form (a string) or given directly. Output: the number. */
export function numberField(options: NumberOptions) {
	const { min, max, integer = true, belowMin } = options;
	return v.pipe(
		v.optional(
			v.union([v.string(), v.number()], () => m.prep_error_number()),
			''
		),
		v.transform((input) => (typeof input === 'number' ? input : cleanLine(input).replace(',', '.'))),
		v.check(
			(input) => input !== '',
			() => m.prep_error_required()
		),
		v.transform((input) => (typeof input === 'number' ? input : Number(input))),
		v.check(
			(n) => Number.isFinite(n),
			() => (integer ? m.prep_error_whole_number() : m.prep_error_number())
		),
		v.check(
			(n) => !integer || Number.isInteger(n),
			() => m.prep_error_whole_number()
		),
		v.check(
			(n) => n >= min,
			() => belowMin?.() ?? m.prep_error_min({ min })
		),
		v.check(
			(n) => n <= max,
			() => m.prep_error_max({ max })
		)
	);
}

/** One of a fixed set of values (a select or radio group). */
export function choiceField<const T extends readonly [string, ...string[]]>(options: T) {
	return v.pipe(
		v.optional(
			v.string(() => m.prep_error_choice()),
			''
		),
		v.transform(cleanLine),
		v.check(
			(s): boolean => (options as readonly string[]).includes(s),
			() => m.prep_error_choice()
		),
		v.transform((s) => s as T[number])
	);
}

/** A checkbox: present with any value other than '' / 'off' / 'false' means ticked. */
export function checkboxField() {
	return v.pipe(
		v.optional(
			v.union([v.string(), v.boolean()], () => m.prep_error_choice()),
			false
		),
		v.transform((x) => (typeof x === 'boolean' ? x : !['', 'off', 'false', '0'].includes(x.trim())))
	);
}

/** An id chosen from a list the server built (a staff member, a rule); '' or null means "none". */
export function idField() {
	return v.pipe(
		v.optional(v.nullable(v.string(() => m.prep_error_choice())), ''),
		v.transform((s) => cleanLine(s ?? '')),
		v.check(
			(s) => s.length <= 64 && /^[A-Za-z0-9_-]*$/.test(s),
			() => m.prep_error_choice()
		),
		v.transform((s) => (s === '' ? null : s))
	);
}
