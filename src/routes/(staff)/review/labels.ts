/** Words and dates for the review pages, the same on the dashboard and a dialogue's follow-up. */
import { phaseLabel } from '$lib/components/live/phases';
import type { SessionPhase } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';

export function momentText(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A `YYYY-MM-DD` day, read as a calendar day (never shifted by a time zone). */
export function dayText(day: string | null, locale: string): string {
	if (!day) return m.outcome_not_set();
	const ms = Date.parse(`${day}T00:00:00Z`);
	if (!Number.isFinite(ms)) return day;
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}

/** A short date under a chart's axis; the full date is in the point's title and the table. */
export function shortDay(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(ms);
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
