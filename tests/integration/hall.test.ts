/**
 * Hearth on a facilitator's laptop in a hall, started the way the README says (`npm start`, ORIGIN unset) and
 * reached over plain http: staff forms post, cookies stay usable over http (not `Secure`, which a phone on
 * http://<laptop>:3000 would drop), the join link is http, and a form posted from another site is still refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupFirstOrganisation } from '$lib/server/auth/accounts';
import { openDatabase, type Db } from '$lib/server/db';
import { dialogue, dialogueFacilitator } from '$lib/server/db/schema';
import { startServer, type RunningServer } from '../support/server';

const PASSWORD = 'hall-test-password-1234';
let server: RunningServer;
let db: Db;
let email: string;
let dialogueId: string;

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	email = `organiser-${randomUUID().slice(0, 8)}@example.org`;
	const { organisationId, principal } = await setupFirstOrganisation(db, {
		organisationName: 'Probation North',
		name: 'Olga Organiser',
		email,
		password: PASSWORD
	});
	const now = Date.now();
	dialogueId = randomUUID();
	db.insert(dialogue)
		.values({ id: dialogueId, organisationId, codename: 'Elm', createdAt: now, updatedAt: now })
		.run();
	db.insert(dialogueFacilitator)
		.values({ dialogueId, userId: principal.id, role: 'lead', assignedAt: now })
		.run();
}, 60_000);

afterAll(async () => {
	await server?.stop();
	db?.$client.close();
});

function postLogin(origin: string, extra: Record<string, string> = {}): Promise<Response> {
	return fetch(`${server.baseUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		// As a browser posts a form without JavaScript.
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...extra },
		body: new URLSearchParams({ email, password: PASSWORD })
	});
}

/** The cookie `name=value` from a response, and whether it is marked Secure. */
function cookieOf(response: Response): { pair: string; secure: boolean } {
	const header = response.headers.getSetCookie()[0] ?? '';
	return { pair: header.split(';')[0] ?? '', secure: /;\s*secure/i.test(header) };
}

describe('npm start in a hall, over plain http', () => {
	it('signs a facilitator in through the form, with a cookie that works over http', async () => {
		const response = await postLogin(server.baseUrl);
		expect(response.status, (await response.clone().text()).slice(0, 3000)).toBe(303);
		const cookie = cookieOf(response);
		expect(cookie.pair).toMatch(/=.+/);
		expect(cookie.secure).toBe(false);
	});

	it('decides the protocol itself: a client cannot claim https over plain http', async () => {
		const response = await postLogin(server.baseUrl, { 'x-hearth-protocol': 'https' });
		expect(response.status).toBe(303);
		expect(cookieOf(response).secure).toBe(false);
		// And an https origin over this plain-http connection is not taken for this site.
		const claimed = await postLogin(server.baseUrl.replace('http:', 'https:'), {
			'x-hearth-protocol': 'https'
		});
		expect(claimed.status).toBe(403);
	});

	it('still refuses a form posted from another site', async () => {
		const response = await postLogin('http://elsewhere.example');
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	it('opens a live session whose join link is http, and lets a phone join with a cookie it keeps', async () => {
		const staff = cookieOf(await postLogin(server.baseUrl)).pair;
		const opened = await fetch(`${server.baseUrl}/api/v1/dialogues/${dialogueId}/sessions`, {
			method: 'POST',
			headers: { cookie: staff }
		});
		expect(opened.status, await opened.clone().text()).toBe(201);
		const { joinCode, phoneUrl } = (await opened.json()) as { joinCode: string; phoneUrl: string };
		expect(phoneUrl).toMatch(/^http:\/\//);

		const joined = await fetch(`${server.baseUrl}/api/v1/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code: joinCode })
		});
		expect(joined.status).toBe(201);
		expect(cookieOf(joined).secure).toBe(false);
	});
});
