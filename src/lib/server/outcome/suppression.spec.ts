import { describe, expect, it } from 'vitest';
import { countFigure, meanFigure, partition, suppressReason } from './suppression';

describe('countFigure and meanFigure', () => {
	it('shows zero and counts from the minimum up, and nothing in between', () => {
		expect([0, 1, 4, 5, 12].map((n) => countFigure(n, 5))).toEqual([0, null, null, 5, 12]);
	});

	it('shows a mean only from enough answers, to one decimal', () => {
		expect(meanFigure(4, 4.25, 5)).toBeNull();
		expect(meanFigure(5, 4.25, 5)).toBe(4.3);
		expect(meanFigure(0, null, 5)).toBeNull();
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
