import { describe, expect, it } from 'vitest';
import { growingFactorGiven, HEAP_GROWING_PERCENT, limitHeapGrowth } from './heap';

describe('the heap growing factor', () => {
	it('is left alone when the process was started with its own, on the command line or in NODE_OPTIONS', () => {
		expect(growingFactorGiven(['--heap-growing-percent=50'], undefined)).toBe(true);
		expect(growingFactorGiven(['--heap_growing_percent=0'], undefined)).toBe(true);
		expect(growingFactorGiven([], '--max-old-space-size=512 --heap-growing-percent=10')).toBe(true);
	});

	it('counts no other flag as given', () => {
		expect(growingFactorGiven([], undefined)).toBe(false);
		expect(growingFactorGiven(['--max-semi-space-size=8', '--heap-growing-percentage'], '')).toBe(false);
		expect(growingFactorGiven(['--import', './x.js'], '--heap-prof')).toBe(false);
	});

	it('is set to the chosen percentage in a process given none', () => {
		expect(growingFactorGiven()).toBe(false);
		expect(limitHeapGrowth()).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
	});
});
