import { requireStaff } from '$lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

/**
 * Every staff page sits behind sign-in. Note that a layout load does not guard the pages' own loads and
 * actions (they run in parallel): each of those calls requireStaff/requireOrganiser itself.
 */
export const load: LayoutServerLoad = (event) => {
	const staff = requireStaff(event);
	return { staff: { name: staff.name, role: staff.role, email: staff.email } };
};
