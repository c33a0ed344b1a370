import { requireOrganiser } from '$lib/server/auth/guard';
import type { DialogueStatus } from '$lib/server/db/schema';
import { reviewDashboard } from '$lib/server/outcome/service';
import { isCalendarDate } from '$lib/validation';
import { PULSE_CHOICES, type PulseChoice } from './questions';
import type { PageServerLoad } from './$types';

const STATUSES: readonly DialogueStatus[] = ['preparing', 'ready', 'live', 'closed', 'archived'];

/** The organisation's dialogues for organisers: filters come from the address, so a filtered view can be shared. */
export const load: PageServerLoad = (event) => {
	const staff = requireOrganiser(event);
	const query = event.url.searchParams;
	const status = query.get('status') ?? '';
	const day = (key: string) => {
		const value = query.get(key) ?? '';
		return isCalendarDate(value) ? value : '';
	};
	const pulse = query.get('pulse') ?? '';
	const filters = {
		status: (STATUSES as readonly string[]).includes(status) ? (status as DialogueStatus) : ('' as const),
		facilitatorId: query.get('facilitator') ?? '',
		from: day('from'),
		to: day('to'),
		pulse: ((PULSE_CHOICES as readonly string[]).includes(pulse) ? pulse : 'checkOut.safe') as PulseChoice
	};
	return {
		filters,
		statuses: STATUSES,
		pulseChoices: PULSE_CHOICES,
		dashboard: reviewDashboard(staff, filters),
		deleted: query.get('deleted')
	};
};
