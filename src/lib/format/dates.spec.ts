import { describe, expect, it } from 'vitest';
import {
	acceptedLanguages,
	formatDate,
	formatDay,
	formatMoment,
	formatNumber,
	formatTime,
	readerLocale
} from './dates';

// 4 December 2026, 17:30 UTC; the tests run in whatever time zone the machine has, so the time is read in UTC.
const MOMENT = Date.UTC(2026, 11, 4, 17, 30);

describe('one date and time format per language', () => {
	it('writes a moment as a long date with a short time, in the reader’s variant of the language', () => {
		process.env.TZ = 'UTC';
		expect(formatMoment(MOMENT, 'en-GB')).toBe('4 December 2026 at 17:30');
		expect(formatMoment(MOMENT, 'en-US')).toBe('December 4, 2026 at 5:30 PM');
		expect(formatMoment(MOMENT, 'nl')).toBe('4 december 2026 om 17:30');
		expect(formatDate(MOMENT, 'nl')).toBe('4 december 2026');
		expect(formatTime(MOMENT, 'en-GB')).toBe('17:30');
	});

	it('writes a stored day with the same date as a moment, never shifted by a time zone', () => {
		expect(formatDay('2026-12-04', 'en-GB')).toBe(formatDate(MOMENT, 'en-GB'));
		expect(formatDay('2026-12-04', 'nl')).toBe('4 december 2026');
		expect(formatDay('soon', 'en')).toBe('soon');
	});

	it('falls back to English for a locale tag it cannot use', () => {
		expect(formatDay('2031-03-01', 'not a locale!')).toBe('March 1, 2031');
		expect(formatMoment(MOMENT, 'not a locale!')).toContain('2026');
	});
});

describe('every language of Hearth', () => {
	it('writes the same day in each language’s own words and order', () => {
		const days = Object.fromEntries(
			['en', 'nl', 'de', 'fr', 'es', 'pl', 'tr', 'ar'].map((l) => [l, formatDay('2026-12-04', l)])
		);
		expect(days.de).toBe('4. Dezember 2026');
		expect(days.pl).toBe('4 grudnia 2026');
		expect(days.ar).toBe('4 ديسمبر 2026');
		expect(days.fr).toBe('4 décembre 2026');
		expect(days.es).toBe('4 de diciembre de 2026');
		expect(days.tr).toBe('4 Aralık 2026');
		// Eight languages, eight different texts for one day.
		expect(new Set(Object.values(days)).size).toBe(8);
	});

	it('keeps Arabic dates on the Gregorian calendar with Western digits, whatever variant the reader has', () => {
		// ar-SA would otherwise read the Hijri calendar, and ar-EG Arabic-Indic digits: a due date must be the
		// same day for everyone, and the rest of Hearth writes Western digits.
		for (const variant of ['ar', 'ar-SA', 'ar-EG']) {
			expect(formatDay('2026-12-04', variant)).toMatch(/^4 ديسمبر 2026$/);
			expect(formatMoment(MOMENT, variant)).toMatch(/2026/);
			expect(formatMoment(MOMENT, variant)).not.toMatch(/[٠-٩]/);
		}
		process.env.TZ = 'UTC';
		expect(formatTime(MOMENT, 'ar')).toMatch(/5:30|17:30/);
	});

	it('writes numbers in the reader’s language', () => {
		expect(formatNumber(3.456, 'en', 1)).toBe('3.5');
		expect(formatNumber(3.456, 'de', 1)).toBe('3,5');
		expect(formatNumber(3.456, 'pl', 1)).toBe('3,5');
		expect(formatNumber(3.456, 'ar-EG', 1)).not.toMatch(/[٠-٩]/);
		expect(formatNumber(1234, 'de')).toBe('1.234');
		expect(formatNumber(3, 'not a locale!', 1)).toBe('3.0');
	});
});

describe('the reader’s locale', () => {
	it('reads Accept-Language in order of preference', () => {
		expect(acceptedLanguages('nl-BE,nl;q=0.9,en-GB;q=0.8,*;q=0.1')).toEqual(['nl-BE', 'nl', 'en-GB']);
		expect(acceptedLanguages('en;q=0.5, en-GB')).toEqual(['en-GB', 'en']);
		expect(acceptedLanguages('fr;q=0, de')).toEqual(['de']);
		expect(acceptedLanguages(null)).toEqual([]);
	});

	it("uses the reader's variant of the page's language, else the page's language", () => {
		expect(readerLocale('en', acceptedLanguages('nl-NL,en-GB;q=0.8'))).toBe('en-GB');
		expect(readerLocale('nl', ['en-GB'])).toBe('nl');
	});
});
