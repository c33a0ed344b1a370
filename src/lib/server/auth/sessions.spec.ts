import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { authSession, organisation, staffUser } from '../db/schema';
import {
	createSession,
	deleteSession,
	deleteSessionsOfUser,
	hashToken,
	isSessionLive,
	SESSION_REFRESH_AFTER_MS,
	SESSION_TTL_MS,
	validateSession
} from './sessions';
import { openTestDatabase } from './test-db';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 1);
/** An absolute lifetime far beyond the sliding one, for the specs of the sliding expiry on its own. */
const SLIDING_ONLY = { maxAgeMs: 365 * DAY };

let db: Db;
let close: () => void;
let userId: string;

beforeEach(() => {
	({ db, close } = openTestDatabase());
	const organisationId = randomUUID();
	userId = randomUUID();
	db.insert(organisation).values({ id: organisationId, name: 'Org', createdAt: T0 }).run();
	db.insert(staffUser)
		.values({
			id: userId,
			organisationId,
			email: 'ana@example.org',
			name: 'Ana',
			role: 'organiser',
			passwordHash: 'x',
			createdAt: T0
		})
		.run();
});

afterEach(() => close());

describe('sessions', () => {
	it('stores only the SHA-256 of the token, never the token itself', () => {
		const session = createSession(db, userId, T0);
		expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const rows = db.select().from(authSession).all();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toBe(hashToken(session.token));
		expect(rows[0]?.id).not.toBe(session.token);
		expect(JSON.stringify(rows)).not.toContain(session.token);
	});

	it('finds the signed-in person from the token', () => {
		const { token } = createSession(db, userId, T0);
		const valid = validateSession(db, token, T0 + 1000);
		expect(valid?.principal).toMatchObject({ id: userId, email: 'ana@example.org', role: 'organiser' });
		expect(validateSession(db, 'not-the-token', T0)).toBeNull();
	});

	it('expires 30 days after the last use', () => {
		const { token, expiresAt } = createSession(db, userId, T0, SLIDING_ONLY);
		expect(expiresAt).toBe(T0 + SESSION_TTL_MS);
		expect(validateSession(db, token, T0 + 30 * DAY + 1, SLIDING_ONLY)).toBeNull();
		// An expired session is removed, not just refused.
		expect(db.select().from(authSession).all()).toHaveLength(0);
	});

	it('slides forward when used, so someone active stays signed in', () => {
		const { token } = createSession(db, userId, T0, SLIDING_ONLY);
		const later = T0 + 20 * DAY;
		const valid = validateSession(db, token, later, SLIDING_ONLY);
		expect(valid?.refreshed).toBe(true);
		expect(valid?.expiresAt).toBe(later + SESSION_TTL_MS);
		// 45 days after creation, but only 25 after the last use: still valid.
		expect(validateSession(db, token, T0 + 45 * DAY, SLIDING_ONLY)).not.toBeNull();
	});

	it('ends at its absolute lifetime however active the person is, and says so in the cookie expiry', () => {
		const limits = { maxAgeMs: 12 * HOUR };
		const { token, expiresAt, id } = createSession(db, userId, T0, limits);
		expect(expiresAt).toBe(T0 + 12 * HOUR);
		// Used every hour: it never slides past the twelfth hour.
		for (let hour = 1; hour < 12; hour++) {
			const valid = validateSession(db, token, T0 + hour * HOUR, limits);
			expect(valid?.expiresAt).toBe(T0 + 12 * HOUR);
		}
		expect(isSessionLive(db, id, T0 + 12 * HOUR - 1, limits)).toBe(true);
		expect(isSessionLive(db, id, T0 + 12 * HOUR, limits)).toBe(false);
		expect(validateSession(db, token, T0 + 12 * HOUR, limits)).toBeNull();
		expect(db.select().from(authSession).all()).toHaveLength(0);
	});

	it('ends a session made under a longer lifetime once the setting is shortened', () => {
		const { token } = createSession(db, userId, T0, SLIDING_ONLY);
		expect(validateSession(db, token, T0 + 2 * HOUR, { maxAgeMs: HOUR })).toBeNull();
	});

	it('has a default absolute lifetime of 16 hours', () => {
		const { token, expiresAt } = createSession(db, userId, T0);
		expect(expiresAt).toBe(T0 + 16 * HOUR);
		expect(validateSession(db, token, T0 + 16 * HOUR - 1)).not.toBeNull();
		expect(validateSession(db, token, T0 + 16 * HOUR)).toBeNull();
	});

	it('does not write on every request (at most once per refresh interval)', () => {
		const { token } = createSession(db, userId, T0, SLIDING_ONLY);
		const soon = validateSession(db, token, T0 + SESSION_REFRESH_AFTER_MS - 1, SLIDING_ONLY);
		expect(soon?.refreshed).toBe(false);
		expect(soon?.expiresAt).toBe(T0 + SESSION_TTL_MS);
		expect(validateSession(db, token, T0 + SESSION_REFRESH_AFTER_MS, SLIDING_ONLY)?.refreshed).toBe(true);
	});

	it('is gone after sign-out', () => {
		const session = createSession(db, userId, T0);
		deleteSession(db, session.id);
		expect(validateSession(db, session.token, T0 + 1000)).toBeNull();
	});

	it('ends every session of a person at once', () => {
		const a = createSession(db, userId, T0);
		const b = createSession(db, userId, T0);
		deleteSessionsOfUser(db, userId);
		expect(validateSession(db, a.token, T0)).toBeNull();
		expect(validateSession(db, b.token, T0)).toBeNull();
	});

	it('refuses the session of a disabled account', () => {
		const { token } = createSession(db, userId, T0);
		db.update(staffUser).set({ disabledAt: T0 }).where(eq(staffUser.id, userId)).run();
		expect(validateSession(db, token, T0 + 1000)).toBeNull();
	});
});
