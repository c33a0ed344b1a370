/**
 * Observers (issue 11, the outer circle), in Chromium: a person opens the watch link on a small phone and follows
 * the wall's content without taking part: the purpose and the ground rules in the opening, an approved concern as
 * it reaches the wall, nothing to write, support or answer, nothing scrolled sideways at 320 px, axe clean; the
 * console shows the watch link and counts the observer apart from the phones.
 */
import { randomUUID } from 'node:crypto';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import { advanceFromConsole, openStartedConsole, PHONE } from '../support/live';

test('an observer follows the wall on a 320 px phone without taking part; the console counts them apart', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	if (!baseURL) throw new Error('no baseURL');
	const { consolePage, session } = await openStartedConsole(browser, baseURL, 'Rowan');

	// The console hands out the watch link next to the phones' address.
	const watchUrl = `${session.phoneUrl}/watch`;
	await expect(consolePage.getByText(watchUrl, { exact: true })).toBeVisible();

	const context = await browser.newContext({
		...PHONE,
		viewport: { width: 320, height: 640 },
		screen: { width: 320, height: 640 },
		baseURL
	});
	const observer = await context.newPage();
	await observer.goto(`/s/${session.joinCode}/watch`);
	await expect(observer.getByRole('note')).toContainText('You are following the meeting');
	await expect(observer.getByRole('heading', { name: 'Why we are here' })).toBeVisible();
	await expect(observer.getByRole('heading', { name: 'How we talk with each other' })).toBeVisible();
	// Nothing to write, support or answer: no text field and no button (the language picker is a select).
	await expect(observer.getByRole('textbox')).toHaveCount(0);
	await expect(observer.getByRole('button')).toHaveCount(0);
	// No cookie but the language one: an observer has no identity here.
	const cookies = await observer.context().cookies();
	expect(cookies.map((c) => c.name).filter((name) => name !== 'PARAGLIDE_LOCALE')).toEqual([]);
	await expect(consolePage.getByText('Observers: 1')).toBeVisible();
	await expectNoAxeViolations(observer);

	// A phone's concern, once approved, reaches the observer as it reaches the wall.
	await advanceFromConsole(consolePage, 'Worries and fears');
	const phone = await browser.newContext({ baseURL });
	expect((await phone.request.post('/api/v1/join', { data: { code: session.joinCode } })).status()).toBe(201);
	const text = 'Who keeps an eye on the playground in the evenings?';
	const sent = await phone.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
		data: { kind: 'concern', text, clientRequestId: randomUUID() }
	});
	expect(sent.status(), await sent.text()).toBe(201);
	await expect(observer.getByText(text)).toHaveCount(0);
	const { id } = (await sent.json()) as { id: string };
	const approved = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
		data: { type: 'contribution.approve', contributionId: id }
	});
	expect(approved.status(), await approved.text()).toBe(200);
	await expect(observer.getByText(text)).toBeVisible();
	// Counted apart: one phone joined, one observer; the observer is not among the phones.
	await expect(consolePage.getByText('Observers: 1')).toBeVisible();

	// A speaking round: the observer sees who holds the piece, by the first name given for the round only.
	const command = async (data: Record<string, unknown>) => {
		const response = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data
		});
		expect(response.status(), await response.text()).toBe(200);
	};
	await command({ type: 'speaking.start', purpose: 'open' });
	const seen = (await (await consolePage.request.get(`/api/v1/sessions/${session.sessionId}`)).json()) as {
		speaking: { id: string } | null;
	};
	const roundId = seen.speaking?.id ?? '';
	const asked = await phone.request.post(`/api/v1/sessions/${session.sessionId}/speaking`, {
		data: { action: 'ask', roundId, kind: 'name', label: 'Anne' }
	});
	expect(asked.status(), await asked.text()).toBe(200);
	await command({ type: 'speaking.pass', roundId, from: null });
	await expect(observer.getByRole('heading', { name: /^Speaking round/ })).toBeVisible();
	await expect(observer.getByTestId('watch-holder')).toHaveText('Anne');

	// Reflow: nothing scrolls sideways at 320 px, nor at 200% text.
	const sideways = () =>
		observer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(await sideways()).toBeLessThanOrEqual(0);
	await observer.evaluate(() => (document.documentElement.style.fontSize = '200%'));
	expect(await sideways()).toBeLessThanOrEqual(0);
	await observer.evaluate(() => (document.documentElement.style.fontSize = ''));
	await expectNoAxeViolations(observer);
	await shot(observer, 'observer-320-fears');

	await context.close();
	await expect(consolePage.getByText(/^Observers:/)).toHaveCount(0);
	await phone.close();
});

test('an observer in Arabic gets what the wall shows later in Arabic too (the projector’s texts are loaded)', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	if (!baseURL) throw new Error('no baseURL');
	const { consolePage, session } = await openStartedConsole(browser, baseURL, 'Samira');
	const context = await browser.newContext({ ...PHONE, baseURL, locale: 'ar' });
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ar', url: baseURL }]);
	const observer = await context.newPage();
	await observer.goto(`/s/${session.joinCode}/watch`);
	await expect(observer.locator('html')).toHaveAttribute('dir', 'rtl');
	// Drawn in the browser, after the page loaded: the empty wall of the worries phase.
	await advanceFromConsole(consolePage, 'Worries and fears');
	await expect(observer.getByText('الهموم التي تشاركونها تظهر هنا بعد أن يقرأها ميسّر.')).toBeVisible();
	await expect(
		observer.getByText('Worries you share appear here after a facilitator has read them.')
	).toHaveCount(0);
	await context.close();
});
