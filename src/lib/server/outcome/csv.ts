/**
 * The CSV export: commitments, themes and proposals in one table with a `section` column (one file opens in any
 * spreadsheet; a zip of three would be overkill). RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break in double quotes with quotes doubled. Cells that a spreadsheet would run as a formula
 * (starting with = + - @ — also in their full-width and small forms, which spreadsheets take for the same — or a
 * tab or carriage return, as OWASP lists them) get a leading apostrophe, so that text from a meeting can never
 * become a formula on an organiser's computer.
 */
import type { OutcomeReport } from '$lib/outcome/types';
import { m } from '$lib/paraglide/messages';

export type CsvValue = string | number | null;

const FORMULA_SIGNS = '=+-@';

/**
 * Text a spreadsheet could read as a formula: a tab or carriage return first, or = + - @ as the first character
 * after any leading space. The sign is compared after compatibility folding (NFKC), so that ＝ ＋ － ＠ (full
 * width, which an East Asian keyboard types and Excel accepts as a formula) and ﹦ ﹢ ﹣ ﹫ (small forms) count too,
 * without a list of look-alikes to keep up to date.
 */
export function looksLikeFormula(value: string): boolean {
	if (/^[\t\r]/.test(value)) return true;
	// The first character of the folded first character: ⩵ folds to "==", which is a formula all the same.
	const sign = ([...value.trimStart()][0] ?? '').normalize('NFKC').charAt(0);
	return sign !== '' && FORMULA_SIGNS.includes(sign);
}

export function csvCell(value: CsvValue): string {
	if (value === null) return '';
	if (typeof value === 'number') return String(value);
	const safe = looksLikeFormula(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as RFC 4180 text, every line (the last too) ending in CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const CSV_HEADER = [
	'section',
	'position',
	'text',
	'role',
	'date',
	'detail',
	'status',
	'figure'
] as const;

/**
 * The report's commitments, themes and proposals. `figure` is a proposal's support: a number, or the words for
 * "not enough answers" (small-group safeguard), never a hidden number.
 */
export function outcomeCsv(report: OutcomeReport): string {
	const rows: CsvValue[][] = [[...CSV_HEADER]];
	report.agreement.commitments.forEach((c, i) => {
		rows.push(['commitment', i + 1, c.action, c.ownerRole, c.dueOn, c.reviewHow, c.fromProposal ?? '', null]);
	});
	report.themes.forEach((t, i) => {
		const answered = t.answeredAt !== null ? new Date(t.answeredAt).toISOString().slice(0, 10) : null;
		rows.push([
			'theme',
			i + 1,
			t.title,
			null,
			answered,
			t.answer ?? '',
			t.answer === null ? 'unanswered' : 'answered',
			null
		]);
	});
	report.proposals.forEach((p, i) => {
		rows.push([
			'proposal',
			i + 1,
			p.text,
			p.ownerRole || p.proposedRole,
			null,
			p.tiedTo ?? '',
			p.committed ? 'committed' : p.shortlisted ? 'shortlisted' : 'proposed',
			p.endorsements === null ? m.outcome_not_enough() : p.endorsements
		]);
	});
	return toCsv(rows);
}
