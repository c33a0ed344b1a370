/** Words and dates for the review pages, the same on the dashboard and a dialogue's follow-up. */
import { phaseLabel } from '$lib/components/live/phases';
import { formatDay, formatMoment, formatShortDay } from '$lib/format/dates';
import type { SessionPhase } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';

/** The house format of `src/lib/format/dates.ts`, as everywhere. */
export function momentText(ms: number, locale: string): string {
	return formatMoment(ms, locale);
}

/** A `YYYY-MM-DD` day, read as a calendar day (never shifted by a time zone). */
export function dayText(day: string | null, locale: string): string {
	return day ? formatDay(day, locale) : m.outcome_not_set();
}

/** A short date under a chart's axis; the full date is in the point's title and the table. */
export function shortDay(ms: number, locale: string): string {
	return formatShortDay(ms, locale);
}

export function phaseText(phase: SessionPhase): string {
	return phaseLabel(phase);
}

/** A dialogue's status in words, as on the dialogue pages. */
export { statusLabel as statusText } from '../dialogues/components/labels';
