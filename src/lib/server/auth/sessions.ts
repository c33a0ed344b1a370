/**
 * Server-side sign-in sessions. The browser holds a random 32-byte token in the `hearth_session` cookie; the
 * database holds only its SHA-256, so a copy of the table cannot be replayed. Sessions slide: each use pushes
 * the expiry to 30 days from now (written at most once an hour, so that page loads do not all write). They
 * also have an absolute lifetime counted from the sign-in (`HEARTH_SESSION_MAX_HOURS`, 16 hours by default)
 * that no amount of use extends, so a stolen or forgotten cookie stops working by the next day.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import { readConfig } from '../config';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { authSession, staffUser } from '../db/schema';
import type { StaffPrincipal } from './principal';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Writer = Db | Tx;

export const SESSION_COOKIE = 'hearth_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How stale an expiry may get before a request pushes it forward again. */
export const SESSION_REFRESH_AFTER_MS = 60 * 60 * 1000;

/** How long a session lasts at most from its sign-in; the server's setting unless a caller (a test) says. */
export interface SessionLimits {
	maxAgeMs: number;
}

let configured: SessionLimits | undefined;

function defaultLimits(): SessionLimits {
	configured ??= { maxAgeMs: readConfig().sessionMaxAgeMs };
	return configured;
}

/** Where a session ends: the sliding end or the absolute one, whichever comes first. */
function endOf(createdAt: number, now: number, limits: SessionLimits): number {
	return Math.min(now + SESSION_TTL_MS, createdAt + limits.maxAgeMs);
}

/** A fresh random token for a cookie or a one-time link (256 bits, URL-safe). */
export function generateToken(): string {
	return randomBytes(32).toString('base64url');
}

/** The stored form of a token: its SHA-256 in hex. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
	/** Goes into the cookie; never stored. */
	token: string;
	/** The stored id (hash of the token). */
	id: string;
	expiresAt: number;
}

/** Starts a session for `userId`. Synchronous, so it can run inside the caller's transaction. */
export function createSession(
	db: Writer,
	userId: string,
	now = Date.now(),
	limits: SessionLimits = defaultLimits()
): NewSession {
	const token = generateToken();
	const id = hashToken(token);
	const expiresAt = endOf(now, now, limits);
	// Housekeeping: this person's expired sessions are of no use to anyone.
	db.delete(authSession)
		.where(and(eq(authSession.userId, userId), lt(authSession.expiresAt, now)))
		.run();
	db.insert(authSession).values({ id, userId, expiresAt, createdAt: now }).run();
	return { token, id, expiresAt };
}

export interface ValidSession {
	id: string;
	principal: StaffPrincipal;
	expiresAt: number;
	/** True when this call pushed the expiry forward: the cookie should be sent again with the new expiry. */
	refreshed: boolean;
}

/**
 * The session behind a cookie token, or null when there is none, it has expired (idle or past its absolute
 * lifetime), or its account is disabled. Slides the expiry forward when it has not been pushed for a while, never
 * beyond the absolute lifetime.
 */
export function validateSession(
	db: Db,
	token: string,
	now = Date.now(),
	limits: SessionLimits = defaultLimits()
): ValidSession | null {
	if (!token || token.length > 100) return null;
	const id = hashToken(token);
	const row = sessionRow(db, id);
	if (!row) return null;
	// The absolute end is checked on its own too: the setting may have been shortened since the sign-in.
	const end = row.createdAt + limits.maxAgeMs;
	if (row.expiresAt <= now || end <= now || row.disabledAt !== null) {
		db.delete(authSession).where(eq(authSession.id, id)).run();
		return null;
	}
	let expiresAt = Math.min(row.expiresAt, end);
	let refreshed = false;
	const slid = endOf(row.createdAt, now, limits);
	if (slid - row.expiresAt >= SESSION_REFRESH_AFTER_MS) {
		expiresAt = slid;
		db.update(authSession).set({ expiresAt }).where(eq(authSession.id, id)).run();
		refreshed = true;
	}
	return {
		id,
		expiresAt,
		refreshed,
		principal: {
			id: row.userId,
			organisationId: row.organisationId,
			role: row.role,
			email: row.email,
			name: row.name
		}
	};
}

/** A stored session (by its id) with its person, as both checks above and below read it. */
function sessionRow(db: Db, id: string) {
	return prepared(db, 'sessionRow', (reader) =>
		reader
			.select({
				expiresAt: authSession.expiresAt,
				createdAt: authSession.createdAt,
				userId: staffUser.id,
				organisationId: staffUser.organisationId,
				role: staffUser.role,
				email: staffUser.email,
				name: staffUser.name,
				disabledAt: staffUser.disabledAt
			})
			.from(authSession)
			.innerJoin(staffUser, eq(staffUser.id, authSession.userId))
			.where(eq(authSession.id, sql.placeholder('id')))
			.prepare()
	).get({ id });
}

/**
 * Whether a session (by its stored id) still lets its person in: it exists, has not run out and its account is
 * on. For what outlives a request, such as an open event stream, which checks again now and then.
 */
export function isSessionLive(
	db: Db,
	id: string,
	now = Date.now(),
	limits: SessionLimits = defaultLimits()
): boolean {
	const row = sessionRow(db, id);
	return !!row && row.expiresAt > now && row.createdAt + limits.maxAgeMs > now && row.disabledAt === null;
}

/** Ends one session (sign-out). */
export function deleteSession(db: Writer, id: string): void {
	db.delete(authSession).where(eq(authSession.id, id)).run();
}

/** Ends every session of a person (password reset, account disabled). */
export function deleteSessionsOfUser(db: Writer, userId: string): void {
	db.delete(authSession).where(eq(authSession.userId, userId)).run();
}

interface CookieTarget {
	cookies: Cookies;
	url: URL;
}

/** HttpOnly, SameSite=Lax, whole site; Secure whenever the request came over HTTPS. */
function cookieOptions(event: CookieTarget) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		// SvelteKit would otherwise default to Secure except on http://localhost, which breaks plain-HTTP
		// installs on a laptop reached by its LAN address; behind HTTPS it is always set.
		secure: event.url.protocol === 'https:'
	};
}

export function setSessionCookie(event: CookieTarget, token: string, expiresAt: number): void {
	event.cookies.set(SESSION_COOKIE, token, { ...cookieOptions(event), expires: new Date(expiresAt) });
}

export function clearSessionCookie(event: CookieTarget): void {
	event.cookies.delete(SESSION_COOKIE, cookieOptions(event));
}
