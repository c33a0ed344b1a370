import { requireStaff } from '$lib/server/auth/guard';
import { getDialogueForStaff, guarded, readiness } from '$lib/server/dialogues';
import type { LayoutServerLoad } from './$types';

/**
 * The dialogue and its live readiness, for the header, the item navigation and every item page. Pages and
 * actions below still check access themselves (a layout load does not guard them).
 */
export const load: LayoutServerLoad = (event) => {
	const staff = requireStaff(event);
	const id = event.params.id;
	return guarded(() => ({
		dialogue: getDialogueForStaff(staff, id),
		readiness: readiness(staff, id)
	}));
};
