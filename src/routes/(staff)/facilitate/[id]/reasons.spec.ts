import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { PEOPLE_COUNT_PARAMS, shownReason } from '$lib/privacy/small-groups';
import { reasonText } from './reasons';

describe('the console words a reason whose count of people is hidden', () => {
	afterEach(() => overwriteGetLocale(() => 'en'));

	it('without any number, in English and Dutch, for every reason that counts people', () => {
		for (const locale of ['en', 'nl'] as const) {
			overwriteGetLocale(() => locale);
			for (const [code, keys] of Object.entries(PEOPLE_COUNT_PARAMS)) {
				const params = Object.fromEntries(keys.map((key) => [key, 1]));
				const hidden = shownReason({ code, params: { ...params, needed: 7 } }, 5);
				expect(hidden.suppressed).toBe(true);
				const text = reasonText(hidden);
				expect(text, `${locale} ${code}`).not.toMatch(/\d|undefined|\{/);
				expect(text).not.toBe(code);
			}
		}
	});

	it('with the number from the minimum group size up', () => {
		const shown = shownReason({ code: 'opening.openObjection', params: { count: 5 } }, 5);
		expect(reasonText(shown)).toBe('Objections that still need to be talked through: 5.');
		expect(reasonText(shownReason({ code: 'opening.openObjection', params: { count: 1 } }, 5))).toBe(
			'There are objections to the ground rules that still need to be talked through.'
		);
	});
});
