import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { inviteSchema, roleSchema, validate } from '$lib/auth/schemas';
import { formatMoment } from '$lib/format/dates';
import { getLocale } from '$lib/paraglide/runtime';
import {
	AccountError,
	changeRole,
	disableMember,
	enableMember,
	inviteFacilitator,
	issuePasswordReset,
	listMembers,
	renewInvite
} from '$lib/server/auth/accounts';
import { accountErrorText, fieldErrorText, fieldErrorTexts, readFields } from '$lib/server/auth/form';
import { requireOrganiser } from '$lib/server/auth/guard';
import type { StaffPrincipal } from '$lib/server/auth/principal';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireOrganiser(event);
	const done = event.url.searchParams.get('done');
	return {
		me: actor.id,
		members: listMembers(getDb(), actor),
		notice:
			done === 'role' || done === 'disable' || done === 'enable'
				? { kind: done, memberId: event.url.searchParams.get('member') ?? '' }
				: null
	};
};

function formatUntil(at: number): string {
	return formatMoment(at, getLocale());
}

/** The fields of a row action; the member id is only ever looked up inside the organiser's organisation. */
async function rowTarget(event: RequestEvent) {
	return readFields(await event.request.formData(), ['memberId', 'role'] as const);
}

/** A refusal from the service, shown above the table; anything else is a real fault and propagates. */
function refused(error: unknown) {
	if (error instanceof AccountError)
		return fail(400, { kind: 'row' as const, message: accountErrorText(error.code) });
	throw error;
}

/**
 * One-time links are returned in the action's result rather than after a redirect: a link must never travel
 * in a URL (history, logs). Everything else ends with a redirect back to the list.
 */
function linkResult(
	kind: 'invite' | 'reset',
	event: RequestEvent,
	member: { name: string; email: string },
	link: { token: string; expiresAt: number }
) {
	return {
		kind: 'link' as const,
		link: {
			kind,
			url: `${event.url.origin}/${kind}/${link.token}`,
			name: member.name,
			email: member.email,
			until: formatUntil(link.expiresAt)
		}
	};
}

function findMember(actor: StaffPrincipal, memberId: string) {
	return listMembers(getDb(), actor).find((member) => member.id === memberId) ?? { name: '', email: '' };
}

export const actions: Actions = {
	invite: async (event) => {
		const actor = requireOrganiser(event);
		const input = readFields(await event.request.formData(), ['email', 'name', 'role'] as const);
		const values = { email: input.email, name: input.name, role: input.role };
		const checked = validate(inviteSchema, input);
		if (!checked.ok)
			return fail(400, { kind: 'invite' as const, values, errors: fieldErrorTexts(checked.errors) });
		try {
			const issued = inviteFacilitator(getDb(), actor, checked.output);
			return linkResult('invite', event, issued.member, issued);
		} catch (error) {
			if (error instanceof AccountError) {
				const errors =
					error.code === 'emailTaken'
						? { email: accountErrorText(error.code) }
						: fieldErrorTexts(error.fields);
				return fail(400, { kind: 'invite' as const, values, errors });
			}
			throw error;
		}
	},
	reinvite: async (event) => {
		const actor = requireOrganiser(event);
		const { memberId } = await rowTarget(event);
		try {
			const link = renewInvite(getDb(), actor, memberId);
			return linkResult('invite', event, findMember(actor, memberId), link);
		} catch (error) {
			return refused(error);
		}
	},
	reset: async (event) => {
		const actor = requireOrganiser(event);
		const { memberId } = await rowTarget(event);
		try {
			const link = issuePasswordReset(getDb(), actor, memberId);
			return linkResult('reset', event, findMember(actor, memberId), link);
		} catch (error) {
			return refused(error);
		}
	},
	role: async (event) => {
		const actor = requireOrganiser(event);
		const { memberId, role } = await rowTarget(event);
		const checked = validate(roleSchema, role);
		if (!checked.ok) return fail(400, { kind: 'row' as const, message: fieldErrorText('role', 'role') });
		try {
			changeRole(getDb(), actor, memberId, checked.output);
		} catch (error) {
			return refused(error);
		}
		redirect(303, `/organisation/members?done=role&member=${encodeURIComponent(memberId)}`);
	},
	disable: async (event) => {
		const actor = requireOrganiser(event);
		const { memberId } = await rowTarget(event);
		try {
			disableMember(getDb(), actor, memberId);
		} catch (error) {
			return refused(error);
		}
		redirect(303, `/organisation/members?done=disable&member=${encodeURIComponent(memberId)}`);
	},
	enable: async (event) => {
		const actor = requireOrganiser(event);
		const { memberId } = await rowTarget(event);
		try {
			enableMember(getDb(), actor, memberId);
		} catch (error) {
			return refused(error);
		}
		redirect(303, `/organisation/members?done=enable&member=${encodeURIComponent(memberId)}`);
	}
};
