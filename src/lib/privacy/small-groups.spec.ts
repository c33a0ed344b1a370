import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, VALUES } from '$lib/dialogue';
import { passingFacts } from '$lib/dialogue/testing';
import { evaluateTransition } from '$lib/dialogue/values';
import {
	compareFigures,
	countFigure,
	meanFigure,
	partition,
	questionMean,
	shownCheck,
	shownReason,
	suppressReason
} from './small-groups';

describe('countFigure and meanFigure', () => {
	it('shows zero and counts from the minimum up, and nothing in between', () => {
		expect([0, 1, 4, 5, 12].map((n) => countFigure(n, 5))).toEqual([0, null, null, 5, 12]);
	});

	it('shows a mean only from enough answers, to one decimal', () => {
		expect(meanFigure(4, 4.25, 5)).toBeNull();
		expect(meanFigure(5, 4.25, 5)).toBe(4.3);
		expect(meanFigure(0, null, 5)).toBeNull();
	});

	it('hides the mean of a question that too few answered, even when enough answered with a number', () => {
		// More numbers than answers cannot happen; the rule holds without relying on that.
		expect(questionMean(4, { n: 6, mean: 3.5 }, 5)).toBeNull();
		expect(questionMean(7, { n: 5, mean: 3.46 }, 5)).toBe(3.5);
		expect(questionMean(7, { n: 4, mean: 3.5 }, 5)).toBeNull();
	});
});

describe('partition', () => {
	it('hides every part, zeros included, when the whole question had too few answers', () => {
		expect(partition({ yes: 3, no: 0 }, 5)).toEqual({ total: null, parts: { yes: null, no: null } });
	});

	it('shows everything when every part is zero or large enough', () => {
		expect(partition({ a: 6, b: 0, c: 5 }, 5)).toEqual({ total: 11, parts: { a: 6, b: 0, c: 5 } });
	});

	it('hides the total when a part is hidden, so that no subtraction gives it back', () => {
		expect(partition({ a: 7, b: 2, c: 3 }, 5)).toEqual({ total: null, parts: { a: 7, b: null, c: null } });
	});

	it('never hides a part alone: the smallest other part anyone chose goes with it, as the total may be known', () => {
		expect(partition({ a: 7, b: 2, c: 0, d: 9 }, 5)).toEqual({
			total: null,
			parts: { a: null, b: null, c: 0, d: 9 }
		});
	});

	it('never lets a hidden part be worked out from what is shown (every split of up to 14 answers)', () => {
		const min = 5;
		for (let a = 0; a <= 14; a++) {
			for (let b = 0; a + b <= 14; b++) {
				for (let c = 0; a + b + c <= 14; c++) {
					const parts = { a, b, c };
					const shown = partition(parts, min);
					for (const [key, value] of Object.entries(shown.parts)) {
						const real = parts[key as keyof typeof parts];
						if (value === null) {
							// Rule 1: a hidden part is one that would have pointed at a small group (or at a whole small
							// question), or the one partner of a single such part.
							const small = Object.values(parts).filter((n) => n > 0 && n < min).length;
							expect(real > 0 && real < min ? true : a + b + c < min || small === 1).toBe(true);
							// Rule 3: the total is hidden too, so total − shown parts cannot be formed; and even with
							// the total known, the shown parts leave at least two hidden ones to share the rest.
							expect(shown.total).toBeNull();
							expect(Object.values(shown.parts).filter((v) => v === null).length).toBeGreaterThan(
								a + b + c < min ? 0 : 1
							);
						} else {
							expect(value).toBe(real);
							expect(value === 0 || value >= min).toBe(true);
						}
					}
					if (shown.total !== null) expect(shown.total === 0 || shown.total >= min).toBe(true);
				}
			}
		}
	});
});

describe('suppressReason', () => {
	it('keeps the numbers of a reason whose people counts are large enough', () => {
		expect(suppressReason({ code: 'opening.tooFewAffirmed', params: { affirmed: 6, needed: 8 } }, 5)).toEqual(
			{
				code: 'opening.tooFewAffirmed',
				params: { affirmed: 6, needed: 8 },
				suppressed: false
			}
		);
	});

	it('drops every number of a reason when one people count is hidden', () => {
		expect(
			suppressReason({ code: 'fears.respectPulseTooFewAnswers', params: { count: 2, needed: 5 } }, 5)
		).toEqual({ code: 'fears.respectPulseTooFewAnswers', params: {}, suppressed: true });
	});

	it('leaves counts of staff-made things alone', () => {
		expect(suppressReason({ code: 'fears.themesUnanswered', params: { count: 1 } }, 5).suppressed).toBe(
			false
		);
	});
});

describe('the rule on live screens', () => {
	it('keeps a reason suppressed once it was (its numbers are gone)', () => {
		expect(suppressReason({ code: 'opening.openObjection', params: {}, suppressed: true }, 5)).toEqual({
			code: 'opening.openObjection',
			params: {},
			suppressed: true
		});
	});

	it('shows a live reason without numbers, keeping what fixes it', () => {
		expect(
			shownReason({ code: 'opening.openObjection', fix: 'groundRules', params: { count: 1 } }, 5)
		).toEqual({ code: 'opening.openObjection', fix: 'groundRules', params: {}, suppressed: true });
		const large = { code: 'opening.openObjection', fix: 'groundRules' as const, params: { count: 5 } };
		expect(shownReason(large, 5)).toEqual(large);
	});

	it('hides how many must still agree when that gives the number who joined back (0 agreed of 3 joined)', () => {
		// needed = 80% of those who joined: "needed 3" with none agreed would say that three or four are there.
		const reason = {
			code: 'opening.tooFewAffirmed',
			fix: 'groundRules' as const,
			params: { affirmed: 0, needed: 3 }
		};
		expect(shownReason(reason, 5)).toEqual({ ...reason, params: {}, suppressed: true });
		const large = { ...reason, params: { affirmed: 0, needed: 8 } };
		expect(shownReason(large, 5)).toEqual(large);
	});

	it('suppresses every reason of a values check, and leaves the states and no check alone', () => {
		const check = evaluateTransition(
			'opening',
			passingFacts({ participantCount: 6, groundRulesAffirmed: 2, openObjections: 1, checkInResponses: 3 }),
			{ ...DEFAULT_SETTINGS, minCheckInResponses: 4 }
		);
		const shown = shownCheck(check, 5);
		expect(VALUES.map((v) => shown.results[v].state)).toEqual(VALUES.map((v) => check.results[v].state));
		const reasons = VALUES.flatMap((v) => shown.results[v].reasons);
		expect(reasons.map((r) => r.code).sort()).toEqual([
			'opening.checkInMissing',
			'opening.openObjection',
			'opening.tooFewAffirmed'
		]);
		expect(reasons.every((r) => r.suppressed === true && Object.keys(r.params ?? {}).length === 0)).toBe(
			true
		);
		expect(JSON.stringify(shown)).not.toMatch(/"(count|affirmed)":/);
		expect(shownCheck(null, 5)).toBeNull();
	});

	it('ranks figures by what is shown: every hidden count alike, between 0 and the minimum', () => {
		const ranked = [0, null, 7, 5, null].map((figure, index) => ({ figure, index }));
		ranked.sort((a, b) => compareFigures(a.figure, b.figure) || a.index - b.index);
		expect(ranked.map((r) => r.index)).toEqual([2, 3, 1, 4, 0]);
	});
});
