/**
 * Known devices: a browser in which a staff member has signed in with the right password gets a random token
 * in the `hearth_device` cookie (only its SHA-256 is stored, per person). While someone is guessing that
 * person's password, sign-ins from their known devices are not held back (see rate-limit.ts). The cookie proves
 * nothing by itself: the password is still needed. It is renewed with each sign-in and forgotten after 180 days
 * without one. Staff only; phones never get one.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { knownDevice } from '../db/schema';
import { generateToken, hashToken } from './sessions';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const DEVICE_COOKIE = 'hearth_device';
export const DEVICE_TTL_MS = 180 * 24 * 60 * 60 * 1000;
/** The cookie is sent to the sign-in page only: no other request needs it. */
const DEVICE_COOKIE_PATH = '/login';

/** The stored id of this browser's device token when it is a known device of `userId`; otherwise null. */
export function knownDeviceId(db: Db | Tx, userId: string, token: string | undefined, now = Date.now()) {
	if (!token || token.length > 100) return null;
	const id = hashToken(token);
	const row = db
		.select({ lastUsedAt: knownDevice.lastUsedAt })
		.from(knownDevice)
		.where(and(eq(knownDevice.id, id), eq(knownDevice.userId, userId)))
		.get();
	return row && row.lastUsedAt + DEVICE_TTL_MS > now ? id : null;
}

/**
 * After a right password: the browser becomes (or stays) a known device of `userId`, with a fresh token that
 * replaces the one it had. Synchronous, for the caller's transaction.
 */
export function rememberDevice(
	tx: Db | Tx,
	userId: string,
	previousId: string | null,
	now = Date.now()
): { token: string; expiresAt: number } {
	if (previousId) tx.delete(knownDevice).where(eq(knownDevice.id, previousId)).run();
	// Housekeeping: this person's devices unused for too long are of no use to anyone.
	tx.delete(knownDevice)
		.where(and(eq(knownDevice.userId, userId), lt(knownDevice.lastUsedAt, now - DEVICE_TTL_MS)))
		.run();
	const token = generateToken();
	tx.insert(knownDevice)
		.values({ id: hashToken(token), userId, createdAt: now, lastUsedAt: now })
		.run();
	return { token, expiresAt: now + DEVICE_TTL_MS };
}

export function setDeviceCookie(
	event: { cookies: Cookies; url: URL },
	token: string,
	expiresAt: number
): void {
	event.cookies.set(DEVICE_COOKIE, token, {
		path: DEVICE_COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax',
		// As the session cookie: Secure whenever the request came over HTTPS, so plain-HTTP hall installs work.
		secure: event.url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}
