/** Where on the console a values-check reason is fixed (its words: `$lib/components/value-check/reasons`). */
import type { FixTarget } from '$lib/dialogue';

/** The id of the console area that fixes a reason, when it is on this page (preparation items are elsewhere). */
export function fixArea(fix: FixTarget | undefined): string | null {
	switch (fix) {
		case 'moderation':
			return 'moderation';
		case 'themes':
			return 'themes';
		case 'proposals':
			return 'proposals';
		case 'agreement':
		case 'commitments':
			return 'agreement';
		case 'consent':
			return 'consent';
		case 'checkOut':
			return 'checkout';
		case 'closingRitual':
			return 'ritual';
		case 'followUp':
			return 'followup';
		case 'purpose':
		case 'checkIn':
		case 'pulse':
		case 'participants':
			return 'tasks';
		default:
			return null;
	}
}

/** Brings a console area into view and moves the keyboard focus there, unfolding its panel when it is folded. */
export function goToArea(id: string): void {
	const area = document.getElementById(id);
	const fold = area?.closest('details');
	if (fold && !fold.open) fold.open = true;
	area?.scrollIntoView({ block: 'start', behavior: 'smooth' });
	area?.focus({ preventScroll: true });
}
