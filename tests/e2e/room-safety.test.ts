/**
 * Safety in the room (issue 11), in Chromium: a phone asks for a moment and the console says that someone asked,
 * never who, and the facilitator pauses from the keyboard; the facilitator puts the ground rules on the projector
 * with a key and takes them off again, and a phone reads them at any time; a threat in the queue is recorded as a
 * safeguarding concern (gone from the room, listed on the review page with its exports), and approving a flagged
 * item takes a second press.
 */
import { randomUUID } from 'node:crypto';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	advanceFromConsole,
	getStarted,
	openPhone,
	openProjector,
	openStartedConsole
} from '../support/live';

test('a moment asked for, the ground rules on the wall, and a threat routed to safeguarding', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, consolePage, session } = await openStartedConsole(browser, baseURL, 'Rowan');
	const { context: projectorContext, page: projector } = await openProjector(browser, baseURL, session);

	const phone = await openPhone(browser, baseURL, session);
	await getStarted(phone.page);
	await advanceFromConsole(consolePage, 'Worries and fears');

	// The phone asks for a moment; the console says someone asked, and nothing about who.
	await phone.page.getByRole('button', { name: 'I need a moment' }).click();
	await expect(phone.page.getByText('You asked for a moment.')).toBeVisible();
	await shot(phone.page, 'phone-moment-asked');
	const asked = consolePage.getByRole('alert').filter({ hasText: 'asked for a moment' });
	await expect(asked).toHaveText(/Someone on a phone asked for a moment\./);
	await shot(consolePage, 'console-moment-asked', { fullPage: false });
	// The facilitator pauses with the key shown on screen; the pause answers the request.
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('p');
	await expect(phone.page.getByRole('heading', { name: /pause/i })).toBeVisible();
	await expect(asked).toHaveCount(0);
	await consolePage.keyboard.press('p');
	await expect(phone.page.getByRole('button', { name: 'I need a moment' })).toBeVisible();

	// "Return to our ground rules": g puts them over everything on the projector, g takes them off.
	// The console's own view must have resumed too (g does nothing while paused).
	await expect(consolePage.locator('.banner.paused')).toHaveCount(0);
	await consolePage.keyboard.press('g');
	const rules = projector.getByTestId('ground-rules-shown');
	await expect(rules).toBeVisible();
	await expect(rules.getByRole('heading', { name: 'Let us return to our ground rules' })).toBeVisible();
	await expect(rules.locator('li').first()).toBeVisible();
	await shot(projector, 'projector-ground-rules', { fullPage: false });
	await consolePage.keyboard.press('g');
	await expect(rules).toHaveCount(0);
	// A phone reads them whenever it likes.
	await phone.page.getByText('Our ground rules').click();
	await expect(phone.page.locator('aside li').first()).toBeVisible();

	// A threat and a flagged name arrive.
	for (const text of ['We know where he lives. Accidents happen.', 'Ahmed at number 12 knows him']) {
		const sent = await phone.page.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
			data: { kind: 'concern', text, clientRequestId: randomUUID() }
		});
		expect(sent.status()).toBe(201);
	}
	const queue = consolePage.locator('#moderation');
	const flaggedName = queue.locator('li', { hasText: 'Ahmed at number 12' });
	// Each flag says what the screening saw, in words.
	await expect(flaggedName.getByText('What the check saw: a house number')).toBeVisible();
	await expect(
		queue
			.locator('li', { hasText: 'We know where he lives' })
			.getByText('What the check saw: a veiled threat')
	).toBeVisible();
	// Approving a flagged item takes a second press.
	await flaggedName.getByRole('button', { name: /^Approve/ }).click();
	await expect(flaggedName.getByRole('alert')).toContainText('approve it anyway?');
	await expect(flaggedName.getByRole('button', { name: /Approve anyway/ })).toBeVisible();
	await consolePage.keyboard.press('Escape');
	await expect(flaggedName.getByRole('alert')).toHaveCount(0);

	// The threat goes to safeguarding.
	const threat = queue.locator('li', { hasText: 'We know where he lives' });
	await threat.getByRole('button', { name: /Safeguarding concern/ }).click();
	await threat.getByRole('radio', { name: 'Reported to the police' }).check();
	await threat.getByRole('textbox', { name: /Note/ }).fill('Called 101 at the break.');
	await shot(consolePage, 'console-safeguard-form', { fullPage: false });
	await expectNoAxeViolations(consolePage);
	await threat.getByRole('button', { name: 'Record and hide' }).click();
	// Out of the waiting queue (it is listed with the hidden ones now), and never on the wall.
	await expect(queue.locator('ol.queue li', { hasText: 'We know where he lives' })).toHaveCount(0);
	await expect(projector.getByText('We know where he lives')).toHaveCount(0);

	// A hidden one can still be recorded, from the list of hidden ones (read again, it names someone's house).
	await flaggedName.getByRole('button', { name: /^Hide/ }).click();
	await consolePage
		.getByRole('dialog', { name: 'Hide this contribution?' })
		.getByRole('button', { name: 'Yes, hide it' })
		.click();
	const hiddenList = queue.locator('details.hidden-list');
	await hiddenList.locator('summary').click();
	const hiddenItem = hiddenList.locator('li', { hasText: 'Ahmed at number 12' });
	await hiddenItem.getByRole('button', { name: 'Safeguarding concern' }).click();
	await hiddenItem.getByRole('radio', { name: 'Passed to the safeguarding lead' }).check();
	await hiddenItem.getByRole('button', { name: 'Record and hide' }).click();
	await expect(hiddenItem.getByRole('status')).toContainText('Recorded as a safeguarding concern.');
	await hiddenList.scrollIntoViewIfNeeded();
	await shot(consolePage, 'console-hidden-safeguarded', { fullPage: false });
	await expectNoAxeViolations(consolePage);
	await expect(hiddenItem.getByRole('button', { name: 'Safeguarding concern' })).toHaveCount(0);
	await expect(projector.getByText('Ahmed at number 12')).toHaveCount(0);

	// The review page lists both for the dialogue's staff, with their exports.
	await consolePage.goto(`/review/${session.dialogueId}`);
	const records = consolePage.locator('section', {
		has: consolePage.getByRole('heading', { name: 'Safeguarding records' })
	});
	await expect(records.getByText('We know where he lives. Accidents happen.')).toBeVisible();
	await expect(records.getByText('Reported to the police')).toBeVisible();
	await expect(records.getByText('Called 101 at the break.')).toBeVisible();
	await expect(records.getByText(/Ahmed at number 12/)).toBeVisible();
	await expect(records.getByText('Passed to the safeguarding lead')).toBeVisible();
	await shot(consolePage, 'review-safeguarding');
	const csv = await consolePage.request.get(
		`/api/v1/dialogues/${session.dialogueId}/safeguarding?format=csv`
	);
	expect(csv.status()).toBe(200);
	expect(await csv.text()).toContain('We know where he lives. Accidents happen.');

	await Promise.all([staff.close(), projectorContext.close(), phone.context.close()]);
});
