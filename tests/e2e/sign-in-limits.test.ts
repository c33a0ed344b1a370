/**
 * Sign-in limits tried as an attacker would, on a server of their own (every request here comes from
 * 127.0.0.1, and the address limit must not spill over into the other tests): attempts sent at the same moment
 * are reserved before any password is checked; guessing someone's password does not lock them out of a browser
 * they signed in from before; and an address that tries many accounts does not lock out a colleague behind it.
 */
import type { Browser, Page } from '@playwright/test';
import { createOrganisation, type TestAccount } from '../support/accounts';
import { expect, test } from '../support/fixtures';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});

test.afterAll(async () => {
	await server?.stop();
});

/** A plain form post of the sign-in form, as a browser without JavaScript sends it; no cookies. */
async function attempt(email: string, password: string): Promise<number> {
	const response = await fetch(`${server.baseUrl}/login`, {
		method: 'POST',
		headers: { origin: server.baseUrl, accept: 'text/html' },
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
	await response.arrayBuffer();
	return response.status;
}

async function signInWith(page: Page, account: TestAccount) {
	await page.goto(`${server.baseUrl}/login`);
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A browser that has signed in once (so it is a known device of `account`) and signed out again. */
async function knownBrowser(browser: Browser, account: TestAccount) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signInWith(page, account);
	await expect(page).toHaveURL(/\/dialogues$/);
	const device = (await context.cookies()).find((c) => c.name === 'hearth_device');
	expect(device?.httpOnly).toBe(true);
	expect(device?.path).toBe('/login');
	await page.goto(`${server.baseUrl}/logout`);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	return { context, page };
}

test('sixty wrong passwords sent at the same moment: at most five are checked', async () => {
	const target = await createOrganisation({ databasePath: server.databasePath });
	const statuses = await Promise.all(
		Array.from({ length: 60 }, () => attempt(target.email, 'wrong password'))
	);
	expect(statuses.filter((s) => s === 400)).toHaveLength(5);
	expect(statuses.filter((s) => s === 429)).toHaveLength(55);
});

test('guessing a password does not lock the real person out of a browser they used before', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const ana = await createOrganisation({ databasePath: server.databasePath });
	const { context, page } = await knownBrowser(browser, ana);

	// The attacker, from the same address (a reverse proxy makes every address the same), is held back.
	for (let i = 0; i < 5; i++) expect(await attempt(ana.email, `guess ${i}`)).toBe(400);
	expect(await attempt(ana.email, 'guess 6')).toBe(429);
	expect(await attempt(ana.email, ana.password)).toBe(429);

	// A new browser, even with the right password, waits as well, and is told so in plain words.
	const stranger = await browser.newContext();
	const strangerPage = await stranger.newPage();
	await signInWith(strangerPage, ana);
	await expect(strangerPage.getByRole('alert')).toContainText('too many attempts');
	await expect(strangerPage.getByLabel('Email address')).toHaveValue(ana.email);
	await stranger.close();

	// Ana's own laptop gets in.
	await signInWith(page, ana);
	await expect(page).toHaveURL(/\/dialogues$/);
	await context.close();
});

test('an address trying many accounts does not lock out a colleague behind it', async ({ browser }) => {
	test.setTimeout(240_000);
	const colleague = await createOrganisation({ databasePath: server.databasePath });
	const { context, page } = await knownBrowser(browser, colleague);

	// Made-up accounts tried from this address until the address limit (30 failures, some of them made by the
	// tests before) holds it back.
	const statuses: number[] = [];
	for (let i = 0; i <= 30 && statuses.at(-1) !== 429; i++)
		statuses.push(await attempt(`nobody${i}@example.org`, 'Password123'));
	expect(statuses.at(-1)).toBe(429);
	expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);

	// The colleague, on the browser they signed in from before, still gets in with the right password.
	await signInWith(page, colleague);
	await expect(page).toHaveURL(/\/dialogues$/);
	await context.close();
});
