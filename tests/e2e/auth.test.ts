import type { Browser, Page } from '@playwright/test';
import { createOrganisation, signIn, type TestAccount } from '../support/accounts';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import { startServer, type RunningServer } from '../support/server';

/** Navigates and waits until the page's script has loaded, for checks of what JavaScript adds. */
async function gotoHydrated(page: Page, url: string) {
	await page.goto(url);
	await page.waitForLoadState('networkidle');
}

const PASSWORD = 'a calm warm hearth';

/** A fresh browser context (its own cookies) on the shared server: another person on another laptop. */
async function newPerson(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true) {
	const context = await browser.newContext({ baseURL, javaScriptEnabled });
	return { context, page: await context.newPage() };
}

/** Invites someone from the members page and returns the one-time link shown to the organiser. */
async function invite(page: Page, who: { email: string; name: string; role?: 'Facilitator' | 'Organiser' }) {
	await gotoHydrated(page, '/organisation/members');
	const form = page.locator('form[action="?/invite"]');
	await form.getByLabel('Email address').fill(who.email);
	await form.getByLabel('Name').fill(who.name);
	await form.getByLabel(who.role ?? 'Facilitator').check();
	await form.getByRole('button', { name: 'Create invitation link' }).click();
	const link = page.getByRole('textbox', { name: 'Link' });
	await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
	return link.inputValue();
}

async function acceptInviteIn(page: Page, url: string, password = PASSWORD) {
	await page.goto(url);
	await page.getByLabel('Choose a password').fill(password);
	await page.getByLabel('Type the password again').fill(password);
	await page.getByRole('button', { name: 'Join and sign in' }).click();
	await expect(page).toHaveURL(/\/dialogues$/);
}

test.describe.serial('first run', () => {
	// The suite shares one server; this runs first in this file. Should another file have created an
	// organisation already, the first-run screen is tried on a server of its own instead.
	let own: RunningServer | undefined;
	let base = '';

	test.beforeAll(async ({ baseURL }) => {
		const probe = await fetch(`${baseURL}/setup`, { redirect: 'manual' });
		if (probe.status === 200) base = baseURL ?? '';
		else {
			own = await startServer();
			base = own.baseUrl;
		}
	});

	test.afterAll(async () => {
		await own?.stop();
	});

	test('a fresh install offers setup, keeps what was typed on an error, and lands on /dialogues', async ({
		page
	}) => {
		await page.goto(`${base}/`);
		await expect(page).toHaveURL(/\/setup$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Set up Hearth' })).toBeVisible();
		await shot(page, 'setup');
		await expectNoAxeViolations(page);

		await page.getByLabel('Name of your organisation').fill('Probation North');
		await page.getByLabel('Your name').fill('Olga Organiser');
		await page.getByLabel('Email address').fill('olga@example.org');
		await page.getByLabel('Choose a password').fill('too short');
		await page.getByLabel('Type the password again').fill('too short');
		await page.getByRole('button', { name: 'Create organisation' }).click();

		await expect(page.getByRole('alert')).toContainText('Some fields need attention');
		const password = page.getByLabel('Choose a password');
		await expect(password).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText('This password is too short: use at least 10 characters.')).toBeVisible();
		await expect(page.getByLabel('Name of your organisation')).toHaveValue('Probation North');
		await expect(page.getByLabel('Email address')).toHaveValue('olga@example.org');
		await shot(page, 'setup-error');
		await expectNoAxeViolations(page);

		await password.fill(PASSWORD);
		await page.getByLabel('Type the password again').fill(PASSWORD);
		await page.getByRole('button', { name: 'Create organisation' }).click();
		await expect(page).toHaveURL(/\/dialogues$/);

		const cookie = (await page.context().cookies()).find((c) => c.name === 'hearth_session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
		expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	test('setup is gone once an organisation exists', async ({ page }) => {
		await page.goto(`${base}/setup`);
		await expect(page).toHaveURL(/\/login$/);
		const response = await page.request.post(`${base}/setup`, {
			form: {
				organisationName: 'Intruder',
				name: 'X',
				email: 'x@example.org',
				password: PASSWORD,
				confirm: PASSWORD
			},
			// text/html: a plain form post, as a browser without JavaScript sends it.
			headers: { origin: base, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe('/login');
		await page.goto(`${base}/`);
		await expect(page).toHaveURL(`${base}/`);
	});

	test('the first organiser signs out and in again', async ({ page }) => {
		await page.goto(`${base}/login`);
		await page.getByLabel('Email address').fill('olga@example.org');
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/\/dialogues$/);
		await page.goto(`${base}/organisation/members`);
		await expect(page.getByText('Signed in as Olga Organiser')).toBeVisible();
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/login$/);
		expect((await page.context().cookies()).find((c) => c.name === 'hearth_session')).toBeUndefined();
		await page.goto(`${base}/organisation/members`);
		await expect(page).toHaveURL(/\/login\?next=%2Forganisation%2Fmembers$/);
	});
});

test.describe('signing in', () => {
	let account: TestAccount;

	test.beforeAll(async () => {
		account = await createOrganisation();
	});

	test('a wrong password gives a plain error and keeps the email', async ({ page }) => {
		await gotoHydrated(page, '/login');
		await shot(page, 'login');
		await expectNoAxeViolations(page);
		await page.getByLabel('Email address').fill(account.email);
		await page.getByLabel('Password', { exact: true }).fill('not the password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'The email address or the password is not right. Please try again.'
		);
		await expect(page.getByLabel('Email address')).toHaveValue(account.email);
		await expect(page.getByLabel('Password', { exact: true })).not.toHaveValue('');
		await shot(page, 'login-error');
		await expectNoAxeViolations(page);
	});

	test('speaks Dutch to a Dutch browser', async ({ browser, baseURL }) => {
		const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
		const page = await context.newPage();
		await page.goto('/login');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanmelden');
		await page.getByLabel('E-mailadres').fill(account.email);
		await page.getByLabel('Wachtwoord').fill('niet het wachtwoord');
		await page.getByRole('button', { name: 'Aanmelden' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw.'
		);
		await shot(page, 'login-nl');
		await context.close();
	});

	test('honours ?next= for paths of this site only', async ({ page }) => {
		await page.goto('/login?next=/organisation/audit');
		await page.getByLabel('Email address').fill(account.email);
		await page.getByLabel('Password', { exact: true }).fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/\/organisation\/audit$/);

		await page.context().clearCookies();
		await page.goto('/login?next=//evil.example/steal');
		await page.getByLabel('Email address').fill(account.email);
		await page.getByLabel('Password', { exact: true }).fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/dialogues$/);
	});

	test('?next= tricks that resolve to another host all end on this site, in a real browser', async ({
		browser,
		baseURL
	}) => {
		// Each resolves (dot segments, `\` read as `/`, tabs and newlines dropped) to the path `//evil.example…`,
		// which a browser reads as another host. Without JavaScript, Chromium follows the 303 itself.
		const tricks = [
			'/.//evil.example',
			'/./\\evil.example',
			'/a/..//evil.example/x',
			'/%2e//evil.example',
			'/%2E%2E//evil.example/x',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\\\\evil.example',
			'javascript:alert(1)//'
		];
		// Eighteen sign-ins (argon2 each) on a busy machine.
		test.setTimeout(150_000);
		for (const javaScriptEnabled of [false, true]) {
			const { context, page } = await newPerson(browser, baseURL, javaScriptEnabled);
			// With JavaScript the form's redirect goes through SvelteKit's client: the three suffice.
			for (const next of javaScriptEnabled ? tricks.slice(0, 3) : tricks) {
				await context.clearCookies();
				await page.goto(`/login?next=${encodeURIComponent(next)}`);
				await page.getByLabel('Email address').fill(account.email);
				await page.getByLabel('Password', { exact: true }).fill(account.password);
				await page.getByRole('button', { name: 'Sign in' }).click();
				await expect(page, `${JSON.stringify(next)}, JavaScript ${javaScriptEnabled}`).toHaveURL(
					/^http:\/\/127\.0\.0\.1:\d+\/dialogues$/
				);
				// Already signed in, the sign-in page sends on at once: the same check applies.
				await page.goto(`/login?next=${encodeURIComponent(next)}`);
				await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dialogues$/);
			}
			await context.close();
		}
	});

	test('works with the keyboard alone', async ({ page }) => {
		await page.goto('/login');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
		await page.getByLabel('Email address').focus();
		await page.keyboard.type(account.email);
		await page.keyboard.press('Tab');
		await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
		await page.keyboard.type(account.password);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/dialogues$/);
	});

	test('works without JavaScript', async ({ browser, baseURL }) => {
		const { context, page } = await newPerson(browser, baseURL, false);
		await page.goto('/login');
		await page.getByLabel('Email address').fill(account.email);
		await page.getByLabel('Password', { exact: true }).fill('wrong password!');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText('is not right');
		await expect(page.getByLabel('Email address')).toHaveValue(account.email);
		// Without JavaScript the page is rendered anew: the password is never sent back.
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
		await page.getByLabel('Password', { exact: true }).fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/\/dialogues$/);
		await context.close();
	});

	test('is rate limited after repeated failures, with a Retry-After', async ({ request, baseURL }) => {
		const target = await createOrganisation();
		const attempt = () =>
			request.post('/login', {
				form: { email: target.email, password: 'wrong password' },
				headers: { origin: baseURL ?? '', accept: 'text/html' }
			});
		for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(400);
		const limited = await attempt();
		expect(limited.status()).toBe(429);
		expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
		expect(await limited.text()).toContain('too many attempts');
		// The right password does not get past the limit either.
		const right = await request.post('/login', {
			form: { email: target.email, password: target.password },
			headers: { origin: baseURL ?? '', accept: 'text/html' }
		});
		expect(right.status()).toBe(429);
	});

	test('refuses a cross-site form post (origin check stays on)', async ({ request }) => {
		const response = await request.post('/login', {
			form: { email: account.email, password: account.password },
			headers: { origin: 'https://evil.example', accept: 'text/html' }
		});
		expect(response.status()).toBe(403);
	});
});

test.describe('security headers', () => {
	test('pages carry a Content-Security-Policy and the usual headers', async ({ request }) => {
		const response = await request.get('/login');
		const headers = response.headers();
		const csp = headers['content-security-policy'] ?? '';
		for (const directive of [
			"default-src 'self'",
			"img-src 'self' data:",
			"frame-ancestors 'none'",
			"form-action 'self'",
			"object-src 'none'",
			"base-uri 'self'"
		])
			expect(csp).toContain(directive);
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['x-frame-options']).toBe('DENY');
		expect(headers['referrer-policy']).toBe('same-origin');
	});
});

test.describe('members, invitations and reset links', () => {
	let organiser: TestAccount;

	test.beforeAll(async () => {
		organiser = await createOrganisation({ name: 'Olivia Organiser' });
	});

	test('an organiser invites a facilitator, who joins through the link and cannot manage members', async ({
		page,
		browser,
		baseURL
	}) => {
		await signIn(page, organiser);
		await page.goto('/organisation/members');
		await shot(page, 'members');
		await expectNoAxeViolations(page);

		// A mistake keeps what was typed.
		const form = page.locator('form[action="?/invite"]');
		await form.getByLabel('Email address').fill('not-an-email');
		await form.getByLabel('Name').fill('Fay Facilitator');
		await form.getByRole('button', { name: 'Create invitation link' }).click();
		await expect(form.getByText('This does not look like an email address')).toBeVisible();
		await expect(form.getByLabel('Name')).toHaveValue('Fay Facilitator');
		await expectNoAxeViolations(page);

		const email = `fay-${Date.now()}@example.org`;
		const url = await invite(page, { email, name: 'Fay Facilitator' });
		await expect(page.getByRole('heading', { name: 'Invitation link for Fay Facilitator' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
		await expect(page.getByRole('row', { name: /Fay Facilitator/ })).toContainText('Invited, not joined yet');
		await shot(page, 'members-invited');
		await expectNoAxeViolations(page);

		const fay = await newPerson(browser, baseURL);
		await fay.page.goto(url);
		await expect(fay.page.getByRole('heading', { level: 1, name: /^Join Test organisation/ })).toBeVisible();
		await expect(fay.page.getByLabel('Your name')).toHaveValue('Fay Facilitator');
		await shot(fay.page, 'invite');
		await expectNoAxeViolations(fay.page);
		await acceptInviteIn(fay.page, url);
		for (const path of ['/organisation/members', '/organisation/audit']) {
			const response = await fay.page.goto(path);
			expect(response?.status()).toBe(403);
			// The refusal shows inside the staff shell, signed in as the facilitator, without organiser links.
			await expect(fay.page.getByRole('heading', { level: 1 })).toHaveText('This page is for organisers');
			await expect(fay.page.getByText('Signed in as Fay Facilitator')).toBeVisible();
			await expect(fay.page.getByText('(Facilitator)')).toBeVisible();
			await expect(fay.page.getByRole('link', { name: 'Members' })).toHaveCount(0);
		}
		await shot(fay.page, 'facilitator-403');
		await expectNoAxeViolations(fay.page);
		// The link has done its work.
		await fay.page.goto(url);
		await expect(fay.page.getByRole('heading', { level: 1 })).toHaveText('This link has already been used');
		await shot(fay.page, 'invite-used');
		await expectNoAxeViolations(fay.page);
		await fay.context.close();

		await page.reload();
		await expect(page.getByRole('row', { name: /Fay Facilitator/ })).toContainText('Active');
	});

	test('a password that is easy to guess is refused with the reason, keeping what was typed', async ({
		page,
		browser,
		baseURL
	}) => {
		await signIn(page, organiser);
		const email = `gus-${Date.now()}@example.org`;
		const url = await invite(page, { email, name: 'Gus Guesser' });
		for (const javaScriptEnabled of [true, false]) {
			const gus = await newPerson(browser, baseURL, javaScriptEnabled);
			// With JavaScript, type only once the page has hydrated (a person cannot type faster than that; a test can).
			if (javaScriptEnabled) await gotoHydrated(gus.page, url);
			else await gus.page.goto(url);
			await gus.page.getByLabel('Your name').fill('Gus G.');
			for (const [password, reason] of [
				['password123', 'one of the most commonly used'],
				[`${email}!`, 'contains your name, your email address'],
				['qwertyuiop', 'one of the most commonly used']
			] as const) {
				await gus.page.getByLabel('Choose a password').fill(password);
				await gus.page.getByLabel('Type the password again').fill(password);
				await gus.page.getByRole('button', { name: 'Join and sign in' }).click();
				await expect(gus.page.getByText(reason)).toBeVisible();
				await expect(gus.page.getByLabel('Choose a password')).toHaveAttribute('aria-invalid', 'true');
				await expect(gus.page.getByLabel('Your name')).toHaveValue('Gus G.');
				await expect(gus.page).toHaveURL(url);
			}
			await gus.context.close();
		}
		// The link still works for a good password.
		const gus = await newPerson(browser, baseURL);
		await gus.page.goto(url);
		await acceptInviteIn(gus.page, url);
		await gus.context.close();
	});

	test('a reset link sets a new password once; the old password stops working', async ({
		page,
		browser,
		baseURL
	}) => {
		await signIn(page, organiser);
		const email = `ben-${Date.now()}@example.org`;
		const inviteUrl = await invite(page, { email, name: 'Ben Brouwer' });
		const ben = await newPerson(browser, baseURL);
		await acceptInviteIn(ben.page, inviteUrl);

		await page.goto('/organisation/members');
		await page.getByRole('button', { name: 'Make reset link for Ben Brouwer' }).click();
		await expect(page.getByRole('heading', { name: 'Password reset link for Ben Brouwer' })).toBeVisible();
		const resetUrl = await page.getByRole('textbox', { name: 'Link' }).inputValue();
		expect(resetUrl).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);

		// Ben's existing session ends when the password is reset.
		const other = await newPerson(browser, baseURL);
		await other.page.goto(resetUrl);
		await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
		await shot(other.page, 'reset');
		await expectNoAxeViolations(other.page);
		await other.page.getByLabel('Choose a password').fill('a new calm password');
		await other.page.getByLabel('Type the password again').fill('something else entirely');
		await other.page.getByRole('button', { name: 'Save new password' }).click();
		await expect(other.page.getByText('The two passwords are not the same.')).toBeVisible();
		await other.page.getByLabel('Choose a password').fill('a new calm password');
		await other.page.getByLabel('Type the password again').fill('a new calm password');
		await other.page.getByRole('button', { name: 'Save new password' }).click();
		await expect(other.page).toHaveURL(/\/dialogues$/);

		await ben.page.goto('/organisation/audit');
		await expect(ben.page).toHaveURL(/\/login\?next=/);

		await other.page.goto(resetUrl);
		await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('This link has already been used');
		await other.context.close();

		await signIn(ben.page, { email, password: 'a new calm password' });
		await ben.page.context().clearCookies();
		await ben.page.goto('/login');
		await ben.page.getByLabel('Email address').fill(email);
		await ben.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await ben.page.getByRole('button', { name: 'Sign in' }).click();
		await expect(ben.page.getByRole('alert')).toContainText('is not right');
		await ben.context.close();
	});

	test('a made-up link gets a plain page', async ({ page }) => {
		await page.goto('/invite/made-up-token');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
		await expect(page.getByRole('link', { name: 'Go to sign in' })).toBeVisible();
		await shot(page, 'link-invalid');
		await expectNoAxeViolations(page);
	});

	test('an organiser changes roles, switches accounts off and on, and reads the audit log', async ({
		page,
		browser,
		baseURL
	}) => {
		await signIn(page, organiser);
		const email = `cas-${Date.now()}@example.org`;
		const url = await invite(page, { email, name: 'Cas Claes' });
		const cas = await newPerson(browser, baseURL);
		await acceptInviteIn(cas.page, url);

		await page.goto('/organisation/members');
		await page.getByRole('button', { name: 'Make organiser for Cas Claes' }).click();
		await expect(page.getByRole('status')).toContainText('The role of Cas Claes is now: Organiser.');
		await page.getByRole('button', { name: 'Switch off for Cas Claes' }).click();
		await expect(page.getByRole('status')).toContainText('Cas Claes can no longer sign in');
		await expect(page.getByRole('row', { name: /Cas Claes/ })).toContainText('Switched off');

		// Switched off: the open session ends at once (as an organiser Cas could otherwise open this page).
		await cas.page.goto('/organisation/members');
		await expect(cas.page).toHaveURL(/\/login\?next=/);

		// No button to switch yourself off.
		await expect(page.getByRole('button', { name: /Switch off for Olivia Organiser/ })).toHaveCount(0);
		await page.getByRole('button', { name: 'Switch on for Cas Claes' }).click();
		await expect(page.getByRole('row', { name: /Cas Claes/ })).toContainText('Active');
		await shot(page, 'members-after');
		await page.setViewportSize({ width: 768, height: 1024 });
		await shot(page, 'members-tablet');
		await page.setViewportSize({ width: 1280, height: 720 });

		await page.getByRole('link', { name: 'Audit log' }).click();
		await expect(page).toHaveURL(/\/organisation\/audit$/);
		await expect(page.getByRole('link', { name: 'Audit log' })).toHaveAttribute('aria-current', 'page');
		const rows = page.getByRole('row');
		await expect(rows.nth(1)).toContainText('Switched an account on');
		await expect(page.getByRole('table')).toContainText('Changed a role');
		await expect(page.getByRole('table')).toContainText('Facilitator → Organiser');
		await expect(page.getByRole('table')).toContainText('Invited a member');
		await shot(page, 'audit');
		await expectNoAxeViolations(page);
		await cas.context.close();
	});

	test('another organisation sees none of this organisation’s members', async ({ browser, baseURL }) => {
		const stranger = await createOrganisation({ name: 'Sam Stranger' });
		const { context, page } = await newPerson(browser, baseURL);
		await signIn(page, stranger);
		await page.goto('/organisation/members');
		await expect(page.getByRole('row')).toHaveCount(2);
		await expect(page.getByRole('table')).not.toContainText('Olivia Organiser');
		await page.goto('/organisation/audit');
		await expect(page.getByRole('table')).not.toContainText('Olivia Organiser');
		await context.close();
	});
});
