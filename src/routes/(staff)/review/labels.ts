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

export function statusText(status: string): string {
	switch (status) {
		case 'preparing':
			return m.prep_status_preparing();
		case 'ready':
			return m.prep_status_ready();
		case 'live':
			return m.prep_status_live();
		case 'closed':
			return m.prep_status_closed();
		case 'archived':
			return m.prep_status_archived();
		default:
			return status;
	}
}
