import { describe, expect, it } from 'vitest';
import { dayLocale, formatDay, today } from './day';

describe('formatDay', () => {
	it('writes a stored day in words without shifting it by a time zone', () => {
		expect(formatDay('2031-03-01', 'en-GB')).toBe('1 March 2031');
		expect(formatDay('2031-03-01', 'en-US')).toBe('March 1, 2031');
		expect(formatDay('2031-03-01', 'nl')).toBe('1 maart 2031');
		// One format everywhere: a style asked for by an older caller changes nothing.
		expect(formatDay('2031-03-01', 'en-GB', 'medium')).toBe('1 March 2031');
	});

	it('gives back what it cannot read rather than a wrong date', () => {
		expect(formatDay('soon', 'en')).toBe('soon');
		expect(formatDay('2031-13-45', 'en')).toBe('2031-13-45');
		expect(formatDay('2031-3-1', 'en')).toBe('2031-3-1');
	});

	it('falls back to English for a locale tag it cannot use', () => {
		expect(formatDay('2031-03-01', 'not a locale!')).toBe('March 1, 2031');
	});
});

describe('dayLocale', () => {
	it("uses the device's variant of the page's language", () => {
		expect(dayLocale('en', ['nl-NL', 'en-GB'])).toBe('en-GB');
		expect(dayLocale('nl', ['en-GB', 'nl-BE'])).toBe('nl-BE');
		expect(dayLocale('nl', ['en-GB'])).toBe('nl');
		expect(dayLocale('en')).toBe('en');
	});
});

describe('today', () => {
	it('is the local calendar day, zero-padded', () => {
		expect(today(new Date(2031, 0, 5, 23, 59))).toBe('2031-01-05');
	});
});
