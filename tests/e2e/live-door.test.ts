/**
 * The door and a flood in the moderation queue, in Chromium: the facilitator closes the door from the console
 * with the key shown on screen, the projector hides the code and says so calmly, a new phone is told in plain
 * words why it cannot join while the phone already in stays; then a flood of concerns is cleared from the queue
 * by selecting several and hiding them together, and by hiding everything flagged.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	advanceFromConsole,
	getStarted,
	openPhone,
	openProjector,
	openStartedConsole
} from '../support/live';

test('the door closes and opens from the console, and a flood is hidden in bulk', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, consolePage, session } = await openStartedConsole(browser, baseURL, 'Birch');

	const { context: projectorContext, page: projector } = await openProjector(browser, baseURL, session);
	await expect(projector.getByText(session.joinCode, { exact: true })).toBeVisible();

	const inside = await openPhone(browser, baseURL, session);
	await getStarted(inside.page);

	// The key shown next to the button closes the door.
	const room = consolePage.locator('#room');
	await expect(room.getByRole('button', { name: /Close the door/ })).toBeVisible();
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('d');
	await expect(room.getByText('The door is closed: the code lets no new phones in.')).toBeVisible();
	await expect(projector.getByText('The door is closed for now. Everyone who is here is in.')).toBeVisible();
	await expect(projector.getByText(session.joinCode, { exact: true })).toHaveCount(0);
	await shot(projector, 'projector-door-closed', { fullPage: false });
	await shot(consolePage, 'console-door-closed', { fullPage: false });

	const late = await openPhone(browser, baseURL, session);
	await expect(late.page.getByRole('alert')).toContainText('The door is closed');
	await shot(late.page, 'phone-door-closed', { fullPage: false });
	// The phone that was in before is still in.
	await expect(inside.page.getByRole('alert')).toHaveCount(0);

	await room.getByRole('button', { name: /Open the door/ }).click();
	await expect(room.getByText('The door is open: new phones can join with the code.')).toBeVisible();
	await expect(projector.getByText(session.joinCode, { exact: true })).toBeVisible();
	await late.page.getByRole('button', { name: 'Join' }).click();
	await expect(late.page.getByRole('alert')).toHaveCount(0);

	// A flood: five phones (scripted) each send a concern; two look like personal data or a threat.
	await advanceFromConsole(consolePage, 'Worries and fears');
	const texts = [
		'Flood one',
		'Flood two',
		'Flood three',
		'His name is Jan and he lives at Kerkstraat 12',
		'Someone should kill him'
	];
	for (const text of texts) {
		const script = await browser.newContext({ baseURL });
		const joined = await script.request.post('/api/v1/join', { data: { code: session.joinCode } });
		expect(joined.status()).toBe(201);
		const { sessionId } = (await joined.json()) as { sessionId: string };
		const sent = await script.request.post(`/api/v1/sessions/${sessionId}/contributions`, {
			data: { kind: 'concern', text, clientRequestId: randomUUID() }
		});
		expect(sent.status()).toBe(201);
		await script.close();
	}
	const queue = consolePage.locator('#moderation');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (5)' })).toBeVisible();

	await queue
		.locator('li', { hasText: 'Flood one' })
		.getByRole('checkbox', { name: /Select/ })
		.check();
	await queue
		.locator('li', { hasText: 'Flood two' })
		.getByRole('checkbox', { name: /Select/ })
		.check();
	await expect(queue.getByText('2 selected')).toBeVisible();
	await queue.scrollIntoViewIfNeeded();
	await shot(consolePage, 'console-bulk-hide', { fullPage: false });
	// Hiding in bulk asks first, with the number. Cancel hides nothing and keeps the ticks.
	await queue.getByRole('button', { name: 'Hide the selected (2)' }).click();
	const hideMany = consolePage.getByRole('dialog', { name: 'Hide 2 contributions?' });
	await expect(hideMany).toBeVisible();
	await shot(consolePage, 'console-hide-many-confirm', { fullPage: false });
	await hideMany.getByRole('button', { name: 'Cancel' }).click();
	await expect(hideMany).toBeHidden();
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (5)' })).toBeVisible();
	await expect(queue.getByText('2 selected')).toBeVisible();
	await queue.getByRole('button', { name: 'Hide the selected (2)' }).click();
	await hideMany.getByRole('button', { name: 'Yes, hide them' }).click();
	await expect(queue.getByRole('status').filter({ hasText: '2 hidden.' })).toBeVisible();
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (3)' })).toBeVisible();

	await queue.getByRole('button', { name: 'Hide everything flagged (2)' }).click();
	await consolePage
		.getByRole('dialog', { name: 'Hide 2 contributions?' })
		.getByRole('button', { name: 'Yes, hide them' })
		.click();
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (1)' })).toBeVisible();
	await expect(queue.locator('ol.queue li')).toHaveText(/Flood three/);

	await Promise.all([staff.close(), projectorContext.close(), inside.context.close(), late.context.close()]);
});
