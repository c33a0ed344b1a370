/**
 * The messages' plural rules and number formats (`formats.ts`, in place of Paraglide's by
 * `scripts/vite-message-formats.js`): what they write is what `Intl` writes, in every language of the project,
 * though small whole numbers skip `Intl.NumberFormat` and the rest reuse the formats already built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as registry from '$lib/paraglide/registry.js';
import { m } from '$lib/paraglide/messages';
import { number, plural } from './formats';

const settings = JSON.parse(
	fs.readFileSync(path.join(process.cwd(), 'project.inlang', 'settings.json'), 'utf8')
) as { locales: string[] };
const LATIN = { numberingSystem: 'latn' } as const;
const counts = [
	...Array.from({ length: 1000 }, (_, i) => i),
	1000,
	1234,
	12_345,
	1_000_000,
	-1,
	-999,
	-0,
	0.5,
	2.25
];

/** Counts the `Intl.NumberFormat` and `Intl.PluralRules` built until `restore()`. */
function countBuilt() {
	const { NumberFormat, PluralRules } = Intl;
	const built = {
		numberFormats: 0,
		pluralRules: 0,
		restore() {
			Object.assign(Intl, { NumberFormat, PluralRules });
		}
	};
	Object.assign(Intl, {
		NumberFormat: class extends NumberFormat {
			constructor(...args: ConstructorParameters<typeof NumberFormat>) {
				super(...args);
				built.numberFormats += 1;
			}
		},
		PluralRules: class extends PluralRules {
			constructor(...args: ConstructorParameters<typeof PluralRules>) {
				super(...args);
				built.pluralRules += 1;
			}
		}
	});
	return built;
}

describe('message formats', () => {
	it.each(settings.locales)('write every count as Intl.NumberFormat does, in %s', (locale) => {
		const intl = new Intl.NumberFormat(locale, LATIN);
		const mismatches = counts.filter((n) => number(locale, n, LATIN) !== intl.format(n));
		expect(mismatches).toEqual([]);
		// Other options (none, or more than the digits) are Intl's own, whatever the number.
		for (const options of [{}, { numberingSystem: 'latn', minimumIntegerDigits: 3 }] as const) {
			expect(number(locale, 7, options)).toBe(new Intl.NumberFormat(locale, options).format(7));
		}
		// A number given as text, as the messages may pass it on.
		expect(number(locale, '42', LATIN)).toBe(intl.format(42));
	});

	it.each(settings.locales)(
		'give every count its plural category as Intl.PluralRules does, in %s',
		(locale) => {
			for (const options of [{}, { type: 'ordinal' }] as const) {
				const intl = new Intl.PluralRules(locale, options);
				expect(counts.filter((n) => plural(locale, n, options) !== intl.select(n))).toEqual([]);
			}
		}
	);

	it('build a format once per language and options, and none for a small whole number', () => {
		// Languages the tests above did not use (the kept formats outlive a test).
		const french = new Intl.NumberFormat('fr-CH', LATIN).format(3000);
		const built = countBuilt();
		try {
			for (let n = 0; n < 1000; n++) number('nl-BE', n, LATIN);
			expect(built.numberFormats).toBe(0);
			expect(number('nl-BE', 1500, LATIN)).toBe('1.500');
			expect(number('nl-BE', 2500, LATIN)).toBe('2.500');
			expect(number('fr-CH', 3000, LATIN)).toBe(french);
			expect(number('fr-CH', 3000, LATIN)).toBe(french);
			// 'nl-BE' once for both numbers, 'fr-CH' once for both calls.
			expect(built.numberFormats).toBe(2);
			for (let n = 0; n < 50; n++) plural('pl-PL', n, {});
			expect(built.pluralRules).toBe(1);
		} finally {
			built.restore();
		}
	});

	it('are the ones the compiled messages call', () => {
		expect(registry.number).toBe(number);
		expect(registry.plural).toBe(plural);
		expect(m.live_phone_count({ count: 12, max: 500 }, { locale: 'en' })).toBe('12 of 500 characters');
		expect(m.live_phone_count({ count: 1200, max: 2000 }, { locale: 'de' })).toBe('1.200 von 2.000 Zeichen');
	});
});
