/**
 * The console takes care (issue 13), in Chromium: hiding a contribution and closing the meeting ask first and can
 * be answered from the keyboard; "approve all unflagged" leaves the flagged ones waiting and says how many; the
 * single-key shortcuts are listed on screen, can be turned off (and stay off after a reload) and on again, q goes
 * to the queue and the keyboard stays in the queue on the next item after each action; themes made quickly one
 * after the other lose nothing that was typed, and a name that reads like another theme's is refused in words,
 * keeping what was typed; the projector link can be shown again in the tab that has it, and not once another tab has replaced it.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expectConsoleFits, expectFoldsNamedOnce } from '../support/console-fit';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	advanceFromConsole,
	consoleIsLive,
	LAPTOP,
	openConsole,
	openLiveSession,
	startFromConsole,
	type OpenedLiveSession
} from '../support/live';

const OVERRIDES = {
	respect: 'Rehearsal: handled outside the app.',
	relationship: 'Rehearsal: handled outside the app.',
	responsibility: 'Rehearsal: handled outside the app.'
};

/** Moves the session on with the JSON API (the moves are not this test's subject). */
async function advanceByApi(page: Page, session: OpenedLiveSession, from: string): Promise<void> {
	const response = await page.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
		data: { type: 'phase.advance', from, overrides: OVERRIDES }
	});
	expect(response.status(), await response.text()).toBe(200);
}

/** A phone sends a concern with the JSON API (each from a context of its own). */
async function sendConcern(page: Page, session: OpenedLiveSession, text: string): Promise<void> {
	const phone = await page
		.context()
		.browser()
		?.newContext({ baseURL: new URL(page.url()).origin });
	if (!phone) throw new Error('no browser');
	const joined = await phone.request.post('/api/v1/join', { data: { code: session.joinCode } });
	expect(joined.status()).toBe(201);
	const sent = await phone.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
		data: { kind: 'concern', text, clientRequestId: randomUUID() }
	});
	expect(sent.status(), await sent.text()).toBe(201);
	await phone.close();
}

test('the console asks before hiding and closing, approves the unflagged, and is kind to the keyboard', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Hazel' });
	await openConsole(consolePage, session);

	// The projector link: shown as opening handed it over; after a reload, offered again in this tab only.
	const room = consolePage.locator('#room');
	const projectorUrl = new URL(session.projectorPath, baseURL).href;
	await expect(room.getByRole('link', { name: projectorUrl })).toBeVisible();
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(room.getByRole('link', { name: projectorUrl })).toHaveCount(0);
	await room.getByRole('button', { name: 'Show the current link again' }).click();
	await expect(room.getByRole('link', { name: projectorUrl })).toBeVisible();
	const otherTab = await staff.newPage();
	await otherTab.goto(session.consolePath);
	await expect(otherTab.locator('#room')).toContainText('was made in another browser tab');
	await expect(otherTab.getByRole('button', { name: 'Show the current link again' })).toHaveCount(0);
	// A new link made in the other tab: this tab no longer offers the dead one, and says why.
	await otherTab.getByRole('button', { name: 'Make a new projector link' }).click();
	await expect(otherTab.locator('#room').getByRole('link', { name: /\/projector\// })).toBeVisible();
	await expect(room.getByText(/A new projector link was made on another console or tab/)).toBeVisible();
	await expect(room.getByRole('link', { name: projectorUrl })).toHaveCount(0);
	await otherTab.close();
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(room.getByRole('button', { name: 'Show the current link again' })).toHaveCount(0);

	await startFromConsole(consolePage);
	// Nothing on the console sticks out sideways at a laptop's width, in any phase (issue 13).
	await expectConsoleFits(consolePage, 'opening');
	// An open fold (the room, the keys) names its panel once, and the panel keeps its heading for screen readers.
	await expectFoldsNamedOnce(consolePage);
	await expectNoAxeViolations(consolePage);
	await shot(consolePage, 'console-1366-opening');
	await advanceFromConsole(consolePage, 'Worries and fears');
	for (const text of ['Plain one', 'Plain two', 'Plain three', 'Plain four']) {
		await sendConcern(consolePage, session, text);
	}
	await sendConcern(consolePage, session, 'His name is Jan and he lives at Kerkstraat 12');
	const queue = consolePage.locator('#moderation');
	const heading = (count: number) =>
		queue.getByRole('heading', { name: `Waiting for moderation (${count})` });
	await expect(heading(5)).toBeVisible();
	const item = (text: string) => queue.locator('li', { hasText: text });

	// Every shortcut is listed on screen; q goes to the queue, on the item the keys act on.
	const keys = consolePage.locator('#keys');
	for (const words of ['go to the moderation queue', 'approve', 'hide (asks first)', 'pause and resume']) {
		await expect(keys.getByText(words, { exact: true })).toBeVisible();
	}
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('q');
	await expect(item('Plain one')).toBeFocused();

	// a approves, and the keyboard stays in the queue, on the next item.
	await consolePage.keyboard.press('a');
	await expect(heading(4)).toBeVisible();
	await expect(item('Plain two')).toBeFocused();

	// h asks first. Escape says no: nothing is hidden and the keyboard is back on the item.
	await consolePage.keyboard.press('h');
	const hideDialog = consolePage.getByRole('dialog', { name: 'Hide this contribution?' });
	await expect(hideDialog).toBeVisible();
	await expect(hideDialog.getByRole('button', { name: 'Yes, hide it' })).toBeFocused();
	await shot(consolePage, 'console-hide-confirm', { fullPage: false });
	await consolePage.keyboard.press('Escape');
	await expect(hideDialog).toBeHidden();
	await expect(item('Plain two')).toBeFocused();
	await expect(heading(4)).toBeVisible();
	// Enter says yes: hidden, and the keyboard moves on to the next item.
	await consolePage.keyboard.press('h');
	await expect(hideDialog).toBeVisible();
	await consolePage.keyboard.press('Enter');
	await expect(heading(3)).toBeVisible();
	await expect(queue.locator('details.hidden-list')).toContainText('Plain two');
	await expect(item('Plain three')).toBeFocused();
	// The button asks too; Cancel answers no.
	await item('Plain three').getByRole('button', { name: /^Hide/ }).click();
	await hideDialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(hideDialog).toBeHidden();
	await expect(heading(3)).toBeVisible();

	// Single-key shortcuts off: remembered in this browser, the keys shown nowhere, and a does nothing.
	const toggle = keys.getByRole('checkbox', { name: 'Single-key shortcuts' });
	await expect(toggle).toBeChecked();
	await toggle.uncheck();
	await expect(keys.getByText(/^Off: single keys do nothing here/)).toBeVisible();
	await expect(item('Plain three').getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(keys.getByRole('checkbox', { name: 'Single-key shortcuts' })).not.toBeChecked();
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('a');
	await consolePage.keyboard.press('q');
	await expect(item('Plain three')).not.toBeFocused();
	await expect(queue.getByText('Shortcuts are off')).toBeVisible();

	// Approve all unflagged: says how many, and the flagged one keeps waiting.
	await queue.getByRole('button', { name: 'Approve all unflagged (2)' }).click();
	await expect(
		queue.getByRole('status').filter({ hasText: '2 approved. 1 flagged item still waits for your look.' })
	).toBeVisible();
	await expect(heading(1)).toBeVisible();
	await expect(item('Kerkstraat')).toBeVisible();
	await expect(queue.getByRole('button', { name: /Approve all unflagged/ })).toHaveCount(0);

	// On again: q works.
	await keys.getByRole('checkbox', { name: 'Single-key shortcuts' }).check();
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('q');
	await expect(item('Kerkstraat')).toBeFocused();

	// Themes made quickly one after the other: nothing typed is lost.
	const themes = consolePage.locator('#themes');
	const field = themes.getByRole('textbox', { name: 'Theme title' });
	await field.fill('School route');
	await field.press('Enter');
	await field.pressSequentially('Police');
	await field.press('Enter');
	await field.pressSequentially('Housing');
	await field.press('Enter');
	for (const title of ['School route', 'Police', 'Housing']) {
		await expect(themes.locator(`article[data-theme="${title}"]`)).toHaveCount(1);
	}
	await expect(themes.locator('article.theme')).toHaveCount(3);
	await expect(field).toHaveValue('');
	// A name that reads like another theme's: refused in words, and what was typed stays.
	await field.fill('  school   ROUTE ');
	await field.press('Enter');
	await expect(themes.getByRole('alert')).toHaveText(
		'There is already a theme called “School route”. Choose another name, or put these worries in that theme.'
	);
	await expect(field).toHaveValue('  school   ROUTE ');
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(themes.locator('article.theme')).toHaveCount(3);
	await expectConsoleFits(consolePage, 'worries and fears');
	await consolePage.setViewportSize({ width: 1366, height: 1400 });
	await shot(consolePage, 'console-fears', { fullPage: false });
	await consolePage.setViewportSize(LAPTOP.viewport);

	// Proposals, then on to closing (the moves themselves are not the subject here).
	await item('Kerkstraat').getByRole('button', { name: /^Hide/ }).click();
	await consolePage
		.getByRole('dialog', { name: 'Hide this contribution?' })
		.getByRole('button', { name: 'Yes, hide it' })
		.click();
	await expect(queue.getByText('Nothing is waiting.')).toBeVisible();
	await advanceByApi(consolePage, session, 'fearsAndStigma');
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Proposals');
	await expectConsoleFits(consolePage, 'proposals');
	await shot(consolePage, 'console-1366-proposals');
	await consolePage.setViewportSize({ width: 1366, height: 1400 });
	await shot(consolePage, 'console-proposals', { fullPage: false });
	await consolePage.setViewportSize(LAPTOP.viewport);
	await advanceByApi(consolePage, session, 'proposals');
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Agreement');
	await expectConsoleFits(consolePage, 'agreement');
	await shot(consolePage, 'console-1366-agreement');
	await advanceByApi(consolePage, session, 'agreement');
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Closing');
	await expectConsoleFits(consolePage, 'closing');
	await shot(consolePage, 'console-1366-closing');

	// Closing asks first and says it cannot be undone; Escape says no and the keyboard is back on the button.
	const goOn = consolePage.getByRole('button', { name: 'Go on to Closed' });
	await goOn.focus();
	await consolePage.keyboard.press('Enter');
	const closeDialog = consolePage.getByRole('dialog', { name: 'Close the meeting for good?' });
	await expect(closeDialog).toBeVisible();
	await expect(closeDialog).toContainText('Closing cannot be undone.');
	await expect(closeDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await shot(consolePage, 'console-close-confirm', { fullPage: false });
	await consolePage.keyboard.press('Escape');
	await expect(closeDialog).toBeHidden();
	await expect(goOn).toBeFocused();
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Closing');
	// Yes: the move goes ahead (with reasons for what is unmet, without asking a second time).
	await advanceFromConsole(consolePage, 'Closed');
	await expectConsoleFits(consolePage, 'closed');
	await shot(consolePage, 'console-1366-closed');
});
