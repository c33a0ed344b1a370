/**
 * The CSV export: every section the other formats have, in one table with a `section` column (one file opens in any
 * spreadsheet; a zip of three would be overkill). RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break in double quotes with quotes doubled. Cells that a spreadsheet would run as a formula
 * (starting with = + - @ — also in their full-width and small forms, which spreadsheets take for the same — or a
 * tab or carriage return, as OWASP lists them) get a leading apostrophe, so that text from a meeting can never
 * become a formula on an organiser's computer.
 */
import { gradientLabel } from '$lib/live/labels';
import { CHECK_OUT_PROMPTS, CONSENT_GRADIENTS } from '$lib/live/types';
import type { ConsentOutcome, Figure, OutcomeReport, PulseResult } from '$lib/outcome/types';
import { m } from '$lib/paraglide/messages';
import {
	checkOutQuestion,
	consentOutcomeText,
	sharingText,
	speakingRoundName,
	timelineText
} from './document';

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

/**
 * Every column holds what its header says, in every section:
 * - `section`: what the row is (see `outcomeCsv`); `position`: its place in that section, from 1;
 * - `text`: the thing itself (an action, a theme, a proposal, a question, an answer, an event);
 * - `role`: a responsible role; `date`: ISO 8601 (a day, or a moment in UTC);
 * - `detail`: more words about it (how it is checked, a theme's answer, what a proposal answers, a reason);
 * - `status`: a state from a short fixed list (`answered`, `committed`, `reached`, a timeline event's kind…);
 * - `figure`: a count or mean, or the words for "not enough answers"; `measure`: what `figure` counts;
 * - `proposal`: the shortlisted proposal a commitment came from.
 */
export const CSV_HEADER = [
	'section',
	'position',
	'text',
	'role',
	'date',
	'detail',
	'status',
	'figure',
	'measure',
	'proposal'
] as const;

type Row = Partial<Record<(typeof CSV_HEADER)[number], CsvValue>>;

function row(values: Row): CsvValue[] {
	return CSV_HEADER.map((key) => values[key] ?? null);
}

/** A figure as a cell: the number, or the words for "not enough answers" (small-group safeguard). */
function figureCell(value: Figure): CsvValue {
	return value === null ? m.outcome_not_enough() : value;
}

function isoMoment(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

function consentStatus(outcome: ConsentOutcome): string {
	return !outcome.held ? 'notHeld' : outcome.reached ? 'reached' : 'notReached';
}

/**
 * The report's sections as rows: `sharing` first (the group's decision on sharing outside the group, always; then
 * each answer's figure), `commitment`, `theme`, `proposal` (with `proposalRisk`, the facilitator's risk
 * note on the proposal at the same position), `consent` (the group's decision, always;
 * then each answer's figure), `consentResolution`, `pulse`, `participation`, `speaking` (turns and passes per round)
 * and `timeline`. Figures are numbers or
 * the words for "not enough answers", never a hidden number.
 */
export function outcomeCsv(report: OutcomeReport): string {
	const rows: CsvValue[][] = [[...CSV_HEADER]];
	// First: whether the group agreed that this may go outside the group, and with whom (always), then the spread.
	const sharing = report.sharing;
	rows.push(
		row({
			section: 'sharing',
			position: 1,
			text: sharingText(report),
			detail: sharing?.partners.join('; ') ?? null,
			status: sharing?.decision ?? 'notAsked'
		})
	);
	if (sharing && sharing.decision !== 'notAsked') {
		(['yes', 'no'] as const).forEach((answer, i) =>
			rows.push(
				row({
					section: 'sharing',
					position: i + 2,
					text: answer,
					figure: figureCell(sharing.spread[answer]),
					measure: 'answers'
				})
			)
		);
	}
	report.agreement.commitments.forEach((c, i) => {
		rows.push(
			row({
				section: 'commitment',
				position: i + 1,
				text: c.action,
				role: c.ownerRole,
				date: c.dueOn,
				detail: c.reviewHow,
				proposal: c.fromProposal
			})
		);
	});
	report.themes.forEach((t, i) => {
		rows.push(
			row({
				section: 'theme',
				position: i + 1,
				text: t.title,
				date: t.answeredAt !== null ? new Date(t.answeredAt).toISOString().slice(0, 10) : null,
				detail: t.answer,
				status: t.answer === null ? 'unanswered' : 'answered'
			})
		);
	});
	report.proposals.forEach((p, i) => {
		rows.push(
			row({
				section: 'proposal',
				position: i + 1,
				text: p.text,
				role: p.ownerRole || p.proposedRole,
				detail: p.tiedTo,
				status: p.committed ? 'committed' : p.shortlisted ? 'shortlisted' : 'proposed',
				figure: figureCell(p.endorsements),
				measure: 'endorsements'
			})
		);
		if (p.riskNote) {
			rows.push(row({ section: 'proposalRisk', position: i + 1, text: p.riskNote, proposal: p.text }));
		}
	});

	const { consent } = report;
	if (consent.outcome) {
		rows.push(
			row({
				section: 'consent',
				position: 0,
				text: consentOutcomeText(consent.outcome),
				detail: consent.outcome.override,
				status: consentStatus(consent.outcome)
			})
		);
	}
	CONSENT_GRADIENTS.forEach((g, i) => {
		rows.push(
			row({
				section: 'consent',
				position: i + 1,
				text: gradientLabel(g),
				status: g,
				figure: figureCell(consent.spread[g]),
				measure: 'people'
			})
		);
	});
	rows.push(
		row({
			section: 'consent',
			position: CONSENT_GRADIENTS.length + 1,
			text: m.outcome_total_answers(),
			status: 'total',
			figure: figureCell(consent.responses),
			measure: 'people'
		})
	);
	consent.resolutions.forEach((r, i) => {
		rows.push(
			row({
				section: 'consentResolution',
				position: i + 1,
				text: r.note,
				date: isoMoment(r.at),
				status: 'resolved'
			})
		);
	});

	const pulses: [string, string, PulseResult][] = [
		['checkIn', m.outcome_q_checkIn(), report.pulses.checkIn],
		['pulse.respected', m.outcome_q_respected(), report.pulses.respected],
		...CHECK_OUT_PROMPTS.map((p): [string, string, PulseResult] => [
			p,
			checkOutQuestion(p),
			report.pulses.checkOut[p]
		])
	];
	pulses.forEach(([prompt, question, result], i) => {
		rows.push(
			row({
				section: 'pulse',
				position: i + 1,
				text: question,
				status: prompt,
				figure: figureCell(result.responses),
				measure: 'answers'
			})
		);
		rows.push(
			row({
				section: 'pulse',
				position: i + 1,
				text: question,
				status: prompt,
				figure: figureCell(result.mean),
				measure: 'mean (1-5)'
			})
		);
	});

	const p = report.participation;
	const participation: [string, string, Figure, string][] = [
		['joined', m.outcome_part_joined(), p.joined, 'phones'],
		['affirmed', m.outcome_part_affirmed(), p.groundRules.affirmed, 'people'],
		['objected', m.outcome_part_objected(), p.groundRules.objected, 'people'],
		['rolesNamed', m.outcome_part_roles(), p.rolesNamed, 'answers'],
		['submitted', m.outcome_part_submitted(), p.contributions.submitted, 'contributions'],
		['approved', m.outcome_part_approved(), p.contributions.approved, 'contributions'],
		['hidden', m.outcome_part_hidden(), p.contributions.hidden, 'contributions'],
		['pending', m.outcome_part_pending(), p.contributions.pending, 'contributions']
	];
	participation.forEach(([key, label, figure, measure], i) => {
		rows.push(
			row({
				section: 'participation',
				position: i + 1,
				text: label,
				status: key,
				figure: figureCell(figure),
				measure
			})
		);
	});

	// The speaking rounds (issue 11): two rows per round, its turns and its passes; never who spoke.
	(report.speaking ?? []).forEach((round, i) => {
		const text = speakingRoundName(round.purpose);
		rows.push(
			row({
				section: 'speaking',
				position: i + 1,
				text,
				detail: round.phase,
				status: 'turns',
				figure: round.turns,
				measure: 'turns'
			}),
			row({
				section: 'speaking',
				position: i + 1,
				text,
				detail: round.phase,
				status: 'passes',
				figure: figureCell(round.passes),
				measure: 'people'
			})
		);
	});

	report.timeline.forEach((entry, i) => {
		rows.push(
			row({
				section: 'timeline',
				position: i + 1,
				text: timelineText(entry),
				date: isoMoment(entry.at),
				detail: entry.note ?? null,
				status: entry.kind
			})
		);
	});
	return toCsv(rows);
}
