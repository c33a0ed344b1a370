import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, emptyFacts, evaluateTransition, VALUES, type DialogueFacts } from '$lib/dialogue';
import { FIX_TARGET_ITEM, ITEM_VALUE, PREP_ITEMS } from './prep-items';

/** Facts that between them break every preparation condition. */
const BROKEN: DialogueFacts[] = [
	emptyFacts(),
	{
		...emptyFacts(),
		capacityConcernsWithoutMitigation: 1,
		informationPlanGroups: 1,
		informationPlanUndecided: 1,
		riskAssessmentAgeDays: 9999
	},
	{ ...emptyFacts(), riskAssessmentAgeDays: -5 }
];

describe('preparation items', () => {
	it('give every unmet preparation reason a page that fixes it, under the value it belongs to', () => {
		const reasons = BROKEN.flatMap((facts) => {
			const check = evaluateTransition('preparation', facts, DEFAULT_SETTINGS);
			return VALUES.flatMap((value) => check.results[value].reasons.map((reason) => ({ value, reason })));
		});
		expect(reasons.length).toBeGreaterThanOrEqual(11);
		for (const { value, reason } of reasons) {
			const item = reason.fix ? FIX_TARGET_ITEM[reason.fix] : undefined;
			expect(item, reason.code).toBeDefined();
			expect(ITEM_VALUE[item ?? 'details'], reason.code).toBe(value);
		}
	});

	it('list every item once', () => {
		expect(new Set(PREP_ITEMS).size).toBe(PREP_ITEMS.length);
		expect(Object.keys(ITEM_VALUE).sort()).toEqual([...PREP_ITEMS].sort());
	});
});
