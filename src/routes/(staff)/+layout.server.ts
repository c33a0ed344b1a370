import { acceptedLanguages, readerLocale } from '$lib/format/dates';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

/**
 * Every staff page sits behind sign-in. Note that a layout load does not guard the pages' own loads and
 * actions (they run in parallel): each of those calls requireStaff/requireOrganiser itself.
 */
export const load: LayoutServerLoad = (event) => {
	const staff = requireStaff(event);
	return {
		staff: { name: staff.name, role: staff.role, email: staff.email },
		// Dates on every staff page in the reader's variant of the page's language (`src/lib/format/dates.ts`),
		// decided once here so that the server's rendering and the browser's hydration write the same text.
		dateLocale: readerLocale(getLocale(), acceptedLanguages(event.request.headers.get('accept-language')))
	};
};
