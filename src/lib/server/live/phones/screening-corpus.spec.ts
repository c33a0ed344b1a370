import { describe, expect, it } from 'vitest';
import { screenText } from './screening';
import { corpusRows, freshRows, heldOutRows, measureScreening, type CorpusRow } from './screening-measure';

/**
 * What docs/screening.md records, per set and flag, as [precision, recall] in tp/(tp+fp) and tp/(tp+fn). A change
 * that lowers any of them fails here: widen the rules without losing what they catch or flagging what they did not.
 * Raising a figure is welcome; write the new one here and in docs/screening.md.
 */
const MEASURED: Record<
	string,
	{ rows: () => CorpusRow[]; personalData: [number, number]; threat: [number, number] }
> = {
	'tuning corpus': { rows: corpusRows, personalData: [49 / 49, 49 / 49], threat: [38 / 38, 38 / 38] },
	'first held-out set': { rows: heldOutRows, personalData: [13 / 13, 13 / 13], threat: [11 / 11, 11 / 11] },
	'second held-out set': { rows: freshRows, personalData: [9 / 9, 9 / 10], threat: [6 / 6, 6 / 10] }
};

describe('screening measured on labelled texts', () => {
	it('has at least 150 labelled texts in English and Dutch, benign and harmful', () => {
		const rows = [...corpusRows(), ...heldOutRows(), ...freshRows()];
		expect(rows.length).toBeGreaterThanOrEqual(150);
		for (const language of ['en', 'nl']) {
			const own = rows.filter((r) => r.language === language);
			expect(own.filter((r) => r.labels.length === 0).length).toBeGreaterThanOrEqual(30);
			expect(own.filter((r) => r.labels.includes('personalData')).length).toBeGreaterThanOrEqual(15);
			expect(own.filter((r) => r.labels.includes('threat')).length).toBeGreaterThanOrEqual(15);
		}
	});

	describe.each(Object.entries(MEASURED))('%s', (_name, measured) => {
		const { scores } = measureScreening(screenText, measured.rows());
		it.each(['personalData', 'threat'] as const)('keeps %s precision and recall', (flag) => {
			const [precision, recall] = measured[flag];
			expect(scores[flag].precision).toBeGreaterThanOrEqual(precision - 1e-9);
			expect(scores[flag].recall).toBeGreaterThanOrEqual(recall - 1e-9);
		});
	});
});
