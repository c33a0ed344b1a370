/** Translated names of preparation items and dialogue statuses, the same on every page. */
import { m } from '$lib/paraglide/messages';
import type { PrepItem } from '$lib/validation';

export function itemLabel(item: PrepItem): string {
	switch (item) {
		case 'details':
			return m.prep_item_details();
		case 'facilitators':
			return m.prep_item_facilitators();
		case 'capacity':
			return m.prep_item_capacity();
		case 'information':
			return m.prep_item_information();
		case 'risk':
			return m.prep_item_risk();
		case 'knowledge':
			return m.prep_item_knowledge();
		case 'groundRules':
			return m.prep_item_ground_rules();
		case 'safety':
			return m.prep_item_safety();
		case 'sessionPlan':
			return m.prep_item_session_plan();
		case 'impartiality':
			return m.prep_item_impartiality();
	}
}

export function statusLabel(status: string): string {
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

/**
 * The line under a dialogue's status on the list: whether its preparation is ready to open. Only a dialogue
 * that has not opened yet gets one; a live, closed or archived dialogue is past that question, and "Ready to
 * open" on a closed one reads as if the meeting were still ahead.
 */
export function readinessLabel(status: string, ready: boolean): string | null {
	if (status !== 'preparing' && status !== 'ready') return null;
	return ready ? m.prep_list_ready() : m.prep_list_not_ready();
}

/** A date-time in the reader's language, in the house format (`src/lib/format/dates.ts`). */
export { formatMoment } from '$lib/format/dates';
