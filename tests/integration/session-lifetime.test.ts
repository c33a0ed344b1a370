/**
 * The absolute lifetime of a staff sign-in on the production build (`npx vite build` first) with a real
 * database file: with `HEARTH_SESSION_MAX_HOURS` set to a few seconds, a session in use all along still ends
 * when its time is up, and the cookie's expiry says so from the start.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '$lib/server/auth/passwords';
import { openDatabase, type Db } from '$lib/server/db';
import { organisation, staffUser } from '$lib/server/db/schema';
import { startServer, type RunningServer } from '../support/server';

const PASSWORD = 'a calm warm hearth by the river';
const LIFETIME_MS = 6000;

let server: RunningServer;
let db: Db;
const email = `${randomUUID()}@example.org`;

beforeAll(async () => {
	server = await startServer({ env: { HEARTH_SESSION_MAX_HOURS: String(LIFETIME_MS / 3_600_000) } });
	db = openDatabase(server.databasePath);
	const organisationId = randomUUID();
	db.insert(organisation).values({ id: organisationId, name: 'Probation', createdAt: Date.now() }).run();
	db.insert(staffUser)
		.values({
			id: randomUUID(),
			organisationId,
			email,
			name: 'Olga',
			role: 'organiser',
			passwordHash: await hashPassword(PASSWORD),
			createdAt: Date.now()
		})
		.run();
}, 60_000);

afterAll(async () => {
	await server?.stop();
	db?.$client.close();
});

it('ends a staff session at its absolute lifetime however busy it is', async () => {
	const signedInAt = Date.now();
	const response = await fetch(`${server.baseUrl}/login`, {
		method: 'POST',
		headers: { origin: server.baseUrl, accept: 'text/html' },
		body: new URLSearchParams({ email, password: PASSWORD }),
		redirect: 'manual'
	});
	expect(response.status).toBe(303);
	const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('hearth_session=')) ?? '';
	const expires = Date.parse(/Expires=([^;]+)/i.exec(setCookie)?.[1] ?? '');
	// Not 30 days ahead: the absolute end (cookie dates are to the second; the sign-in itself takes a moment).
	expect(Math.abs(expires - (signedInAt + LIFETIME_MS))).toBeLessThan(5000);
	const cookie = setCookie.split(';')[0] ?? '';

	const members = () =>
		fetch(`${server.baseUrl}/organisation/members`, { headers: { cookie }, redirect: 'manual' });
	// In use every half second: the sliding expiry alone would keep it alive, the absolute one does not.
	expect((await members()).status).toBe(200);
	for (let i = 0; i < 4; i++) {
		await new Promise((r) => setTimeout(r, 500));
		expect((await members()).status).toBe(200);
	}
	// The server counts from when it made the session (after the slow password check): wait past that end too.
	const end = Math.max(expires + 1000, signedInAt + LIFETIME_MS);
	await new Promise((r) => setTimeout(r, Math.max(0, end + 1000 - Date.now())));
	const after = await members();
	expect(after.status).toBe(303);
	expect(after.headers.get('location')).toMatch(/^\/login\?next=/);
}, 60_000);
