import { describe, expect, it } from 'vitest';
import { aggregateOf } from './aggregates';

/** The consent spread the console gets once the round is closed (answers per gradient, minimum group size 5). */
function spread(counts: Record<string, number>) {
	const closed = aggregateOf('consent', new Map(Object.entries(counts)), 5, false);
	return { responses: closed.responses, counts: closed.counts };
}

describe('the consent spread on the console', () => {
	it('shows every choice when each was made by none or by enough people', () => {
		expect(spread({ fullySupport: 6, canLiveWith: 5 })).toEqual({
			responses: 11,
			counts: { fullySupport: 6, canLiveWith: 5, haveConcerns: 0, cannotLiveWith: 0 }
		});
	});

	it('hides a choice of fewer than the minimum, and the smallest other one, so the total cannot give it back', () => {
		expect(spread({ fullySupport: 9, canLiveWith: 6, cannotLiveWith: 1 })).toEqual({
			responses: null,
			counts: { fullySupport: 9, canLiveWith: null, haveConcerns: 0, cannotLiveWith: null }
		});
	});

	it('needs no partner when two choices are small already', () => {
		expect(spread({ fullySupport: 8, haveConcerns: 2, cannotLiveWith: 1 }).counts).toEqual({
			fullySupport: 8,
			canLiveWith: 0,
			haveConcerns: null,
			cannotLiveWith: null
		});
	});

	it('hides the number of answers along with a hidden choice; while open it gives that number only', () => {
		expect(spread({ fullySupport: 4, cannotLiveWith: 1 })).toEqual({
			responses: null,
			counts: { fullySupport: null, canLiveWith: 0, haveConcerns: 0, cannotLiveWith: null }
		});
		const open = aggregateOf(
			'consent',
			new Map([
				['fullySupport', 4],
				['cannotLiveWith', 1]
			]),
			5,
			true
		);
		expect([open.responses, open.counts]).toEqual([5, null]);
	});
});
