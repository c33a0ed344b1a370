import { describe, expect, it } from 'vitest';
import { aggregateOf, smallChoicesHidden } from './aggregates';

const consentValues = (counts: Record<string, number>) => new Map(Object.entries(counts));

describe('smallChoicesHidden (the consent spread on the console)', () => {
	it('shows every choice when each was made by none or by enough people', () => {
		expect(smallChoicesHidden({ fullySupport: 6, canLiveWith: 5, haveConcerns: 0 }, 5)).toEqual({
			counts: { fullySupport: 6, canLiveWith: 5, haveConcerns: 0 },
			anyHidden: false
		});
	});

	it('hides a choice of fewer than the minimum, and the smallest other one, so the total cannot give it back', () => {
		expect(
			smallChoicesHidden({ fullySupport: 9, canLiveWith: 6, haveConcerns: 0, cannotLiveWith: 1 }, 5)
		).toEqual({
			counts: { fullySupport: 9, canLiveWith: null, haveConcerns: 0, cannotLiveWith: null },
			anyHidden: true
		});
	});

	it('needs no partner when two choices are small already', () => {
		expect(smallChoicesHidden({ fullySupport: 8, haveConcerns: 2, cannotLiveWith: 1 }, 5).counts).toEqual({
			fullySupport: 8,
			haveConcerns: null,
			cannotLiveWith: null
		});
	});
});

describe('aggregateOf for consent', () => {
	it('hides the number of answers along with a hidden choice, once the round is closed', () => {
		const closed = aggregateOf('consent', consentValues({ fullySupport: 4, cannotLiveWith: 1 }), 5, false);
		expect(closed).toEqual({
			prompt: 'consent',
			responses: null,
			mean: null,
			counts: { fullySupport: null, canLiveWith: 0, haveConcerns: 0, cannotLiveWith: null },
			tooFew: false
		});
		// While open: how many answered (to know when to stop asking), never the choices.
		const open = aggregateOf('consent', consentValues({ fullySupport: 4, cannotLiveWith: 1 }), 5, true);
		expect([open.responses, open.counts]).toEqual([5, null]);
	});
});
