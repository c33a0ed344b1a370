/**
 * A staff member's own language at every way of signing in (issue 12): the sign-in form, a password reset link and
 * an accepted invitation each set Paraglide's language cookie to the language saved with the account, and the
 * first page after it is in that language. Without a saved language the cookie is left alone.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteFacilitator, issuePasswordReset } from '$lib/server/auth/accounts';
import type { StaffPrincipal } from '$lib/server/auth/principal';
import { openDatabase, type Db } from '$lib/server/db';
import { staffUser } from '$lib/server/db/schema';
import { createOrganisation, type TestAccount } from '../support/organisations';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let db: Db;
let organiser: TestAccount;
let principal: StaffPrincipal;

beforeAll(async () => {
	server = await startServer();
	organiser = await createOrganisation({ databasePath: server.databasePath });
	db = openDatabase(server.databasePath);
	const row = db.select().from(staffUser).where(eq(staffUser.email, organiser.email)).get();
	if (!row) throw new Error('no organiser');
	principal = {
		id: row.id,
		organisationId: row.organisationId,
		role: row.role,
		email: row.email,
		name: row.name
	};
}, 60_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

function saveLanguage(email: string, language: string | null): void {
	db.update(staffUser).set({ language }).where(eq(staffUser.email, email)).run();
}

/** Posts a form the way a browser without JavaScript does; returns the answer without following it. */
function postForm(path: string, form: Record<string, string>, cookie = ''): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(form).toString()
	});
}

/** The `name=value` of each cookie the answer sets. */
function cookiesOf(response: Response): Map<string, string> {
	const found = new Map<string, string>();
	for (const header of response.headers.getSetCookie()) {
		const [pair = ''] = header.split(';');
		const at = pair.indexOf('=');
		found.set(pair.slice(0, at), pair.slice(at + 1));
	}
	return found;
}

/** Follows the sign-in's redirect with the cookies it set, and returns the page's `lang`. */
async function nextPageLanguage(response: Response): Promise<string> {
	expect(response.status).toBe(303);
	const cookie = [...cookiesOf(response)].map(([name, value]) => `${name}=${value}`).join('; ');
	const location = response.headers.get('location') ?? '';
	const page = await fetch(new URL(location, server.baseUrl), { headers: { cookie, accept: 'text/html' } });
	expect(page.status, location).toBe(200);
	return /<html[^>]*\blang="([^"]+)"/.exec(await page.text())?.[1] ?? '';
}

describe("a staff member's language at sign-in", () => {
	it('the sign-in form leaves the cookie alone without a saved language, and sets the saved one', async () => {
		saveLanguage(organiser.email, null);
		const plain = await postForm('/login', { email: organiser.email, password: organiser.password });
		expect(plain.status).toBe(303);
		expect(cookiesOf(plain).has('PARAGLIDE_LOCALE')).toBe(false);
		expect(await nextPageLanguage(plain)).toBe('en');

		saveLanguage(organiser.email, 'de');
		const german = await postForm('/login', { email: organiser.email, password: organiser.password });
		expect(cookiesOf(german).get('PARAGLIDE_LOCALE')).toBe('de');
		expect(await nextPageLanguage(german)).toBe('de');
	});

	it('a password reset link signs in in the saved language', async () => {
		saveLanguage(organiser.email, 'pl');
		const link = issuePasswordReset(db, principal, principal.id);
		const password = 'a slow warm kettle by the door';
		// The reset page was read in English (the cookie from before); the saved language wins after it.
		const reset = await postForm(
			`/reset/${link.token}`,
			{ password, confirm: password },
			'PARAGLIDE_LOCALE=en'
		);
		expect(cookiesOf(reset).get('PARAGLIDE_LOCALE')).toBe('pl');
		expect(await nextPageLanguage(reset)).toBe('pl');
		organiser = { ...organiser, password };
	});

	it('an accepted invitation signs in in the language saved with the account', async () => {
		const email = `invited-${Date.now()}@example.org`;
		const invite = inviteFacilitator(db, principal, { email, name: 'Ines Invited', role: 'facilitator' });
		saveLanguage(email, 'ar');
		const password = 'the lamp in the quiet hall';
		const accepted = await postForm(`/invite/${invite.token}`, {
			name: 'Ines Invited',
			password,
			confirm: password
		});
		expect(cookiesOf(accepted).get('PARAGLIDE_LOCALE')).toBe('ar');
		expect(await nextPageLanguage(accepted)).toBe('ar');
	});
});
