import { requireStaff } from '$lib/server/auth/guard';
import { listDialogues } from '$lib/server/dialogues';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return { dialogues: listDialogues(staff), canCreate: staff.role === 'organiser' };
};
