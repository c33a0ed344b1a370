import { describe, expect, it } from 'vitest';
import { formatDay, today } from './day';

describe('formatDay', () => {
	it('writes a stored day in words without shifting it by a time zone', () => {
		expect(formatDay('2031-03-01', 'en-GB')).toBe('1 March 2031');
		expect(formatDay('2031-03-01', 'nl')).toBe('1 maart 2031');
	});

	it('gives back what it cannot read rather than a wrong date', () => {
		expect(formatDay('soon', 'en')).toBe('soon');
	});
});

describe('today', () => {
	it('is the local calendar day, zero-padded', () => {
		expect(today(new Date(2031, 0, 5, 23, 59))).toBe('2031-01-05');
	});
});
