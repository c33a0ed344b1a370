/**
 * A live session ready for the screens, made the way a facilitator makes one: an organisation and its
 * organiser (setup CLI), sign-in through the form, a dialogue from the "new dialogue" form with the suggested
 * ground rules, then `POST /api/v1/dialogues/{id}/sessions`. The session starts in `preparation`; the tests
 * move it on from the console.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { devices } from '@playwright/test';
import { createOrganisation, signIn, type TestAccount } from './accounts';
import { expect } from './fixtures';

export interface OpenedLiveSession {
	sessionId: string;
	joinCode: string;
	projectorPath: string;
	consolePath: string;
	phoneUrl: string;
	dialogueId: string;
	account: TestAccount;
}

/** A small, cheap phone: 360×740, touch, mobile user agent. */
export const PHONE = {
	...devices['Pixel 5'],
	viewport: { width: 360, height: 740 },
	screen: { width: 360, height: 740 },
	// Layout is in CSS pixels, so the density changes nothing a test checks; at the Pixel's 2.75 every phone painted
	// 7.5 times the pixels, and five phones were most of Chromium's work.
	deviceScaleFactor: 1
};
export const PROJECTOR = { viewport: { width: 1920, height: 1080 } };
export const LAPTOP = { viewport: { width: 1366, height: 768 } };

/** Creates a dialogue through the form and returns its id (from the address it lands on). */
export async function createDialogue(page: Page, codename: string): Promise<string> {
	await page.goto('/dialogues/new');
	await page.getByRole('textbox', { name: /^Codename/ }).fill(codename);
	await page.getByRole('button', { name: 'Open the dialogue' }).click();
	await expect(page).toHaveURL(/\/dialogues\/[^/]+\?saved=created/);
	const id = new URL(page.url()).pathname.split('/')[2];
	if (!id) throw new Error(`no dialogue id in ${page.url()}`);
	await page.goto(`/dialogues/${id}/ground-rules`);
	await page.getByRole('button', { name: 'Add the suggested rules' }).click();
	await expect(page.getByText(/Suggested rules added/)).toBeVisible();
	return id;
}

/** Signs a new organiser in on `page` and opens a live session of a new dialogue. */
export async function openLiveSession(
	page: Page,
	options: { codename?: string; databasePath?: string } = {}
): Promise<OpenedLiveSession> {
	const account = await createOrganisation({ databasePath: options.databasePath });
	await signIn(page, account);
	const dialogueId = await createDialogue(page, options.codename ?? 'Willow');
	const response = await page.request.post(`/api/v1/dialogues/${dialogueId}/sessions`);
	expect(response.status(), await response.text()).toBe(201);
	const opened = (await response.json()) as Omit<OpenedLiveSession, 'dialogueId' | 'account'>;
	return { ...opened, dialogueId, account };
}

/** The console of the session, with the projector link handed over in the fragment as opening does. */
export async function openConsole(page: Page, session: OpenedLiveSession): Promise<void> {
	const token = new URL(session.projectorPath, 'http://x').searchParams.get('display') ?? '';
	await page.goto(`${session.consolePath}#display=${encodeURIComponent(token)}`);
	await expect(page.getByRole('heading', { level: 1, name: /Willow|.+/ })).toBeVisible();
	await consoleIsLive(page);
}

/**
 * Waits until the console has hydrated and its stream is live. The page is rendered on the server first, so its
 * buttons are visible before they do anything; a click in that moment is lost (as a facilitator's would be, but a
 * person does not click within milliseconds of the page appearing).
 */
export async function consoleIsLive(page: Page): Promise<void> {
	await expect(page.locator('.banner[data-status="live"]')).toHaveCount(1);
}

/**
 * Moves the dialogue on from the console. When the values check refuses (these tests skip most of the real
 * preparation and room work), the console shows why and the facilitator goes on with a written reason per
 * unmet value, as a facilitator may.
 */
export async function advanceFromConsole(page: Page, to: string): Promise<void> {
	await consoleIsLive(page);
	await page.getByRole('button', { name: `Go on to ${to}` }).click();
	const form = page.locator('form.refused');
	const moved = page.locator('.steps li[aria-current="step"]', { hasText: to });
	const typing = page.getByRole('button', { name: 'Go on anyway' });
	const closing = page.getByRole('dialog', { name: 'Close the meeting for good?' });
	await expect(form.or(moved).or(typing).or(closing)).toBeVisible();
	// A phone may still count as typing for a few seconds; the facilitator goes on anyway.
	if (await typing.isVisible()) await typing.click();
	if (to === 'Closed') await confirmClosing(page);
	await expect(form.or(moved)).toBeVisible();
	if (await form.isVisible()) {
		for (const box of await form.getByRole('textbox').all()) {
			await box.fill('Test session: this is done outside the app for this rehearsal.');
		}
		await form.getByRole('button', { name: 'Go on with these reasons' }).click();
	}
	await expect(page.locator('.steps li[aria-current="step"]')).toHaveText(to);
}

/**
 * Goes on to the next phase when its checks are met: the move must succeed, except that a phone may still count as
 * typing for a few seconds after its last key (the console then asks first, and the facilitator goes on anyway).
 * Unlike `advanceFromConsole`, a refusal of the value checks fails the test.
 */
export async function goOnFromConsole(page: Page, to: string): Promise<void> {
	await consoleIsLive(page);
	await page.getByRole('button', { name: `Go on to ${to}` }).click();
	const moved = page.locator('.steps li[aria-current="step"]', { hasText: to });
	const typing = page.getByRole('button', { name: 'Go on anyway' });
	const closing = page.getByRole('dialog', { name: 'Close the meeting for good?' });
	await expect(moved.or(typing).or(closing)).toBeVisible();
	if (await typing.isVisible()) await typing.click();
	if (to === 'Closed') await confirmClosing(page);
	await expect(page.locator('.steps li[aria-current="step"]')).toHaveText(to);
}

/** Closing cannot be undone: the console asks first, and the facilitator says yes. */
async function confirmClosing(page: Page): Promise<void> {
	const dialog = page.getByRole('dialog', { name: 'Close the meeting for good?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Yes, close the meeting' }).click();
	await expect(dialog).toBeHidden();
}

/** Leaves preparation (refused at first in these tests, then passed with written reasons). */
export async function startFromConsole(page: Page): Promise<void> {
	await advanceFromConsole(page, 'Opening');
}

/**
 * A facilitator on a laptop, the way most room journeys begin: a new organiser signed in, a live session of a new
 * dialogue (`codename`), its console open and moved on from preparation to the opening.
 */
export async function openStartedConsole(
	browser: Browser,
	baseURL: string,
	codename: string
): Promise<{ staff: BrowserContext; consolePage: Page; session: OpenedLiveSession }> {
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename });
	await openConsole(consolePage, session);
	await startFromConsole(consolePage);
	return { staff, consolePage, session };
}

/** The session's projector in a browser context of its own, on a 1920×1080 screen. */
export async function openProjector(
	browser: Browser,
	baseURL: string,
	session: Pick<OpenedLiveSession, 'projectorPath'>
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ ...PROJECTOR, baseURL });
	const page = await context.newPage();
	await page.goto(session.projectorPath);
	return { context, page };
}

/** A phone in its own browser context (its own cookie jar and localStorage), at the session's phone page. */
export async function openPhone(
	browser: Browser,
	baseURL: string,
	session: Pick<OpenedLiveSession, 'joinCode'>,
	locale = 'en-GB'
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ ...PHONE, baseURL, locale });
	const page = await context.newPage();
	await page.goto(`/s/${session.joinCode}`);
	return { context, page };
}

/** Gets a phone through welcome, reading and the ground rules. */
export async function getStarted(page: Page, answer: 'agree' | 'object' = 'agree'): Promise<void> {
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'I have read this' }).click();
	await page
		.getByRole('button', { name: answer === 'agree' ? 'I agree' : 'I have an objection', exact: true })
		.click();
}
