import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { PEOPLE_COUNT_PARAMS, shownReason } from '$lib/privacy/small-groups';
import type { ValueState } from '$lib/dialogue';
import { valueStateLabel } from './labels';
import { reasonText } from './reasons';

const VALUE_STATES: ValueState[] = ['met', 'unmet', 'overridden'];

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

describe('one wording of the values check for every staff screen', () => {
	afterEach(() => overwriteGetLocale(() => 'en'));

	it('words a preparation reason with its numbers, as the workspace shows it', () => {
		const reason = { code: 'prep.capacityScreenIncomplete', params: { answered: 3, total: 8 } };
		expect(reasonText(reason)).toBe('3 of the 8 questions about what the community can carry are answered.');
	});

	it('says a reason it does not know in words, never as its code', () => {
		for (const locale of ['en', 'nl'] as const) {
			overwriteGetLocale(() => locale);
			const text = reasonText({ code: 'prep.somethingNewer' });
			expect(text).not.toContain('prep.somethingNewer');
			expect(text.length).toBeGreaterThan(10);
		}
	});

	it('names each state of a value in English and Dutch', () => {
		expect(VALUE_STATES.map(valueStateLabel)).toEqual(['Met', 'Not met yet', 'Passed with a reason']);
		overwriteGetLocale(() => 'nl');
		expect(VALUE_STATES.map(valueStateLabel)).toEqual([
			'In orde',
			'Nog niet in orde',
			'Doorgezet met een reden'
		]);
	});
});

describe('counts in reasons are worded with the right plural (issue 13)', () => {
	afterEach(() => overwriteGetLocale(() => 'en'));

	const text = (code: string, params: Record<string, number>) => reasonText(shownReason({ code, params }, 1));

	it('says "1 is needed" and "1 person", never "1 are needed", in English', () => {
		overwriteGetLocale(() => 'en');
		expect(text('opening.tooFewParticipants', { count: 0, needed: 1 })).toBe(
			'0 people have joined. At least 1 is needed.'
		);
		expect(text('opening.tooFewParticipants', { count: 1, needed: 3 })).toBe(
			'1 person has joined. At least 3 are needed.'
		);
		expect(text('opening.tooFewAffirmed', { affirmed: 1, needed: 2 })).toBe(
			'1 person has agreed to the ground rules. At least 2 are needed.'
		);
		expect(text('opening.checkInMissing', { count: 1, needed: 1 })).toBe(
			'The check-in round has 1 answer. At least 1 is needed.'
		);
	});

	it('and in Dutch', () => {
		overwriteGetLocale(() => 'nl');
		expect(text('opening.tooFewParticipants', { count: 1, needed: 1 })).toBe(
			'Er doet 1 persoon mee. Er is er minstens 1 nodig.'
		);
		expect(text('opening.checkInMissing', { count: 2, needed: 3 })).toBe(
			'De check-inronde heeft 2 antwoorden. Er zijn er minstens 3 nodig.'
		);
	});
});
