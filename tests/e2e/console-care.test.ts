/**
 * The console takes care (issue 13), in Chromium: hiding a contribution and closing the meeting ask first and can
 * be answered from the keyboard; "approve all unflagged" leaves the flagged ones waiting and says how many; the
 * single-key shortcuts are listed on screen, can be turned off (and stay off after a reload) and on again, q goes
 * to the queue and the keyboard stays in the queue on the next item after each action; themes made quickly one
 * after the other lose nothing that was typed, and a name that reads like another theme's is refused in words,
 * keeping what was typed; the projector's current link can be shown again in any browser of the session's staff, and a
 * new one made elsewhere is said and offered; "In this phase" lists the phase's own tasks; the themes panel stays
 * usable with worries of 400–500 characters (clamped, expanded in place from the keyboard, controls in reach, answers
 * being typed kept); a theme and a worry are put in the spotlight on the big screen, whole, and taken off again.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { signIn } from '../support/accounts';
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
	openProjector,
	startFromConsole,
	type OpenedLiveSession
} from '../support/live';

const OVERRIDES = {
	respect: 'Rehearsal: handled outside the app.',
	relationship: 'Rehearsal: handled outside the app.',
	responsibility: 'Rehearsal: handled outside the app.'
};

/** Worries of 400–500 characters, as people write them in a hall (issue 13: the themes panel must stay usable). */
const LONG = {
	school:
		'I walk my two children to the primary school every morning along the canal path, and I keep thinking about what happens when we pass the bench where people wait for the bus. I do not want to be unfair to anybody, and I know people can change, but I would like to understand who will be there for the families if something feels wrong, and whether the school itself will be told anything at all, so that the teachers are not left guessing what to say to the children.',
	club: 'At the sports club we have always welcomed everybody, and the volunteers are proud of that. Still, several of us lie awake wondering whether we are equipped for this: we are not social workers, we coach football on Saturday mornings and we wash the shirts afterwards. Who do we call when a parent comes to us upset, what are we allowed to say, and what should we keep to ourselves? I would feel much calmer if someone from the service came by the clubhouse once to talk it through.',
	street:
		'Our street is quiet and most of us have lived here for a long time. When news like this travels it changes how people greet each other at the bakery and at the bus stop. My worry is less about one person and more about us: that rumours will grow faster than facts, that some neighbours will stop talking to others, and that the young people will pick up the fear from the adults around them without anyone ever explaining.'
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
	test.setTimeout(360_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Hazel' });
	await openConsole(consolePage, session);

	// The projector link: shown as opening handed it over; after a reload, offered again (not shown unasked).
	const room = consolePage.locator('#room');
	const projectorUrl = new URL(session.projectorPath, baseURL).href;
	await expect(room.getByRole('link', { name: projectorUrl })).toBeVisible();
	await consolePage.reload();
	await consoleIsLive(consolePage);
	await expect(room.getByRole('link', { name: projectorUrl })).toHaveCount(0);
	await room.getByRole('button', { name: 'Show the current link again' }).click();
	await expect(room.getByRole('link', { name: projectorUrl })).toBeVisible();
	// Another browser of the same facilitator, signed in there: the same link, without making a new one.
	const otherBrowser = await browser.newContext({ ...LAPTOP, baseURL });
	const otherConsole = await otherBrowser.newPage();
	await signIn(otherConsole, session.account);
	await otherConsole.goto(session.consolePath);
	await consoleIsLive(otherConsole);
	const otherRoom = otherConsole.locator('#room');
	await expect(otherRoom.getByRole('link', { name: projectorUrl })).toHaveCount(0);
	await otherRoom.getByRole('button', { name: 'Show the current link again' }).click();
	await expect(otherRoom.getByRole('link', { name: projectorUrl })).toBeVisible();
	// A new link made there: this console says the old one is dead, and offers the new one.
	await otherRoom.getByRole('button', { name: 'Make a new projector link' }).click();
	const newLink = otherRoom.getByRole('link', { name: /\/projector\// });
	await expect(newLink).not.toHaveText(projectorUrl);
	const newUrl = (await newLink.textContent()) ?? '';
	await expect(room.getByText(/A new projector link was made on another console/)).toBeVisible();
	await expect(room.getByRole('link', { name: projectorUrl })).toHaveCount(0);
	await room.getByRole('button', { name: 'Show the current link again' }).click();
	await expect(room.getByRole('link', { name: newUrl })).toBeVisible();
	await otherBrowser.close();

	await startFromConsole(consolePage);
	// "In this phase" lists the opening's tasks, and not those of worries and fears.
	const tasks = consolePage.locator('#tasks');
	await expect(tasks.getByRole('button', { name: 'Purpose and roles explained' })).toBeVisible();
	await expect(tasks.getByText('How are you arriving today?')).toBeVisible();
	await expect(tasks.getByText('I feel respected in this meeting.')).toHaveCount(0);
	await expect(tasks.getByText('Is there a role you could play yourself?')).toHaveCount(0);
	// The values check counts in the reader's plural forms: "1 is needed", "people have joined" (issue 13's copy).
	await expect(
		consolePage.getByText(/^The check-in round has 0 answers\. At least 1 is needed\./)
	).toBeVisible();
	await expect(consolePage.getByText(/^0 people have joined\. At least 3 are needed\./)).toBeVisible();
	// Nothing on the console sticks out sideways at a laptop's width, in any phase (issue 13).
	await expectConsoleFits(consolePage, 'opening');
	// An open fold (the room, the keys) names its panel once, and the panel keeps its heading for screen readers.
	await expectFoldsNamedOnce(consolePage);
	await expectNoAxeViolations(consolePage);
	await shot(consolePage, 'console-1366-opening');
	await advanceFromConsole(consolePage, 'Worries and fears');
	// Now the pulse and the question of a role one could play; the opening's tasks are gone.
	await expect(tasks.getByText('I feel respected in this meeting.')).toBeVisible();
	await expect(tasks.getByText('Is there a role you could play yourself?')).toBeVisible();
	await expect(tasks.getByText('How are you arriving today?')).toHaveCount(0);
	await expect(tasks.getByRole('button', { name: 'Purpose and roles explained' })).toHaveCount(0);
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
	// Closed and asked again within one moment (a quick Escape and h can land so): the question stays open, since
	// the first closing's late close event does not close the second question.
	await consolePage.keyboard.press('h');
	await expect(hideDialog).toBeVisible();
	await hideDialog.evaluate((dialog: HTMLDialogElement) => {
		dialog.close();
		(document.activeElement ?? document.body).dispatchEvent(
			new KeyboardEvent('keydown', { key: 'h', bubbles: true })
		);
	});
	await consolePage.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
	await expect(hideDialog).toBeVisible();
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

	// Long worries: approved and put in the themes, each clamped with its controls in reach.
	for (const text of Object.values(LONG)) await sendConcern(consolePage, session, text);
	await expect(heading(4)).toBeVisible();
	await queue.getByRole('button', { name: 'Approve all unflagged (3)' }).click();
	await expect(heading(1)).toBeVisible();
	const worry = (text: string) => themes.locator('.concerns > li', { hasText: text.slice(0, 40) });
	const theme = (title: string) => themes.locator(`article[data-theme="${title}"]`);
	for (const [text, title] of [
		[LONG.school, 'School route'],
		[LONG.club, 'Police'],
		[LONG.street, 'Housing']
	] as const) {
		await worry(text).getByRole('combobox', { name: 'Theme for this worry' }).selectOption({ label: title });
		await expect(theme(title).locator('.concerns > li', { hasText: text.slice(0, 40) })).toHaveCount(1);
	}
	await themes.scrollIntoViewIfNeeded();
	await shot(consolePage, 'console-themes-long', { fullPage: false });
	const heights: number[] = [];
	for (const text of Object.values(LONG)) {
		const item = worry(text);
		const shown = item.locator('.text');
		await expect.poll(() => shown.evaluate((el) => el.scrollHeight > el.clientHeight + 1)).toBe(true);
		// The assign and spotlight controls sit right under a few lines, not under 500 characters (over 600 px).
		heights.push((await shown.boundingBox())?.height ?? 999);
		expect((await item.boundingBox())?.height ?? 999).toBeLessThan(200);
		await expect(item.getByRole('combobox', { name: 'Theme for this worry' })).toBeVisible();
		await expect(item.getByRole('button', { name: 'Show large on the big screen' })).toBeVisible();
	}
	// However long, a worry takes the same few lines.
	expect(new Set(heights).size).toBe(1);
	// The whole text, in place, from the keyboard; and folded again.
	const school = worry(LONG.school);
	const more = school.getByRole('button', { name: 'Show all' });
	await expect(more).toHaveAttribute('aria-expanded', 'false');
	await more.focus();
	await consolePage.keyboard.press('Enter');
	const less = school.getByRole('button', { name: 'Show less' });
	await expect(less).toHaveAttribute('aria-expanded', 'true');
	await expect(less).toBeFocused();
	await expect
		.poll(() => school.locator('.text').evaluate((el) => el.scrollHeight <= el.clientHeight + 1))
		.toBe(true);
	await expect(school.locator('.text')).toHaveText(LONG.school);
	await shot(consolePage, 'console-themes-long-open', { fullPage: false });
	await consolePage.keyboard.press('Enter');
	await expect(school.getByRole('button', { name: 'Show all' })).toHaveAttribute('aria-expanded', 'false');

	// Two answers and a new name typed at once, while a new worry arrives: nothing typed is lost.
	const answerBox = (title: string) =>
		theme(title).getByRole('textbox', { name: 'Short answer (shown on the big screen)' });
	await theme('School route').getByRole('button', { name: 'Answer' }).click();
	await answerBox('School route').fill('The school joins the next meeting.');
	await theme('Housing').getByRole('button', { name: 'Answer' }).click();
	await answerBox('Housing').fill('A neighbours’ evening in the spring.');
	await theme('Police').getByRole('button', { name: 'Rename' }).click();
	await theme('Police').getByRole('textbox', { name: 'Theme title' }).fill('Clubs and volunteers');
	await sendConcern(consolePage, session, 'Plain five');
	await expect(heading(2)).toBeVisible();
	await expect(answerBox('School route')).toHaveValue('The school joins the next meeting.');
	await expect(answerBox('Housing')).toHaveValue('A neighbours’ evening in the spring.');
	await expect(theme('Police').getByRole('textbox', { name: 'Theme title' })).toHaveValue(
		'Clubs and volunteers'
	);
	await expectConsoleFits(consolePage, 'worries and fears, with answers being typed');
	await shot(consolePage, 'console-themes-typing', { fullPage: false });
	await theme('School route').getByRole('button', { name: 'Save' }).click();
	await expect(theme('School route').locator('p.answer')).toHaveText('The school joins the next meeting.');
	await theme('Police').getByRole('button', { name: 'Save' }).click();
	await expect(theme('Clubs and volunteers')).toHaveCount(1);
	await expect(answerBox('Housing')).toHaveValue('A neighbours’ evening in the spring.');
	await theme('Housing').getByRole('button', { name: 'Save' }).click();
	await expect(theme('Housing').locator('p.answer')).toHaveText('A neighbours’ evening in the spring.');
	// Every control of every theme stays inside the panel (answer, rename, merge, assign, spotlight).
	const outside = await themes.evaluate((panel) => {
		const edge = panel.getBoundingClientRect();
		return [...panel.querySelectorAll('button, select, input, textarea')]
			.map((el) => ({ el, box: el.getBoundingClientRect() }))
			.filter(({ box }) => box.width > 0 && (box.left < edge.left - 0.5 || box.right > edge.right + 0.5))
			.map(({ el }) => (el.textContent ?? el.id).trim().slice(0, 30));
	});
	expect(outside).toEqual([]);
	await expectNoAxeViolations(consolePage);

	// The spotlight: a theme, then one worry, large on the big screen, and the wall back after.
	const { context: projectorContext, page: projector } = await openProjector(browser, baseURL, {
		projectorPath: new URL(newUrl).pathname + new URL(newUrl).search
	});
	const onWall = projector.locator('li[data-concern]', { hasText: LONG.school.slice(0, 40) });
	await expect(onWall).toBeVisible();
	// On the wall the long worry is clamped ...
	await expect.poll(() => onWall.evaluate((el) => el.scrollHeight > el.clientHeight + 1)).toBe(true);
	const spotlight = projector.getByRole('region', { name: 'In the spotlight' });
	await expect(spotlight).toHaveCount(0);
	// The spotlight buttons, by what they are (their name changes when pressed).
	const themeSpot = theme('School route').locator('.actions button[aria-pressed]');
	await expect(themeSpot).toHaveText('Show large on the big screen');
	await themeSpot.focus();
	await consolePage.keyboard.press('Enter');
	await expect(themeSpot).toHaveAttribute('aria-pressed', 'true');
	await expect(themeSpot).toHaveText('Take off the big screen');
	// ... and in the spotlight it is shown whole, with its theme's answer, and fits.
	await expect(spotlight).toContainText('School route');
	await expect(spotlight).toContainText('The school joins the next meeting.');
	await expect(spotlight).toContainText(LONG.school);
	await expect.poll(() => spotlight.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
	await expectNoAxeViolations(projector);
	await shot(projector, 'projector-spotlight-theme', { fullPage: false });
	// One worry alone: its own button, and the theme's goes back to "show".
	const worrySpot = worry(LONG.club).locator('button[aria-pressed]');
	await worrySpot.focus();
	await consolePage.keyboard.press('Enter');
	await expect(worrySpot).toHaveAttribute('aria-pressed', 'true');
	await expect(themeSpot).toHaveAttribute('aria-pressed', 'false');
	await expect(spotlight).toContainText(LONG.club);
	await expect(spotlight).not.toContainText('School route');
	await shot(projector, 'projector-spotlight-worry', { fullPage: false });
	// Taken off: the wall is back.
	await worrySpot.click();
	await expect(worrySpot).toHaveAttribute('aria-pressed', 'false');
	await expect(spotlight).toHaveCount(0);
	await expect(onWall).toBeVisible();
	await projectorContext.close();

	await expectConsoleFits(consolePage, 'worries and fears');
	await consolePage.setViewportSize({ width: 1366, height: 1400 });
	await shot(consolePage, 'console-fears', { fullPage: false });
	await consolePage.setViewportSize(LAPTOP.viewport);

	// Proposals, then on to closing (the moves themselves are not the subject here).
	await item('Plain five')
		.getByRole('button', { name: /^Approve/ })
		.click();
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
	await expect(tasks.getByText('Is there a role you could play yourself?')).toBeVisible();
	await expect(tasks.getByText('How are you arriving today?')).toHaveCount(0);
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
