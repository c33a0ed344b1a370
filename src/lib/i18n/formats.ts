/**
 * The plural rules and number formats of the compiled messages (Paraglide's `registry.js` `plural` and `number`,
 * put in their place by `scripts/vite-message-formats.js`).
 *
 * Paraglide builds a new `Intl.PluralRules` and `Intl.NumberFormat` on every call: the worry screen's "12 of 500
 * characters" built three at every key press. Here each is built once per language and options and kept. And
 * the page's first number format costs the browser its set-up of number formats (about 25 ms of a laptop's CPU,
 * over 100 ms of a slow phone's, in the tap that opens the worry screen): the counts a phone shows are small
 * whole numbers written in Latin digits, which read the same in every language without it ("0", "500"; from
 * 1,000 the languages group digits differently, and those go to `Intl.NumberFormat`).
 * `formats.spec.ts` holds both to what `Intl` writes, in every language of the project.
 */
type Cache<T> = Map<string, T>;

function cached<T>(cache: Cache<T>, locale: string, options: object | undefined, make: () => T): T {
	const key = `${locale} ${JSON.stringify(options ?? {})}`;
	let made = cache.get(key);
	if (made === undefined) {
		made = make();
		cache.set(key, made);
	}
	return made;
}

const pluralRules: Cache<Intl.PluralRules> = new Map();
const numberFormats: Cache<Intl.NumberFormat> = new Map();

/** The plural category of `input` in `locale` (`one`, `few`, `other`, …), as `Intl.PluralRules` says. */
export function plural(locale: string, input: unknown, options?: Intl.PluralRulesOptions): string {
	return cached(pluralRules, locale, options, () => new Intl.PluralRules(locale, options)).select(
		Number(input)
	);
}

/** Whether `options` ask for Latin digits and nothing else. */
function latinDigitsOnly(options: Intl.NumberFormatOptions | undefined): boolean {
	if (!options) return false;
	const keys = Object.keys(options);
	return keys.length === 1 && options.numberingSystem === 'latn';
}

/** `input` written as `Intl.NumberFormat(locale, options)` writes it. */
export function number(locale: string, input: unknown, options?: Intl.NumberFormatOptions): string {
	const value = Number(input);
	// Below 1,000 no language of the project groups digits, and Latin digits are the same everywhere (-0 is
	// Intl's "-0": not a count, left to it).
	if (
		Number.isInteger(value) &&
		value >= 0 &&
		value < 1000 &&
		!Object.is(value, -0) &&
		latinDigitsOnly(options)
	) {
		return String(value);
	}
	return cached(numberFormats, locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}
