import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, parseAuditCursor, recordAudit, timeOrderedId } from '../audit';
import type { Db } from '../db';
import { oneTimeToken, staffUser } from '../db/schema';
import {
	acceptInvite,
	AccountError,
	changeRole,
	checkLink,
	disableMember,
	enableMember,
	INVITE_TTL_MS,
	inviteFacilitator,
	isFirstRun,
	issuePasswordReset,
	listMembers,
	readAuditLog,
	recordSignOut,
	renewInvite,
	RESET_TTL_MS,
	resetPassword,
	setupFirstOrganisation,
	signIn
} from './accounts';
import type { StaffPrincipal } from './principal';
import { SignInLimiter } from './rate-limit';
import { hashToken, validateSession } from './sessions';
import { openTestDatabase } from './test-db';

const PASSWORD = 'a calm warm hearth';
const T0 = Date.UTC(2025, 0, 1);
const HOUR = 60 * 60 * 1000;

let db: Db;
let close: () => void;
let limiter: SignInLimiter;

beforeEach(() => {
	({ db, close } = openTestDatabase());
	limiter = new SignInLimiter();
});

afterEach(() => close());

async function setup(email = 'org@example.org', additional = false) {
	const { principal } = await setupFirstOrganisation(
		db,
		{ organisationName: 'Probation North', name: 'Olga Organiser', email, password: PASSWORD },
		{ additional, now: T0 }
	);
	return principal;
}

async function expectAccountError(promise: Promise<unknown> | (() => unknown), code: string) {
	const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
	await expect(run).rejects.toSatisfy((e) => e instanceof AccountError && e.code === code);
}

/** An invited facilitator who has accepted and can sign in. */
async function facilitator(organiser: StaffPrincipal, email = 'fay@example.org') {
	const invite = inviteFacilitator(db, organiser, { email, name: 'Fay', role: 'facilitator' }, T0);
	const { principal } = await acceptInvite(db, invite.token, { name: 'Fay F.', password: PASSWORD }, T0);
	return principal;
}

describe('first-run setup', () => {
	it('creates the organisation and its first organiser, once', async () => {
		expect(isFirstRun(db)).toBe(true);
		const organiser = await setup();
		expect(isFirstRun(db)).toBe(false);
		expect(organiser).toMatchObject({ role: 'organiser', email: 'org@example.org', name: 'Olga Organiser' });
		await expectAccountError(setup('second@example.org'), 'setupDone');
		expect(listAudit(db, organiser.organisationId).map((e) => e.action)).toEqual(['organisation.create']);
	});

	it('lower-cases and trims the email, and refuses an email that exists', async () => {
		const organiser = await setup('  Org@Example.ORG ');
		expect(organiser.email).toBe('org@example.org');
		await expectAccountError(setup('ORG@example.org', true), 'emailTaken');
	});

	it('creates additional organisations only when asked to', async () => {
		const a = await setup('a@example.org');
		const b = await setup('b@example.org', true);
		expect(b.organisationId).not.toBe(a.organisationId);
	});

	it('refuses bad input with a code per field and stores nothing', async () => {
		await expect(
			setupFirstOrganisation(db, { organisationName: '', name: 'x\u0000', email: 'nope', password: 'short' })
		).rejects.toSatisfy(
			(e) =>
				e instanceof AccountError &&
				e.code === 'invalidInput' &&
				e.fields.organisationName === 'required' &&
				e.fields.name === 'control' &&
				e.fields.email === 'email' &&
				e.fields.password === 'passwordShort'
		);
		expect(isFirstRun(db)).toBe(true);
	});
});

describe('signing in', () => {
	it('signs in with the right password and records it', async () => {
		const organiser = await setup();
		const result = await signIn(
			db,
			{ email: 'ORG@example.org', password: PASSWORD },
			{ address: 'a', limiter }
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.principal.id).toBe(organiser.id);
		expect(validateSession(db, result.session.token)?.principal.id).toBe(organiser.id);
		expect(listAudit(db, organiser.organisationId)[0]?.action).toBe('staff.signIn');
	});

	it('gives the same answer for a wrong password and an unknown email', async () => {
		await setup();
		const wrong = await signIn(
			db,
			{ email: 'org@example.org', password: 'wrong password' },
			{ address: 'a', limiter }
		);
		const unknown = await signIn(
			db,
			{ email: 'who@example.org', password: PASSWORD },
			{ address: 'a', limiter }
		);
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
	});

	it('does not let an invited person without a password in', async () => {
		const organiser = await setup();
		inviteFacilitator(db, organiser, { email: 'new@example.org', name: 'New', role: 'facilitator' });
		const result = await signIn(db, { email: 'new@example.org', password: '' }, { address: 'a', limiter });
		expect(result).toEqual({ ok: false, reason: 'invalid' });
	});

	it('refuses a disabled member, even with the right password, and ends their sessions', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		const before = await signIn(db, { email: fay.email, password: PASSWORD }, { address: 'a', limiter });
		disableMember(db, organiser, fay.id);
		if (before.ok) expect(validateSession(db, before.session.token)).toBeNull();
		expect(before.ok).toBe(true);
		const after = await signIn(db, { email: fay.email, password: PASSWORD }, { address: 'a', limiter });
		expect(after).toEqual({ ok: false, reason: 'disabled' });
		enableMember(db, organiser, fay.id);
		expect((await signIn(db, { email: fay.email, password: PASSWORD }, { address: 'a', limiter })).ok).toBe(
			true
		);
	});

	it('is rate limited after 5 failures for one email from one address, with a time to wait', async () => {
		await setup();
		for (let i = 0; i < 5; i++)
			await signIn(
				db,
				{ email: 'org@example.org', password: 'wrong password' },
				{ address: 'a', limiter, now: T0 }
			);
		const blocked = await signIn(
			db,
			{ email: 'org@example.org', password: PASSWORD },
			{ address: 'a', limiter, now: T0 + 1000 }
		);
		expect(blocked).toEqual({ ok: false, reason: 'rateLimited', retryAfterSeconds: 29 });
	});

	it('checks at most the free attempts when many arrive at the same moment', async () => {
		await setup();
		const attempts = await Promise.all(
			Array.from({ length: 60 }, () =>
				signIn(
					db,
					{ email: 'org@example.org', password: 'wrong password' },
					{ address: 'a', limiter, now: T0 }
				)
			)
		);
		expect(attempts.filter((a) => !a.ok && a.reason === 'invalid')).toHaveLength(5);
		expect(attempts.filter((a) => !a.ok && a.reason === 'rateLimited')).toHaveLength(55);
	});

	it('lets the real person in from a known device while their password is being guessed', async () => {
		const organiser = await setup();
		// Fewer free failures per email than by default, to keep the number of (slow) hash checks down.
		limiter = new SignInLimiter({ email: { free: 3, firstDelayMs: 60_000, maxDelayMs: 900_000 } });
		const before = await signIn(
			db,
			{ email: organiser.email, password: PASSWORD },
			{ address: 'home', limiter, now: T0 }
		);
		if (!before.ok) throw new Error('sign-in failed');
		for (let i = 0; i < 3; i++)
			await signIn(
				db,
				{ email: organiser.email, password: `guess ${i}` },
				{ address: `203.0.113.${i}`, limiter, now: T0 + i }
			);
		const elsewhere = await signIn(
			db,
			{ email: organiser.email, password: PASSWORD },
			{ address: 'cafe', limiter, now: T0 + 1000 }
		);
		expect(elsewhere).toMatchObject({ ok: false, reason: 'rateLimited' });
		const known = await signIn(
			db,
			{ email: organiser.email, password: PASSWORD },
			{ address: 'cafe', deviceToken: before.device.token, limiter, now: T0 + 1000 }
		);
		expect(known.ok).toBe(true);
		// The device token is renewed with each sign-in, and belongs to this person only.
		if (!known.ok) return;
		expect(known.device.token).not.toBe(before.device.token);
		const fay = await facilitator(organiser);
		const someoneElses = await signIn(
			db,
			{ email: fay.email, password: 'wrong password' },
			{ address: 'cafe', deviceToken: known.device.token, limiter, now: T0 + 2000 }
		);
		expect(someoneElses).toEqual({ ok: false, reason: 'invalid' });
	}, 60_000);

	it('records sign-out and ends only that session', async () => {
		const organiser = await setup();
		const one = await signIn(db, { email: organiser.email, password: PASSWORD }, { address: 'a', limiter });
		const two = await signIn(db, { email: organiser.email, password: PASSWORD }, { address: 'a', limiter });
		if (!one.ok || !two.ok) throw new Error('sign-in failed');
		recordSignOut(db, organiser, one.session.id);
		expect(validateSession(db, one.session.token)).toBeNull();
		expect(validateSession(db, two.session.token)).not.toBeNull();
		expect(listAudit(db, organiser.organisationId)[0]?.action).toBe('staff.signOut');
	});
});

describe('invitations', () => {
	it('invites someone without a password and lets them join through the link', async () => {
		const organiser = await setup();
		const invite = inviteFacilitator(
			db,
			organiser,
			{ email: 'Fay@Example.org', name: 'Fay', role: 'facilitator' },
			T0
		);
		expect(invite.expiresAt).toBe(T0 + INVITE_TTL_MS);
		expect(invite.member).toMatchObject({ email: 'fay@example.org', status: 'invited', role: 'facilitator' });
		// Only the hash of the link's token is stored.
		const stored = db.select().from(oneTimeToken).all();
		expect(stored.map((t) => t.id)).toEqual([hashToken(invite.token)]);

		expect(checkLink(db, 'invite', invite.token, T0)).toMatchObject({
			status: 'valid',
			email: 'fay@example.org',
			organisationName: 'Probation North'
		});
		expect(checkLink(db, 'reset', invite.token, T0).status).toBe('invalid');

		const joined = await acceptInvite(
			db,
			invite.token,
			{ name: 'Fay Fischer', password: PASSWORD },
			T0 + HOUR
		);
		expect(joined.principal).toMatchObject({ name: 'Fay Fischer', role: 'facilitator' });
		expect(validateSession(db, joined.session.token, T0 + HOUR)?.principal.id).toBe(joined.principal.id);
		expect(listMembers(db, organiser).find((m) => m.id === joined.principal.id)?.status).toBe('active');
		expect(listAudit(db, organiser.organisationId).map((e) => e.action)).toEqual(
			expect.arrayContaining(['member.invite', 'member.join'])
		);
	});

	it('works once only', async () => {
		const organiser = await setup();
		const invite = inviteFacilitator(
			db,
			organiser,
			{ email: 'f@example.org', name: 'F', role: 'facilitator' },
			T0
		);
		await acceptInvite(db, invite.token, { name: 'F', password: PASSWORD }, T0);
		expect(checkLink(db, 'invite', invite.token, T0).status).toBe('used');
		await expectAccountError(
			acceptInvite(db, invite.token, { name: 'F', password: 'another password' }, T0),
			'linkUsed'
		);
	});

	it('expires after 7 days', async () => {
		const organiser = await setup();
		const invite = inviteFacilitator(
			db,
			organiser,
			{ email: 'f@example.org', name: 'F', role: 'facilitator' },
			T0
		);
		const late = T0 + INVITE_TTL_MS + 1;
		expect(checkLink(db, 'invite', invite.token, late).status).toBe('expired');
		await expectAccountError(
			acceptInvite(db, invite.token, { name: 'F', password: PASSWORD }, late),
			'linkExpired'
		);
	});

	it('can be renewed; the old link stops working', async () => {
		const organiser = await setup();
		const first = inviteFacilitator(
			db,
			organiser,
			{ email: 'f@example.org', name: 'F', role: 'facilitator' },
			T0
		);
		const second = renewInvite(db, organiser, first.member.id, T0 + HOUR);
		expect(checkLink(db, 'invite', first.token, T0 + HOUR).status).toBe('invalid');
		expect(checkLink(db, 'invite', second.token, T0 + HOUR).status).toBe('valid');
	});

	it('refuses an email that already has an account, and facilitators cannot invite', async () => {
		const organiser = await setup();
		await expectAccountError(
			() => inviteFacilitator(db, organiser, { email: 'org@example.org', name: 'X', role: 'facilitator' }),
			'emailTaken'
		);
		const fay = await facilitator(organiser);
		await expectAccountError(
			() => inviteFacilitator(db, fay, { email: 'z@example.org', name: 'Z', role: 'facilitator' }),
			'forbidden'
		);
	});

	it('rejects an unknown link token', async () => {
		await setup();
		expect(checkLink(db, 'invite', 'made-up-token').status).toBe('invalid');
		await expectAccountError(
			acceptInvite(db, 'made-up-token', { name: 'F', password: PASSWORD }),
			'linkInvalid'
		);
	});
});

describe('password reset links', () => {
	it('sets a new password once, and ends the old sessions', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		const old = await signIn(db, { email: fay.email, password: PASSWORD }, { address: 'a', limiter });
		const link = issuePasswordReset(db, organiser, fay.id, T0);
		expect(link.expiresAt).toBe(T0 + RESET_TTL_MS);

		await resetPassword(db, link.token, 'a brand new password', T0 + HOUR);
		if (old.ok) expect(validateSession(db, old.session.token, T0 + HOUR)).toBeNull();
		expect(old.ok).toBe(true);
		expect((await signIn(db, { email: fay.email, password: PASSWORD }, { address: 'a', limiter })).ok).toBe(
			false
		);
		expect(
			(await signIn(db, { email: fay.email, password: 'a brand new password' }, { address: 'a', limiter })).ok
		).toBe(true);
		await expectAccountError(resetPassword(db, link.token, 'yet another password', T0 + HOUR), 'linkUsed');
	});

	it('expires after 24 hours', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		const link = issuePasswordReset(db, organiser, fay.id, T0);
		await expectAccountError(
			resetPassword(db, link.token, 'a brand new password', T0 + RESET_TTL_MS),
			'linkExpired'
		);
	});

	it('applies the password policy', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		const link = issuePasswordReset(db, organiser, fay.id, T0);
		await expectAccountError(resetPassword(db, link.token, 'short', T0), 'invalidInput');
		expect(checkLink(db, 'reset', link.token, T0).status).toBe('valid');
	});

	it('refuses passwords that are easy to guess, everywhere a password is chosen, and says why', async () => {
		const weak = async (promise: Promise<unknown>, reason: string) =>
			expect(promise).rejects.toSatisfy(
				(e) => e instanceof AccountError && e.code === 'invalidInput' && e.fields.password === reason
			);
		await weak(
			setupFirstOrganisation(db, {
				organisationName: 'Probation North',
				name: 'Olga Organiser',
				email: 'org@example.org',
				password: 'password123'
			}),
			'passwordCommon'
		);
		expect(isFirstRun(db)).toBe(true);
		const organiser = await setup();
		const invite = inviteFacilitator(db, organiser, {
			email: 'fay@example.org',
			name: 'Fay',
			role: 'facilitator'
		});
		await weak(
			acceptInvite(db, invite.token, { name: 'Fay', password: 'fay@example.org' }),
			'passwordPersonal'
		);
		expect(checkLink(db, 'invite', invite.token).status).toBe('valid');
		const fay = await facilitator(organiser, 'fay2@example.org');
		const link = issuePasswordReset(db, organiser, fay.id);
		await weak(resetPassword(db, link.token, 'qwertyuiop1234'), 'passwordCommon');
		expect(checkLink(db, 'reset', link.token).status).toBe('valid');
	}, 60_000);

	it('is for joined members; someone still invited gets a new invitation instead', async () => {
		const organiser = await setup();
		const invite = inviteFacilitator(db, organiser, {
			email: 'f@example.org',
			name: 'F',
			role: 'facilitator'
		});
		await expectAccountError(() => issuePasswordReset(db, organiser, invite.member.id), 'notJoined');
	});
});

describe('members and roles', () => {
	it('lists the members of the organisation with their status', async () => {
		const organiser = await setup();
		await facilitator(organiser);
		inviteFacilitator(db, organiser, { email: 'i@example.org', name: 'Ida', role: 'organiser' });
		const members = listMembers(db, organiser);
		expect(members.map((m) => [m.name, m.role, m.status])).toEqual([
			['Fay F.', 'facilitator', 'active'],
			['Ida', 'organiser', 'invited'],
			['Olga Organiser', 'organiser', 'active']
		]);
	});

	it('changes roles, but never leaves the organisation without an organiser who can act', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		await expectAccountError(() => changeRole(db, organiser, organiser.id, 'facilitator'), 'lastOrganiser');
		expect(changeRole(db, organiser, fay.id, 'organiser').role).toBe('organiser');
		// Now there are two: the first may step down.
		expect(changeRole(db, organiser, organiser.id, 'facilitator').role).toBe('facilitator');
		const audit = listAudit(db, organiser.organisationId).filter((e) => e.action === 'member.changeRole');
		expect(audit).toHaveLength(2);
		expect(audit[0]?.detail).toEqual({ from: 'organiser', to: 'facilitator' });
	});

	it('cannot disable yourself; the organiser left cannot step down', async () => {
		const organiser = await setup();
		await expectAccountError(() => disableMember(db, organiser, organiser.id), 'self');
		const fay = await facilitator(organiser);
		changeRole(db, organiser, fay.id, 'organiser');
		const fayAsOrganiser: StaffPrincipal = { ...fay, role: 'organiser' };
		expect(disableMember(db, fayAsOrganiser, organiser.id).status).toBe('disabled');
		// Fay is now the only organiser who can act: she may not make herself a facilitator.
		await expectAccountError(() => changeRole(db, fayAsOrganiser, fay.id, 'facilitator'), 'lastOrganiser');
		expect(listAudit(db, organiser.organisationId)[0]).toMatchObject({
			action: 'member.disable',
			actorId: fay.id,
			targetId: organiser.id
		});
	});

	it('lets only organisers manage members', async () => {
		const organiser = await setup();
		const fay = await facilitator(organiser);
		await expectAccountError(() => disableMember(db, fay, organiser.id), 'forbidden');
		await expectAccountError(() => changeRole(db, fay, fay.id, 'organiser'), 'forbidden');
		await expectAccountError(() => issuePasswordReset(db, fay, organiser.id), 'forbidden');
		await expectAccountError(() => readAuditLog(db, fay), 'forbidden');
	});
});

describe('audit log paging', () => {
	it('pages through entries of the same millisecond without skipping or repeating one', async () => {
		const organiser = await setup();
		for (let i = 0; i < 7; i++) {
			recordAudit(db, {
				organisationId: organiser.organisationId,
				actorId: organiser.id,
				action: `test.same${i}`,
				at: 1_900_000_000_000
			});
		}
		const all = listAudit(db, organiser.organisationId).map((e) => e.id);
		const seen: string[] = [];
		let before: string | null = null;
		do {
			const page = readAuditLog(db, organiser, { before: parseAuditCursor(before) ?? undefined, limit: 3 });
			seen.push(...page.entries.map((e) => e.id));
			before = page.nextBefore;
		} while (before);
		expect(seen).toEqual(all);
		expect(new Set(seen).size).toBe(all.length);
	});

	it('gives ids that sort in the order they were made, also within one millisecond', () => {
		const ids = Array.from({ length: 5000 }, () => timeOrderedId(1_900_000_000_000));
		expect([...ids].sort()).toEqual(ids);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('reads a cursor from a link, and nothing else', () => {
		const id = '0b7a6c2e-93d1-4f3a-8a49-2f5c7e1d9b10';
		expect(parseAuditCursor(`1900000000000.${id}`)).toEqual({ at: 1_900_000_000_000, id });
		expect(parseAuditCursor('1900000000000')).toBeNull();
		expect(parseAuditCursor(`x.${id}`)).toBeNull();
		expect(parseAuditCursor(null)).toBeNull();
	});
});

describe('organisation scoping', () => {
	it('keeps an organiser of one organisation out of another', async () => {
		const a = await setup('a@example.org');
		const b = await setup('b@example.org', true);
		const bFay = await facilitator(b, 'bfay@example.org');

		expect(listMembers(db, a).map((m) => m.email)).toEqual(['a@example.org']);
		await expectAccountError(() => disableMember(db, a, bFay.id), 'notFound');
		await expectAccountError(() => enableMember(db, a, bFay.id), 'notFound');
		await expectAccountError(() => issuePasswordReset(db, a, bFay.id), 'notFound');
		await expectAccountError(() => renewInvite(db, a, bFay.id), 'notFound');
		await expectAccountError(() => changeRole(db, a, bFay.id, 'organiser'), 'notFound');

		const stored = db.select().from(staffUser).where(eq(staffUser.id, bFay.id)).get();
		expect(stored).toMatchObject({ disabledAt: null, role: 'facilitator' });
		expect(readAuditLog(db, a).entries.every((e) => e.actorName === 'Olga Organiser')).toBe(true);
	});

	it('puts invited people in the inviting organiser’s organisation only', async () => {
		const a = await setup('a@example.org');
		const b = await setup('b@example.org', true);
		inviteFacilitator(db, a, { email: 'new@example.org', name: 'New', role: 'facilitator' });
		expect(listMembers(db, b).map((m) => m.email)).toEqual(['b@example.org']);
	});
});

describe('audit log', () => {
	it('reads newest first with names, a page at a time', async () => {
		const organiser = await setup();
		for (let i = 1; i <= 5; i++)
			inviteFacilitator(
				db,
				organiser,
				{ email: `p${i}@example.org`, name: `P${i}`, role: 'facilitator' },
				T0 + i
			);
		const first = readAuditLog(db, organiser, { limit: 4 });
		expect(first.entries.map((e) => e.targetName)).toEqual(['P5', 'P4', 'P3', 'P2']);
		expect(first.entries[0]).toMatchObject({
			actorName: 'Olga Organiser',
			action: 'member.invite',
			bySystem: false
		});
		expect(first.nextBefore).toBe(`${T0 + 2}.${first.entries[3]?.id}`);
		const second = readAuditLog(db, organiser, {
			limit: 4,
			before: parseAuditCursor(first.nextBefore) ?? undefined
		});
		expect(second.entries.map((e) => e.action)).toEqual(['member.invite', 'organisation.create']);
		expect(second.nextBefore).toBeNull();
	});
});
