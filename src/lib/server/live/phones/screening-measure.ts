/**
 * Precision and recall of the screening on the labelled corpus (`screening-corpus.json`): used by the corpus spec
 * (which fails when either drops below what docs/screening.md records) and by `npm run screening:report`.
 */
import type { ContributionFlag } from '$lib/live/types';
import corpus from './screening-corpus.json';
import heldOut from './screening-heldout.json';
import fresh from './screening-fresh.json';

export type CorpusRow = {
	labels: ContributionFlag[];
	language: string;
	kind: string;
	text: string;
};

export type Score = {
	truePositives: number;
	falsePositives: number;
	falseNegatives: number;
	precision: number;
	recall: number;
};

export type CorpusMeasure = {
	rows: number;
	/** Per flag, and `any` for "flagged at all" (what makes a moderator look twice). */
	scores: Record<ContributionFlag | 'any', Score>;
	/** Rows whose flags differ from their labels, for tuning and for the docs. */
	misses: { row: CorpusRow; got: ContributionFlag[] }[];
};

const LABELS: Record<string, ContributionFlag> = { p: 'personalData', t: 'threat' };

function toRows(rows: unknown[]): CorpusRow[] {
	return (rows as [string, string, string, string][]).map(([labels, language, kind, text]) => ({
		labels: [...labels].map((l) => LABELS[l]).filter((l): l is ContributionFlag => l !== undefined),
		language,
		kind,
		text
	}));
}

/** The texts the rules were tuned on. */
export const corpusRows = (): CorpusRow[] => toRows(corpus.rows);
/** Texts written after tuning, then used once to widen the rules (see docs/screening.md). */
export const heldOutRows = (): CorpusRow[] => toRows(heldOut.rows);
/** A second held-out set, written after the first had been used to widen the rules: today's honest measure. */
export const freshRows = (): CorpusRow[] => toRows(fresh.rows);

function score(pairs: { expected: boolean; got: boolean }[]): Score {
	const truePositives = pairs.filter((p) => p.expected && p.got).length;
	const falsePositives = pairs.filter((p) => !p.expected && p.got).length;
	const falseNegatives = pairs.filter((p) => p.expected && !p.got).length;
	return {
		truePositives,
		falsePositives,
		falseNegatives,
		precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
		recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives)
	};
}

export function measureScreening(
	screen: (text: string) => ContributionFlag[],
	rows: CorpusRow[] = corpusRows()
): CorpusMeasure {
	const results = rows.map((row) => ({ row, got: screen(row.text) }));
	const per = (flag: ContributionFlag) =>
		score(results.map((r) => ({ expected: r.row.labels.includes(flag), got: r.got.includes(flag) })));
	return {
		rows: rows.length,
		scores: {
			personalData: per('personalData'),
			threat: per('threat'),
			any: score(results.map((r) => ({ expected: r.row.labels.length > 0, got: r.got.length > 0 })))
		},
		misses: results.filter((r) => [...r.got].sort().join() !== [...r.row.labels].sort().join())
	};
}
