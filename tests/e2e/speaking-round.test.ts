/**
 * The speaking round (issue 11, the talking piece), in Chromium: five phones, three ask to speak (by a first name,
 * by a seat number, as "someone"), one passes and one stays silent; the console passes the piece on with its key;
 * the projector shows who holds it and who is next, by the name or seat given only; the report counts the turns
 * and never names anyone.
 */
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import { getStarted, openPhone, openProjector, openStartedConsole } from '../support/live';

test('a speaking round with five phones, passed on from the console, counted in the report without names', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, consolePage, session } = await openStartedConsole(browser, baseURL, 'Linden');
	const { context: projectorContext, page: projector } = await openProjector(browser, baseURL, session);
	const phones = [];
	for (let i = 0; i < 5; i++) {
		const phone = await openPhone(browser, baseURL, session);
		await getStarted(phone.page);
		phones.push(phone);
	}
	const [amira, seat, someone, passer, silent] = phones.map((p) => p.page) as [
		(typeof phones)[number]['page'],
		(typeof phones)[number]['page'],
		(typeof phones)[number]['page'],
		(typeof phones)[number]['page'],
		(typeof phones)[number]['page']
	];

	// The facilitator starts an open round with a gentle bar of two minutes per turn.
	const panel = consolePage.locator('#speaking');
	// Folded while no round runs; opened by keyboard.
	await panel.locator('summary').focus();
	await consolePage.keyboard.press('Enter');
	await expect(panel.getByRole('button', { name: 'Start a speaking round' })).toBeVisible();
	await panel.scrollIntoViewIfNeeded();
	await shot(consolePage, 'console-speaking-start', { fullPage: false });
	await expectNoAxeViolations(consolePage);
	await panel.getByRole('textbox', { name: /Gentle bar/ }).fill('2');
	await panel.getByRole('button', { name: 'Start a speaking round' }).click();
	await expect(panel.getByRole('heading', { name: 'Speaking round: An open round' })).toBeVisible();

	// Phones: a first name, a seat number, "someone"; one passes; one stays silent.
	await expect(amira.getByRole('heading', { name: 'Speaking round' })).toBeVisible();
	await amira.getByRole('radio', { name: 'By a first name' }).check();
	// An address is not a first name: refused with a field message, and what was typed stays.
	await amira.getByRole('textbox', { name: 'First name' }).fill('Kerkstraat 12');
	await amira.getByRole('button', { name: 'I’d like to speak' }).click();
	await expect(amira.getByRole('alert')).toContainText('first name');
	await expect(amira.getByRole('textbox', { name: 'First name' })).toHaveValue('Kerkstraat 12');
	await amira.getByRole('textbox', { name: 'First name' }).fill('Amira');
	await shot(amira, 'phone-speaking-ask');
	await expectNoAxeViolations(amira);
	// It reflows at 320 px: nothing wider than the phone.
	await amira.setViewportSize({ width: 320, height: 640 });
	expect(await amira.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await amira.setViewportSize({ width: 360, height: 740 });
	await amira.getByRole('button', { name: 'I’d like to speak' }).click();
	await expect(amira.getByText('You are next.')).toBeVisible();
	await seat.getByRole('radio', { name: 'By a seat number' }).check();
	await seat.getByRole('textbox', { name: 'Seat number' }).fill('7');
	await seat.getByRole('button', { name: 'I’d like to speak' }).click();
	await expect(seat.getByText('You asked for a turn.')).toBeVisible();
	await someone.getByRole('button', { name: 'I’d like to speak' }).click();
	await expect(someone.getByText('You asked for a turn.')).toBeVisible();
	await passer.getByRole('button', { name: 'Pass', exact: true }).click();
	await expect(passer.getByText('You passed.')).toBeVisible();

	// The console sees the queue in order and passes the piece on with its key (shown on screen).
	await expect(panel.getByTestId('console-queue').locator('li')).toHaveText(['Amira', 'Seat 7', 'Someone']);
	await expect(panel.getByRole('button', { name: /Pass the piece on/ }).locator('kbd')).toHaveText('n');
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('n');
	await expect(panel.getByTestId('console-holder')).toHaveText('Amira');
	await expect(panel.getByText('This turn so far')).toBeVisible();
	await expectNoAxeViolations(consolePage);
	await panel.scrollIntoViewIfNeeded();
	await shot(consolePage, 'console-speaking-round', { fullPage: false });

	// The projector: who holds the piece and who is next, by name or seat only; the gentle bar, no numbers.
	await expect(projector.getByTestId('board-holder')).toHaveText('Amira');
	await expect(projector.getByTestId('board-next')).toHaveText('Seat 7');
	await expect(projector.locator('.speaking .bar')).toBeVisible();
	await expectNoAxeViolations(projector);
	await shot(projector, 'projector-speaking-round', { fullPage: false });
	await expect(amira.getByText('You hold the piece.')).toBeVisible();
	await expect(seat.getByText('You are next.')).toBeVisible();
	await expect(silent.getByTestId('speaking-holder')).toHaveText('Amira');
	await shot(amira, 'phone-speaking-holding');
	await expectNoAxeViolations(amira);

	await consolePage.keyboard.press('n');
	await expect(projector.getByTestId('board-holder')).toHaveText('Seat 7');
	await expect(projector.getByTestId('board-next')).toHaveText('Someone');
	await expect(amira.getByText('Thank you for speaking.')).toBeVisible();
	await consolePage.keyboard.press('n');
	await expect(projector.getByTestId('board-holder')).toHaveText('Someone');
	await expect(projector.getByTestId('board-next')).toHaveText('No one is waiting.');
	await consolePage.keyboard.press('n');
	await expect(projector.getByTestId('board-holder')).toHaveText('The piece rests with the facilitator.');
	await expect(panel.locator('dd').nth(1)).toHaveText('3');

	// The round ends: the board goes, the names are forgotten.
	await panel.getByRole('button', { name: 'End the round' }).click();
	await expect(projector.getByTestId('board-holder')).toHaveCount(0);
	await expect(amira.getByRole('heading', { name: 'Speaking round' })).toHaveCount(0);

	// The meeting ends (early, for this test); the report counts three turns and names no one.
	const ended = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
		data: { type: 'session.endEarly', reason: 'time' }
	});
	expect(ended.status(), await ended.text()).toBe(200);
	await consolePage.getByRole('link', { name: 'Open the report' }).click();
	const section = consolePage.locator('section', {
		has: consolePage.getByRole('heading', { name: 'Speaking rounds' })
	});
	const row = section.getByRole('row', { name: /An open round/ });
	await expect(row.getByRole('rowheader')).toHaveText('An open round');
	// Three turns, taken aloud; one pass, below the minimum group size, is not shown as a number.
	await expect(row.getByRole('cell')).toHaveText(['Opening', '3', 'not enough answers']);
	await expect(consolePage.getByText('Amira')).toHaveCount(0);
	await expect(consolePage.getByText('Seat 7')).toHaveCount(0);
	await section.scrollIntoViewIfNeeded();
	await shot(consolePage, 'report-speaking-rounds', { fullPage: false });

	await Promise.all([
		staff.close(),
		projectorContext.close(),
		...phones.map((phone) => phone.context.close())
	]);
});
