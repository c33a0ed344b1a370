/**
 * Organisations and staff accounts: first-run setup, sign-in, invitations, password-reset links and member
 * management. Every function that acts for a staff member takes the principal from the sign-in session and
 * scopes by its organisation; ids from a request are only ever looked up inside that organisation.
 *
 * Writes run in one synchronous transaction together with their audit entry. Password hashing is slow and
 * asynchronous, so it happens before the transaction opens, never inside it.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, isNotNull, ne } from 'drizzle-orm';
import * as v from 'valibot';
import {
	emailSchema,
	inviteSchema,
	nameSchema,
	organisationNameSchema,
	passwordSchema,
	roleSchema,
	validate,
	type FieldErrors
} from '$lib/auth/schemas';
import { auditCursorText, listAudit, recordAudit, type AuditCursor } from '../audit';
import { monotonicNow } from '../clock';
import type { Db } from '../db';
import {
	authSession,
	oneTimeToken,
	organisation,
	staffUser,
	type OneTimeTokenKind,
	type StaffRole
} from '../db/schema';
import { staffAccessEnded } from './access-ended';
import { knownDeviceId, rememberDevice } from './devices';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { passwordWeakness } from './strength';
import type { StaffPrincipal } from './principal';
import { signInLimiter, type SignInLimiter } from './rate-limit';
import { createSession, deleteSessionsOfUser, generateToken, hashToken, type NewSession } from './sessions';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export type AccountErrorCode =
	/** First-run setup was asked for, but an organisation exists already. */
	| 'setupDone'
	| 'emailTaken'
	/** No such member in the acting person's organisation (whether it exists elsewhere is not revealed). */
	| 'notFound'
	/** Only organisers may do this. */
	| 'forbidden'
	| 'self'
	| 'lastOrganiser'
	| 'memberDisabled'
	/** A reset link was asked for someone who has not accepted their invitation yet (renew that instead). */
	| 'notJoined'
	/** A new invitation was asked for someone who has already joined. */
	| 'alreadyJoined'
	| 'linkInvalid'
	| 'linkExpired'
	| 'linkUsed'
	| 'invalidInput';

/** A refusal a person can act on; `code` picks the words shown to them. */
export class AccountError extends Error {
	override name = 'AccountError';
	constructor(
		readonly code: AccountErrorCode,
		readonly fields: FieldErrors = {}
	) {
		super(code === 'invalidInput' ? `invalidInput: ${JSON.stringify(fields)}` : code);
	}
}

export type MemberStatus = 'active' | 'invited' | 'disabled';

export interface Member {
	id: string;
	email: string;
	name: string;
	role: StaffRole;
	status: MemberStatus;
	createdAt: number;
}

type StaffRow = typeof staffUser.$inferSelect;

function toMember(row: StaffRow): Member {
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		status: row.disabledAt !== null ? 'disabled' : row.passwordHash === null ? 'invited' : 'active',
		createdAt: row.createdAt
	};
}

function toPrincipal(row: StaffRow): StaffPrincipal {
	return {
		id: row.id,
		organisationId: row.organisationId,
		role: row.role,
		email: row.email,
		name: row.name
	};
}

function parse<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
	const result = validate(schema, input);
	if (!result.ok) throw new AccountError('invalidInput', result.errors);
	return result.output;
}

/** Refuses a new password that is too easy to guess, saying why (on the password field). */
function requireStrongPassword(password: string, personal: readonly string[]): void {
	const weakness = passwordWeakness(password, personal);
	if (weakness) throw new AccountError('invalidInput', { password: weakness });
}

function requireOrganiserRole(actor: StaffPrincipal): void {
	if (actor.role !== 'organiser') throw new AccountError('forbidden');
}

/** A member of the actor's own organisation, or `notFound`. */
function memberOf(tx: Tx | Db, actor: StaffPrincipal, memberId: string): StaffRow {
	const row = tx
		.select()
		.from(staffUser)
		.where(and(eq(staffUser.id, memberId), eq(staffUser.organisationId, actor.organisationId)))
		.get();
	if (!row) throw new AccountError('notFound');
	return row;
}

function emailExists(tx: Tx, email: string): boolean {
	return !!tx.select({ id: staffUser.id }).from(staffUser).where(eq(staffUser.email, email)).get();
}

/** Organisers who can act: not disabled and with a password, other than `exceptId`. */
function otherActiveOrganisers(tx: Tx, organisationId: string, exceptId: string): number {
	const row = tx
		.select({ n: count() })
		.from(staffUser)
		.where(
			and(
				eq(staffUser.organisationId, organisationId),
				eq(staffUser.role, 'organiser'),
				isNull(staffUser.disabledAt),
				isNotNull(staffUser.passwordHash),
				ne(staffUser.id, exceptId)
			)
		)
		.get();
	return row?.n ?? 0;
}

/** An organiser who can act must remain: refuses (`lastOrganiser`) to take `member` away from that role. */
function requireAnotherOrganiser(tx: Tx, actor: StaffPrincipal, member: StaffRow): void {
	if (member.role === 'organiser' && otherActiveOrganisers(tx, actor.organisationId, member.id) === 0)
		throw new AccountError('lastOrganiser');
}

/** Changes a member's account as the actor did, with its entry in the audit log (`member.*`); the member after. */
function updateMember(
	tx: Tx,
	actor: StaffPrincipal,
	member: StaffRow,
	change: Partial<Pick<StaffRow, 'role' | 'disabledAt'>>,
	audit: { action: string; detail?: Record<string, unknown>; at: number }
): Member {
	const row = tx.update(staffUser).set(change).where(eq(staffUser.id, member.id)).returning().get();
	recordAudit(tx, {
		organisationId: actor.organisationId,
		actorId: actor.id,
		action: audit.action,
		targetType: 'member',
		targetId: member.id,
		...(audit.detail ? { detail: audit.detail } : {}),
		at: audit.at
	});
	return toMember(row);
}

/** Stores a new one-time link for `userId`, replacing any unused link of the same kind. */
function issueLink(
	tx: Tx,
	userId: string,
	kind: OneTimeTokenKind,
	ttlMs: number,
	createdBy: string | null,
	now: number
): { token: string; expiresAt: number } {
	tx.delete(oneTimeToken)
		.where(and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, kind), isNull(oneTimeToken.usedAt)))
		.run();
	const token = generateToken();
	const expiresAt = now + ttlMs;
	tx.insert(oneTimeToken)
		.values({ id: hashToken(token), userId, kind, expiresAt, createdBy, createdAt: now })
		.run();
	return { token, expiresAt };
}

// ---------------------------------------------------------------------------------------------------------------
// First run
// ---------------------------------------------------------------------------------------------------------------

/** True while no organisation exists: the install still needs its first organiser. */
export function isFirstRun(db: Db): boolean {
	return !db.select({ id: organisation.id }).from(organisation).limit(1).get();
}

export interface SetupInput {
	organisationName: string;
	name: string;
	email: string;
	password: string;
}

const setupInputSchema = v.object({
	organisationName: organisationNameSchema,
	name: nameSchema,
	email: emailSchema,
	password: passwordSchema
});

/**
 * Creates an organisation and its first organiser. Only while no organisation exists, unless `additional`
 * (the CLI's `--additional`, for installs that host several organisations).
 */
export async function setupFirstOrganisation(
	db: Db,
	input: SetupInput,
	options: { additional?: boolean; now?: number } = {}
): Promise<{ organisationId: string; principal: StaffPrincipal }> {
	const now = options.now ?? Date.now();
	const values = parse(setupInputSchema, input);
	if (!options.additional && !isFirstRun(db)) throw new AccountError('setupDone');
	requireStrongPassword(values.password, [values.email, values.name, values.organisationName]);
	const passwordHash = await hashPassword(values.password);
	// Immediate: the "no organisation yet" check and the insert must not interleave with another process.
	return db.transaction(
		(tx) => {
			if (!options.additional && tx.select({ id: organisation.id }).from(organisation).limit(1).get())
				throw new AccountError('setupDone');
			if (emailExists(tx, values.email)) throw new AccountError('emailTaken');
			const organisationId = randomUUID();
			const userId = randomUUID();
			tx.insert(organisation)
				.values({ id: organisationId, name: values.organisationName, createdAt: now })
				.run();
			const row = tx
				.insert(staffUser)
				.values({
					id: userId,
					organisationId,
					email: values.email,
					name: values.name,
					role: 'organiser',
					passwordHash,
					createdAt: now
				})
				.returning()
				.get();
			recordAudit(tx, {
				organisationId,
				actorId: userId,
				action: 'organisation.create',
				targetType: 'organisation',
				targetId: organisationId,
				detail: { name: values.organisationName },
				at: now
			});
			return { organisationId, principal: toPrincipal(row) };
		},
		{ behavior: 'immediate' }
	);
}

// ---------------------------------------------------------------------------------------------------------------
// Signing in
// ---------------------------------------------------------------------------------------------------------------

export type SignInResult =
	| {
			ok: true;
			principal: StaffPrincipal;
			session: NewSession;
			/** The browser's new device token (the `hearth_device` cookie): a known device from now on. */
			device: { token: string; expiresAt: number };
	  }
	/** Wrong email or password; deliberately the same answer for both. */
	| { ok: false; reason: 'invalid' }
	/** The password was right but an organiser has switched the account off. */
	| { ok: false; reason: 'disabled' }
	| { ok: false; reason: 'rateLimited'; retryAfterSeconds: number };

/**
 * Checks the password and, when right, starts a session. The attempt is reserved with the rate limiter before
 * the (slow, asynchronous) password check, so attempts sent at the same moment cannot all be checked; a known
 * device of the account (its `hearth_device` token) meets only its own limit. See rate-limit.ts.
 */
export async function signIn(
	db: Db,
	input: { email: string; password: string },
	context: { address: string; deviceToken?: string; limiter?: SignInLimiter; now?: number }
): Promise<SignInResult> {
	const now = context.now ?? Date.now();
	const limiter = context.limiter ?? signInLimiter;
	const email = input.email.trim().toLowerCase();
	const row = db.select().from(staffUser).where(eq(staffUser.email, email)).get();
	const deviceId = row ? knownDeviceId(db, row.id, context.deviceToken, now) : null;
	// The limiter's windows are durations: on the monotonic clock, so that a clock set back keeps no one out.
	const decision = limiter.reserve(
		{ email, address: context.address, deviceId },
		context.now ?? monotonicNow()
	);
	if (!decision.allowed)
		return { ok: false, reason: 'rateLimited', retryAfterSeconds: decision.retryAfterSeconds };

	const passwordRight = row?.passwordHash
		? await verifyPassword(row.passwordHash, input.password)
		: await verifyAgainstNothing(input.password);
	if (!row || !passwordRight) {
		decision.reservation.failed();
		return { ok: false, reason: 'invalid' };
	}
	decision.reservation.succeeded();
	if (row.disabledAt !== null) return { ok: false, reason: 'disabled' };

	const { session, device } = db.transaction((tx) => {
		const created = createSession(tx, row.id, now);
		const remembered = rememberDevice(tx, row.id, deviceId, now);
		recordAudit(tx, {
			organisationId: row.organisationId,
			actorId: row.id,
			action: 'staff.signIn',
			targetType: 'member',
			targetId: row.id,
			at: now
		});
		return { session: created, device: remembered };
	});
	return { ok: true, principal: toPrincipal(row), session, device };
}

/** Records the sign-out; the caller ends the session and clears the cookie. */
export function recordSignOut(
	db: Db,
	actor: StaffPrincipal,
	sessionId: string | null,
	now = Date.now()
): void {
	db.transaction((tx) => {
		if (sessionId) deleteSessionById(tx, sessionId, actor.id);
		recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'staff.signOut',
			targetType: 'member',
			targetId: actor.id,
			at: now
		});
	});
	// Open streams end with the session (those of the person's other sessions reconnect by themselves).
	staffAccessEnded(actor.id);
}

function deleteSessionById(tx: Tx, sessionId: string, userId: string): void {
	// Scoped to the person too: a session id from elsewhere must never end someone else's session.
	tx.delete(authSession)
		.where(and(eq(authSession.id, sessionId), eq(authSession.userId, userId)))
		.run();
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations and password-reset links
// ---------------------------------------------------------------------------------------------------------------

export interface IssuedLink {
	token: string;
	expiresAt: number;
}

/**
 * An organiser invites someone by email, name and role: the account is created without a password and a
 * one-time invitation link (valid 7 days) is returned for the organiser to pass on.
 */
export function inviteFacilitator(
	db: Db,
	actor: StaffPrincipal,
	input: { email: string; name: string; role: StaffRole },
	now = Date.now()
): IssuedLink & { member: Member } {
	requireOrganiserRole(actor);
	const values = parse(inviteSchema, input);
	return db.transaction(
		(tx) => {
			if (emailExists(tx, values.email)) throw new AccountError('emailTaken');
			const row = tx
				.insert(staffUser)
				.values({
					id: randomUUID(),
					organisationId: actor.organisationId,
					email: values.email,
					name: values.name,
					role: values.role,
					passwordHash: null,
					createdAt: now
				})
				.returning()
				.get();
			const link = issueLink(tx, row.id, 'invite', INVITE_TTL_MS, actor.id, now);
			recordAudit(tx, {
				organisationId: actor.organisationId,
				actorId: actor.id,
				action: 'member.invite',
				targetType: 'member',
				targetId: row.id,
				detail: { email: row.email, role: row.role },
				at: now
			});
			return { ...link, member: toMember(row) };
		},
		{ behavior: 'immediate' }
	);
}

/** A fresh invitation link for someone who has not joined yet (the old link stops working). */
export function renewInvite(db: Db, actor: StaffPrincipal, memberId: string, now = Date.now()): IssuedLink {
	requireOrganiserRole(actor);
	return db.transaction((tx) => {
		const member = memberOf(tx, actor, memberId);
		if (member.passwordHash !== null) throw new AccountError('alreadyJoined');
		if (member.disabledAt !== null) throw new AccountError('memberDisabled');
		const link = issueLink(tx, member.id, 'invite', INVITE_TTL_MS, actor.id, now);
		recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'member.renewInvite',
			targetType: 'member',
			targetId: member.id,
			at: now
		});
		return link;
	});
}

/** A one-time password-reset link (valid 24 hours) for a member, shown to the organiser to pass on. */
export function issuePasswordReset(
	db: Db,
	actor: StaffPrincipal,
	memberId: string,
	now = Date.now()
): IssuedLink {
	requireOrganiserRole(actor);
	return db.transaction((tx) => {
		const member = memberOf(tx, actor, memberId);
		if (member.passwordHash === null) throw new AccountError('notJoined');
		if (member.disabledAt !== null) throw new AccountError('memberDisabled');
		const link = issueLink(tx, member.id, 'reset', RESET_TTL_MS, actor.id, now);
		recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'member.issueReset',
			targetType: 'member',
			targetId: member.id,
			at: now
		});
		return link;
	});
}

export type LinkCheck =
	| { status: 'valid'; name: string; email: string; organisationName: string }
	| { status: 'expired' | 'used' | 'invalid' };

/** What a one-time link is, before anyone uses it (the page shows who it is for, or why it no longer works). */
export function checkLink(db: Db, kind: OneTimeTokenKind, token: string, now = Date.now()): LinkCheck {
	if (!token || token.length > 100) return { status: 'invalid' };
	const row = db
		.select({
			kind: oneTimeToken.kind,
			expiresAt: oneTimeToken.expiresAt,
			usedAt: oneTimeToken.usedAt,
			name: staffUser.name,
			email: staffUser.email,
			passwordHash: staffUser.passwordHash,
			disabledAt: staffUser.disabledAt,
			organisationName: organisation.name
		})
		.from(oneTimeToken)
		.innerJoin(staffUser, eq(staffUser.id, oneTimeToken.userId))
		.innerJoin(organisation, eq(organisation.id, staffUser.organisationId))
		.where(eq(oneTimeToken.id, hashToken(token)))
		.get();
	if (!row || row.kind !== kind || row.disabledAt !== null) return { status: 'invalid' };
	if (row.usedAt !== null || (kind === 'invite' && row.passwordHash !== null)) return { status: 'used' };
	if (row.expiresAt <= now) return { status: 'expired' };
	return { status: 'valid', name: row.name, email: row.email, organisationName: row.organisationName };
}

/** Marks a link used, inside the caller's transaction; throws when it is not (or no longer) usable. */
function redeemLink(tx: Tx, kind: OneTimeTokenKind, token: string, now: number): StaffRow {
	const id = hashToken(token);
	const link = tx.select().from(oneTimeToken).where(eq(oneTimeToken.id, id)).get();
	if (!link || link.kind !== kind) throw new AccountError('linkInvalid');
	if (link.usedAt !== null) throw new AccountError('linkUsed');
	if (link.expiresAt <= now) throw new AccountError('linkExpired');
	const member = tx.select().from(staffUser).where(eq(staffUser.id, link.userId)).get();
	if (!member || member.disabledAt !== null) throw new AccountError('linkInvalid');
	if (kind === 'invite' && member.passwordHash !== null) throw new AccountError('linkUsed');
	const marked = tx
		.update(oneTimeToken)
		.set({ usedAt: now })
		.where(and(eq(oneTimeToken.id, id), isNull(oneTimeToken.usedAt)))
		.run();
	if (marked.changes !== 1) throw new AccountError('linkUsed');
	return member;
}

/**
 * Throws the link's problem before the slow password hashing, so a dead link answers at once; otherwise who it
 * is for (whose name and email a new password must not be built on).
 */
function assertLinkUsable(
	db: Db,
	kind: OneTimeTokenKind,
	token: string,
	now: number
): { name: string; email: string; organisationName: string } {
	const check = checkLink(db, kind, token, now);
	if (check.status === 'expired') throw new AccountError('linkExpired');
	if (check.status === 'used') throw new AccountError('linkUsed');
	if (check.status !== 'valid') throw new AccountError('linkInvalid');
	return check;
}

const acceptInputSchema = v.object({ name: nameSchema, password: passwordSchema });

/** The invited person chooses their name and password through the link; they are signed in at once. */
export async function acceptInvite(
	db: Db,
	token: string,
	input: { name: string; password: string },
	now = Date.now()
): Promise<{ principal: StaffPrincipal; session: NewSession }> {
	const values = parse(acceptInputSchema, input);
	const link = assertLinkUsable(db, 'invite', token, now);
	requireStrongPassword(values.password, [link.email, link.name, values.name, link.organisationName]);
	const passwordHash = await hashPassword(values.password);
	return db.transaction(
		(tx) => {
			const member = redeemLink(tx, 'invite', token, now);
			const row = tx
				.update(staffUser)
				.set({ name: values.name, passwordHash })
				.where(eq(staffUser.id, member.id))
				.returning()
				.get();
			const session = createSession(tx, member.id, now);
			recordAudit(tx, {
				organisationId: member.organisationId,
				actorId: member.id,
				action: 'member.join',
				targetType: 'member',
				targetId: member.id,
				at: now
			});
			return { principal: toPrincipal(row), session };
		},
		{ behavior: 'immediate' }
	);
}

/**
 * A new password through a reset link. Every other session of the person ends (whoever had the old password
 * is signed out); they are signed in with a fresh session.
 */
export async function resetPassword(
	db: Db,
	token: string,
	password: string,
	now = Date.now()
): Promise<{ principal: StaffPrincipal; session: NewSession }> {
	const newPassword = parse(passwordSchema, password);
	const link = assertLinkUsable(db, 'reset', token, now);
	// A reset link may be the way out of a weak password: the new one must not be weak again.
	requireStrongPassword(newPassword, [link.email, link.name, link.organisationName]);
	const passwordHash = await hashPassword(newPassword);
	const result = db.transaction(
		(tx) => {
			const member = redeemLink(tx, 'reset', token, now);
			tx.update(staffUser).set({ passwordHash }).where(eq(staffUser.id, member.id)).run();
			deleteSessionsOfUser(tx, member.id);
			const session = createSession(tx, member.id, now);
			recordAudit(tx, {
				organisationId: member.organisationId,
				actorId: member.id,
				action: 'member.resetPassword',
				targetType: 'member',
				targetId: member.id,
				at: now
			});
			return { principal: toPrincipal(member), session };
		},
		{ behavior: 'immediate' }
	);
	staffAccessEnded(result.principal.id);
	return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------------------------

/** Everyone in the actor's organisation, by name. Any staff member may see who their colleagues are. */
export function listMembers(db: Db, actor: StaffPrincipal): Member[] {
	return db
		.select()
		.from(staffUser)
		.where(eq(staffUser.organisationId, actor.organisationId))
		.orderBy(asc(staffUser.name), asc(staffUser.email))
		.all()
		.map(toMember);
}

/** Organiser ↔ facilitator. The last organiser who can act cannot be made a facilitator. */
export function changeRole(
	db: Db,
	actor: StaffPrincipal,
	memberId: string,
	role: StaffRole,
	now = Date.now()
): Member {
	requireOrganiserRole(actor);
	const newRole = parse(roleSchema, role);
	const changed = db.transaction(
		(tx) => {
			const member = memberOf(tx, actor, memberId);
			if (member.role === newRole) return { member: toMember(member), changed: false };
			requireAnotherOrganiser(tx, actor, member);
			const changed = updateMember(
				tx,
				actor,
				member,
				{ role: newRole },
				{ action: 'member.changeRole', detail: { from: member.role, to: newRole }, at: now }
			);
			return { member: changed, changed: true };
		},
		{ behavior: 'immediate' }
	);
	// Streams opened under the old role end; the person's pages reconnect under the new one.
	if (changed.changed) staffAccessEnded(changed.member.id);
	return changed.member;
}

/** Switches an account off: it cannot sign in and its sessions end. Never yourself, never the last organiser. */
export function disableMember(db: Db, actor: StaffPrincipal, memberId: string, now = Date.now()): Member {
	requireOrganiserRole(actor);
	const disabled = db.transaction(
		(tx) => {
			const member = memberOf(tx, actor, memberId);
			if (member.id === actor.id) throw new AccountError('self');
			if (member.disabledAt !== null) return toMember(member);
			requireAnotherOrganiser(tx, actor, member);
			const disabled = updateMember(
				tx,
				actor,
				member,
				{ disabledAt: now },
				{ action: 'member.disable', at: now }
			);
			deleteSessionsOfUser(tx, member.id);
			return disabled;
		},
		{ behavior: 'immediate' }
	);
	staffAccessEnded(disabled.id);
	return disabled;
}

export function enableMember(db: Db, actor: StaffPrincipal, memberId: string, now = Date.now()): Member {
	requireOrganiserRole(actor);
	return db.transaction((tx) => {
		const member = memberOf(tx, actor, memberId);
		if (member.disabledAt === null) return toMember(member);
		return updateMember(tx, actor, member, { disabledAt: null }, { action: 'member.enable', at: now });
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------------------------------------------

export interface AuditView {
	id: string;
	at: number;
	action: string;
	/** Done by Hearth itself (e.g. retention), not by a person. */
	bySystem: boolean;
	/** Null when the person is no longer in the organisation's records. */
	actorName: string | null;
	targetType: string | null;
	/** A readable name for the target when it is a member of the organisation. */
	targetName: string | null;
	detail: Record<string, unknown>;
}

/** The organisation's audit log for organisers, newest first, `limit` at a time; page on with `nextBefore`. */
export function readAuditLog(
	db: Db,
	actor: StaffPrincipal,
	options: { before?: AuditCursor; limit?: number } = {}
): { entries: AuditView[]; nextBefore: string | null } {
	requireOrganiserRole(actor);
	const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
	const rows = listAudit(db, actor.organisationId, { before: options.before, limit: limit + 1 });
	const names = new Map(
		db
			.select({ id: staffUser.id, name: staffUser.name })
			.from(staffUser)
			.where(eq(staffUser.organisationId, actor.organisationId))
			.all()
			.map((r) => [r.id, r.name])
	);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		entries: page.map((row) => ({
			id: row.id,
			at: row.at,
			action: row.action,
			bySystem: row.actorId === null,
			actorName: row.actorId ? (names.get(row.actorId) ?? null) : null,
			targetType: row.targetType,
			targetName: row.targetType === 'member' && row.targetId ? (names.get(row.targetId) ?? null) : null,
			detail: row.detail
		})),
		nextBefore: rows.length > limit && last ? auditCursorText(last) : null
	};
}
