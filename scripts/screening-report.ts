/**
 * Prints the screening's precision and recall on the labelled corpus, per flag and per language, and the rows it
 * gets wrong: `npm run screening:report`. The figures go into docs/screening.md by hand, with the date.
 */
import {
	corpusRows,
	freshRows,
	heldOutRows,
	measureScreening
} from '../src/lib/server/live/phones/screening-measure';
import { screenText } from '../src/lib/server/live/phones/screening';

const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
const corpora = [
	['tuning corpus', corpusRows()],
	['first held-out texts', heldOutRows()],
	['second held-out texts', freshRows()]
] as const;
for (const [name, rows] of corpora) {
	console.log(`\n## ${name}`);
	for (const [label, subset] of [
		['all', rows],
		['en', rows.filter((r) => r.language === 'en')],
		['nl', rows.filter((r) => r.language === 'nl')]
	] as const) {
		const m = measureScreening(screenText, subset);
		console.log(`${label}: ${m.rows} texts`);
		for (const [flag, s] of Object.entries(m.scores)) {
			console.log(
				`  ${flag.padEnd(13)} precision ${percent(s.precision).padStart(6)}  recall ${percent(s.recall).padStart(6)}  (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`
			);
		}
	}
	const { misses } = measureScreening(screenText, rows);

	console.log(`\n${misses.length} texts flagged otherwise than labelled:`);
	for (const { row, got } of misses) {
		console.log(`  [${row.labels.join(',') || '-'} → ${got.join(',') || '-'}] ${row.kind}: ${row.text}`);
	}
}
