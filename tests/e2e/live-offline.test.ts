/**
 * Bad Wi-Fi and a restarted laptop: what a phone sends is kept on the phone until the server confirms it, sent
 * again when the connection returns, and stored exactly once; after a server restart every screen reconnects
 * by itself with nothing lost or duplicated.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	advanceFromConsole,
	getStarted,
	LAPTOP,
	PHONE,
	openConsole,
	openLiveSession,
	openPhone,
	PROJECTOR,
	startFromConsole,
	type OpenedLiveSession
} from '../support/live';
import { startServer } from '../support/server';
import type { ConsoleView } from '../../src/lib/live/types';

/** The console's view through the API (the facilitator's own session cookie). */
async function consoleView(page: Page, session: OpenedLiveSession): Promise<ConsoleView> {
	const response = await page.request.get(`/api/v1/sessions/${session.sessionId}`);
	expect(response.status()).toBe(200);
	return (await response.json()) as ConsoleView;
}

/** Every contribution the console knows of (waiting, shown or hidden) with exactly this text. */
async function copiesOf(page: Page, session: OpenedLiveSession, text: string): Promise<number> {
	const view = await consoleView(page, session);
	const wall = [...view.wall.unthemed, ...view.wall.themes.flatMap((t) => t.concerns)];
	return [...view.moderationQueue, ...view.hidden, ...wall].filter((c) => c.text === text).length;
}

test('a phone that goes offline keeps its concern, sends it when back, and it arrives exactly once', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Willow' });
	await openConsole(consolePage, session);
	await startFromConsole(consolePage);
	const { context, page: phone } = await openPhone(browser, baseURL, session);
	await getStarted(phone);
	await advanceFromConsole(consolePage, 'Worries and fears');
	await expect(phone.getByRole('heading', { name: 'Share a worry' })).toBeVisible();

	// Offline: the concern is saved on the phone and says so, in words.
	await context.setOffline(true);
	await expect(phone.getByText('No connection right now. We keep trying.')).toBeVisible();
	const offlineText = 'Written in the hall while the Wi-Fi was down.';
	await phone.getByLabel('Your worry').fill(offlineText);
	await phone.getByRole('button', { name: 'Send anonymously' }).click();
	await expect(phone.locator('li', { hasText: offlineText })).toContainText('Saved on this phone, sending…');
	await expect(
		phone.getByRole('status').filter({ hasText: 'Saved on this phone, sending…' }).first()
	).toBeVisible();
	await expect(phone.getByLabel('Your worry')).toHaveValue('');
	await shot(phone, 'phone-offline-saved', { fullPage: false });
	expect(await copiesOf(consolePage, session, offlineText)).toBe(0);

	// Back online: it goes out by itself, once.
	await context.setOffline(false);
	await expect(phone.getByText('Waiting for the facilitator', { exact: true })).toBeVisible();
	await expect(consolePage.locator('#moderation li', { hasText: offlineText })).toHaveCount(1);
	expect(await copiesOf(consolePage, session, offlineText)).toBe(1);

	// The answer is lost on the way back (the server stored it): the retry gets the same id, still one copy.
	const lostAnswer = 'Sent once, but the answer never reached the phone.';
	let first = true;
	await phone.route('**/contributions', async (route) => {
		if (first) {
			first = false;
			await route.fetch();
			await route.abort('connectionreset');
			return;
		}
		await route.continue();
	});
	await phone.getByLabel('Your worry').fill(lostAnswer);
	await phone.getByRole('button', { name: 'Send anonymously' }).click();
	await expect(phone.locator('li', { hasText: lostAnswer })).toContainText('Waiting for the facilitator');
	expect(await copiesOf(consolePage, session, lostAnswer)).toBe(1);
	await phone.unroute('**/contributions');

	// A reload while the server cannot be reached keeps both the queue and the half-typed text.
	await phone.route('**/contributions', (route) => route.abort('internetdisconnected'));
	const queued = 'Kept through a reload of the page.';
	await phone.getByLabel('Your worry').fill(queued);
	await phone.getByRole('button', { name: 'Send anonymously' }).click();
	await expect(phone.locator('li', { hasText: queued })).toContainText('Saved on this phone, sending…');
	await phone.getByLabel('Your worry').fill('Half a sentence that must not be lost');
	await phone.reload();
	await expect(phone.getByLabel('Your worry')).toHaveValue('Half a sentence that must not be lost');
	await expect(phone.locator('li', { hasText: queued })).toContainText('Saved on this phone, sending…');
	await phone.unroute('**/contributions');
	await phone.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(phone.locator('li', { hasText: queued })).toContainText('Waiting for the facilitator');
	expect(await copiesOf(consolePage, session, queued)).toBe(1);

	// Queued while offline, and the facilitator moves on meanwhile: it is not lost. It goes out once the phone is
	// back and lands in the list of the phase it was written in, marked on the console as arriving late.
	await context.setOffline(true);
	const late = 'A worry that comes too late.';
	await phone.getByLabel('Your worry').fill(late);
	await phone.getByRole('button', { name: 'Send anonymously' }).click();
	await expect(phone.locator('li', { hasText: late })).toContainText('Saved on this phone, sending…');
	const waiting = consolePage.locator('#moderation li[data-id]');
	for (let left = await waiting.count(); left > 0; left--) {
		await waiting
			.first()
			.getByRole('button', { name: /Approve/ })
			.click();
		await expect(waiting).toHaveCount(left - 1);
	}
	await advanceFromConsole(consolePage, 'Proposals');
	await context.setOffline(false);
	const arrived = consolePage.locator('#moderation li', { hasText: late });
	await expect(arrived).toHaveCount(1);
	// The phone has moved on with the room, without an alarm: nothing was refused.
	await expect(phone.getByRole('heading', { level: 1 })).toContainText('What can we do ourselves?');
	await expect(phone.getByRole('alert')).toHaveCount(0);
	await shot(phone, 'phone-moved-on', { fullPage: false });
	await expect(arrived).toContainText('Arrived late');
	expect(await copiesOf(consolePage, session, late)).toBe(1);

	await context.close();
	await staff.close();
});

test('a phone whose join finds no connection says so calmly and joins by itself once the Wi-Fi is back', async ({
	browser,
	baseURL
}) => {
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const session = await openLiveSession(await staff.newPage(), { codename: 'Willow' });
	const context = await browser.newContext({ ...PHONE, baseURL, locale: 'en-GB' });
	const phone = await context.newPage();
	// The page itself arrived, but the Wi-Fi drops before the phone can join (twice).
	let refused = 0;
	await phone.route('**/api/v1/join', (route) =>
		refused++ < 2 ? route.abort('internetdisconnected') : route.continue()
	);
	await phone.goto(`/s/${session.joinCode}`);
	await expect(phone.getByRole('alert')).toContainText('Your phone keeps trying by itself');
	// Nobody taps anything: the phone tries again and gets in.
	await expect(phone.getByRole('button', { name: 'Continue' })).toBeVisible({ timeout: 20_000 });
	expect(refused).toBe(3);
	await phone.getByRole('button', { name: 'Continue' }).click();
	await expect(phone.getByRole('button', { name: 'I have read this' })).toBeVisible();
	await context.close();
	await staff.close();
});

test('after a server restart every screen reconnects by itself, with nothing lost or duplicated', async ({
	browser
}) => {
	test.setTimeout(180_000);
	let server = await startServer();
	const { port, databasePath } = server;
	const baseURL = server.baseUrl;
	try {
		const staff = await browser.newContext({ ...LAPTOP, baseURL });
		const consolePage = await staff.newPage();
		const session = await openLiveSession(consolePage, { databasePath });
		await openConsole(consolePage, session);
		await startFromConsole(consolePage);
		const projectorContext = await browser.newContext({ ...PROJECTOR, baseURL });
		const projector = await projectorContext.newPage();
		await projector.goto(session.projectorPath);
		const one = await openPhone(browser, baseURL, session);
		const two = await openPhone(browser, baseURL, session);
		await getStarted(one.page);
		await getStarted(two.page);
		await advanceFromConsole(consolePage, 'Worries and fears');

		const before = 'Said before the laptop restarted.';
		await one.page.getByLabel('Your worry').fill(before);
		await one.page.getByRole('button', { name: 'Send anonymously' }).click();
		await consolePage
			.locator('#moderation li', { hasText: before })
			.getByRole('button', { name: /Approve/ })
			.click();
		await expect(projector.getByText(before)).toBeVisible();
		await expect(one.page.getByText('Shown on the big screen', { exact: true })).toBeVisible();

		// The server goes away: every screen says it is reconnecting; a phone keeps what it sends meanwhile.
		await server.stop();
		await expect(consolePage.getByText('Reconnecting…')).toBeVisible();
		await expect(projector.getByText('Reconnecting…')).toBeVisible();
		await expect(two.page.getByText('Reconnecting…')).toBeVisible();
		await shot(consolePage, 'console-reconnecting', { fullPage: false });
		await shot(projector, 'projector-reconnecting', { fullPage: false });
		const during = 'Sent while the server was restarting.';
		await two.page.getByLabel('Your worry').fill(during);
		await two.page.getByRole('button', { name: 'Send anonymously' }).click();
		await expect(two.page.locator('li', { hasText: during })).toContainText('Saved on this phone, sending…');

		// Back on the same database and port: nobody reloads anything.
		server = await startServer({ databasePath, port });
		await expect(consolePage.getByText('Reconnecting…')).toHaveCount(0, { timeout: 30_000 });
		await expect(projector.getByText('Reconnecting…')).toHaveCount(0, { timeout: 30_000 });
		const arrived = consolePage.locator('#moderation li', { hasText: during });
		await expect(arrived).toHaveCount(1, { timeout: 30_000 });
		await expect(two.page.getByText('Waiting for the facilitator', { exact: true })).toBeVisible();
		await arrived.getByRole('button', { name: /Approve/ }).click();
		await expect(projector.getByText(during)).toHaveCount(1);
		await expect(projector.getByText(before)).toHaveCount(1);
		await expect(one.page.getByText('Shown on the big screen', { exact: true })).toBeVisible();
		await expect(two.page.getByText('Shown on the big screen', { exact: true })).toBeVisible();
		const view = await consoleView(consolePage, session);
		const texts = [...view.wall.unthemed, ...view.wall.themes.flatMap((t) => t.concerns)].map((c) => c.text);
		expect(texts.filter((t) => t === before)).toHaveLength(1);
		expect(texts.filter((t) => t === during)).toHaveLength(1);

		await one.context.close();
		await two.context.close();
		await projectorContext.close();
		await staff.close();
	} finally {
		await server.stop();
	}
});
