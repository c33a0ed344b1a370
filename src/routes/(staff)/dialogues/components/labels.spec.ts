import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { readinessLabel } from './labels';

describe('the dialogues list says whether a dialogue is ready to open', () => {
	afterEach(() => overwriteGetLocale(() => 'en'));

	it('for a dialogue that has not opened yet, in English and Dutch', () => {
		expect(readinessLabel('ready', true)).toBe('Ready to open');
		expect(readinessLabel('preparing', false)).toBe('Still preparing');
		overwriteGetLocale(() => 'nl');
		expect(readinessLabel('ready', true)).toBe('Klaar om te openen');
	});

	it('not for a live, closed or archived one, even when its preparation was complete', () => {
		for (const status of ['live', 'closed', 'archived']) {
			expect(readinessLabel(status, true)).toBeNull();
			expect(readinessLabel(status, false)).toBeNull();
		}
	});
});
