import type { StaffRole } from '../db/schema';

/** Who is acting on a staff request: taken from the sign-in session, never from the request body. */
export interface StaffPrincipal {
	id: string;
	organisationId: string;
	role: StaffRole;
	email: string;
	name: string;
}
