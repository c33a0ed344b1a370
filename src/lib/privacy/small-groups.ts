/**
 * The small-group safeguard (privacy rule 4, practice standard "no figure that lets a small group be inferred
 * from others"), for the outcome report and its exports and for every live screen, API view and stream frame
 * alike: the console, the projector and the phones. Pure, so that the server and the browsers apply the same rule.
 * One rule, applied here and nowhere else:
 *
 * 1. **Threshold.** A count of people or of what they answered, sent or endorsed is shown only when it is 0 or at
 *    least the dialogue's minimum group size (`minGroupSize`, never below 3). A count from 1 to minGroupSize − 1
 *    reads "not enough answers" (null), never a number. A mean is shown only when it summarises at least
 *    minGroupSize answers.
 * 2. **Small questions hide whole.** When fewer than minGroupSize people answered a question, every figure of it
 *    is hidden: its count, its mean and each option, zeros included (a zero next to a hidden total would say what
 *    the few answered).
 * 3. **No subtraction.** When any part of a total is hidden, the total is hidden too, so that
 *    total − (the parts shown) never gives a hidden part back. The total may be known all the same (the console
 *    shows how many answered while a round is open), so a part is never hidden alone: when only one is small,
 *    the smallest other part that anyone chose is hidden with it. The report shows each total with one breakdown only
 *    (contributions by status, consent by gradient, the ground rules by answer) and adds no totals of its own over
 *    hidden figures: no sum of endorsements, no mean across questions.
 * 4. **Reasons of the values check** that count people or their answers (joined, affirmed, objections, check-in
 *    answers, pulse answers) are shown without any number when such a count is hidden by rule 1. Counts of
 *    contributions waiting in the moderation queue or not yet themed are not: the facilitator sees each of them
 *    one by one in the queue, so their number tells nothing more about anyone.
 *
 * 5. **Order follows the figures.** Things ranked by a count (proposals by support) are ranked by what is shown:
 *    every hidden count ranks the same, between 0 and the minimum, so the order never tells 1 from 4.
 * 6. **Live figures change only when what is shown changes.** A stream tells of a new count only when its shown
 *    figure changed, so that counting the messages never gives back a hidden count.
 *
 * Staff-made things (themes, commitments, shortlisted proposals) are not counts of people and are not suppressed.
 */
import type { Reason, ValuesCheck } from '$lib/dialogue/types';
import type { Figure, ReportReason } from '$lib/outcome/types';

/** Rule 1 for one count. */
export function countFigure(n: number, minGroupSize: number): Figure {
	return n === 0 || n >= minGroupSize ? n : null;
}

/**
 * Rule 5: orders two shown counts, larger first. A hidden count ranks below any shown count but above 0 (a hidden
 * count is never 0), the same as every other hidden one; `sort` keeps ties in their order.
 */
export function compareFigures(a: Figure, b: Figure): number {
	return figureRank(b) - figureRank(a);
}

function figureRank(figure: Figure): number {
	return figure === null ? 0.5 : figure;
}

/** Rule 1 for a mean of `n` answers (rounded to one decimal). */
export function meanFigure(n: number, mean: number | null, minGroupSize: number): Figure {
	if (mean === null || n < minGroupSize) return null;
	return Math.round(mean * 10) / 10;
}

/**
 * Rules 1 and 2 for the mean of one question: hidden when fewer than minGroupSize people answered it at all, even
 * when its numeric answers alone (`scale`) would be enough, as a check-in that mixes numbers and words can.
 */
export function questionMean(
	responses: number,
	scale: { n: number; mean: number | null },
	minGroupSize: number
): Figure {
	return responses < minGroupSize ? null : meanFigure(scale.n, scale.mean, minGroupSize);
}

/**
 * Rules 1–3 for a total and one breakdown of it: `parts` must add up to the total (e.g. answers per option).
 * Returns the total and each part as shown.
 */
export function partition<K extends string>(
	parts: Record<K, number>,
	minGroupSize: number
): { total: Figure; parts: Record<K, Figure> } {
	const keys = Object.keys(parts) as K[];
	const total = keys.reduce((sum, key) => sum + parts[key], 0);
	const shown = {} as Record<K, Figure>;
	if (total < minGroupSize) {
		for (const key of keys) shown[key] = null;
		return { total: total === 0 ? 0 : null, parts: total === 0 ? { ...parts } : shown };
	}
	for (const key of keys) shown[key] = countFigure(parts[key], minGroupSize);
	const hidden = keys.filter((key) => shown[key] === null);
	if (hidden.length === 1) {
		// Its partner always exists: a lone part that anyone chose would be the whole total, large enough.
		const partner = keys
			.filter((key) => shown[key] !== null && parts[key] > 0)
			.sort((a, b) => parts[a] - parts[b])[0];
		if (partner) shown[partner] = null;
	}
	return { total: hidden.length > 0 ? null : total, parts: shown };
}

/** Parameters of values-check reasons that count people or what they sent (rule 4). */
export const PEOPLE_COUNT_PARAMS: Readonly<Record<string, readonly string[]>> = {
	'opening.tooFewParticipants': ['count'],
	// `needed` is 80% of those who joined, so it would give a hidden number of people back.
	'opening.tooFewAffirmed': ['affirmed', 'needed'],
	'opening.openObjection': ['count'],
	'opening.checkInMissing': ['count'],
	'fears.respectPulseTooFewAnswers': ['count']
};

/**
 * Rule 4: a reason keeps its parameters unless one of its people counts is hidden; then it keeps none (another
 * parameter, like "at least 4 needed", can follow from the hidden count) and is shown in words only.
 */
export function suppressReason(
	reason: { code: string; params?: Record<string, string | number>; suppressed?: boolean },
	minGroupSize: number
): ReportReason {
	const params = reason.params ?? {};
	const counted = PEOPLE_COUNT_PARAMS[reason.code] ?? [];
	// Once suppressed, always: the numbers are gone and cannot be checked again.
	const hidden =
		reason.suppressed === true ||
		counted.some((key) => {
			const value = params[key];
			return typeof value === 'number' && countFigure(value, minGroupSize) === null;
		});
	return hidden
		? { code: reason.code, params: {}, suppressed: true }
		: { code: reason.code, params: { ...params }, suppressed: false };
}

/** Rule 4 for a live reason: its `fix` kept, its people counts dropped when one is hidden. */
export function shownReason(reason: Reason, minGroupSize: number): Reason {
	const shown = suppressReason(reason, minGroupSize);
	return shown.suppressed ? { ...reason, params: {}, suppressed: true } : reason;
}

/** Rule 4 for a whole values check, as the console, its stream and the command answers show it. */
export function shownCheck<C extends ValuesCheck | null>(check: C, minGroupSize: number): C {
	if (!check) return check;
	const results = { ...check.results };
	for (const value of Object.keys(results) as (keyof typeof results)[]) {
		const result = results[value];
		results[value] = { ...result, reasons: result.reasons.map((r) => shownReason(r, minGroupSize)) };
	}
	return { ...check, results };
}
