import { describe, expect, it } from 'vitest';
import { acceptedLanguages, formatDate, formatDay, formatMoment, formatTime, readerLocale } from './dates';

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
