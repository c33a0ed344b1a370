/**
 * Authorisation at the edge of every staff route. Pages get a redirect to the sign-in form; JSON endpoints
 * get a 401/403 problem. Scoping by organisation and dialogue happens in the services, which take the
 * principal as their first argument.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { StaffPrincipal } from './principal';

/** The signed-in staff member, or a redirect to `/login?next=…` (pages and form actions). */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>): StaffPrincipal {
	const staff = event.locals.staff;
	if (!staff) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return staff;
}

/** Like requireStaff, and the person must be an organiser (404-free: a facilitator gets 403). */
export function requireOrganiser(event: Pick<RequestEvent, 'locals' | 'url'>): StaffPrincipal {
	const staff = requireStaff(event);
	if (staff.role !== 'organiser') error(403, 'Only organisers can do this.');
	return staff;
}
