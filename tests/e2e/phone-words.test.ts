/**
 * What the phone says (issue 13, the phones), in Chromium: joining without a link from the home page and `/s`,
 * a styled "not found", a closed meeting's code that says the meeting has ended; one language control on the
 * welcome screen, no internal phase name, the Read screen saying once that taking part is free; "your answer is
 * in" gone when the next question comes; and a concern a facilitator shortened shown to its author as it was
 * shown, marked as shortened, with the first version (the name and address) gone from the phone.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { LAPTOP, openLiveSession, openPhone } from '../support/live';
import { shot } from '../support/shots';

const REASONS = {
	respect: 'A rehearsal: done outside the app.',
	relationship: 'A rehearsal: done outside the app.',
	responsibility: 'A rehearsal: done outside the app.'
};

test('the phone joins without a link, speaks plainly, and shows its author a shortened concern as shown', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Alder' });
	const command = async (body: Record<string, unknown>) => {
		const response = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data: body
		});
		expect(response.ok(), await response.text()).toBe(true);
		return (await response.json()) as unknown;
	};

	// Joining without a link: the code box on the home page takes the phone to the meeting.
	const { context, page: phone } = await openPhone(browser, baseURL, { joinCode: 'x' });
	await phone.goto('/');
	await phone.getByRole('textbox', { name: 'The code on the big screen' }).fill(session.joinCode);
	await phone.getByRole('button', { name: 'Join', exact: true }).click();
	await expect(phone).toHaveURL(new RegExp(`/s/${session.joinCode}$`));
	await expect(phone.getByRole('heading', { level: 1 })).toBeVisible();

	// `/s` offers the box too, and an address that does not exist is a calm page with the way on.
	const other = await context.newPage();
	await other.goto('/s');
	await expect(other.getByRole('textbox', { name: 'The code on the big screen' })).toBeVisible();
	// The language can be chosen there too, before joining; the choice stays for the phone's screens.
	await other.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
	await expect(other.locator('html')).toHaveAttribute('lang', 'de');
	await expect(other.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de');
	await other.getByRole('combobox', { name: 'Sprache' }).selectOption({ label: 'English' });
	await expect(other.locator('html')).toHaveAttribute('lang', 'en');
	const missing = await other.goto('/no/such/page');
	expect(missing?.status()).toBe(404);
	await expect(other.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
	await expect(other.getByRole('textbox', { name: 'The code on the big screen' })).toBeVisible();
	await expect(other.getByRole('link', { name: 'Go to the start page' })).toBeVisible();
	await shot(other, 'phone-not-found', { fullPage: false });
	await other.close();

	// Welcome: one language control (every language, each named in itself), and no "Preparation" in the bar.
	await expect(phone.locator('.languages')).toBeVisible();
	await expect(phone.locator('.languages button')).toHaveText([
		'English',
		'Nederlands',
		'Deutsch',
		'Français',
		'Español',
		'Polski',
		'Türkçe',
		'العربية'
	]);
	await expect(phone.locator('.languages button[lang="ar"]')).toHaveAttribute('dir', 'rtl');
	await expect(phone.locator('header .lang')).toHaveCount(0);
	await expect(phone.locator('header')).not.toContainText('Preparation');
	await expect(phone.locator('header')).toContainText('Before the start');
	await phone.getByRole('button', { name: 'Continue' }).click();
	// The Read screen says once, not twice, that one may leave at any time.
	await expect(phone.getByRole('button', { name: 'I have read this' })).toBeVisible();
	expect((await phone.locator('main').innerText()).match(/at any time/g)).toHaveLength(1);
	await expect(phone.locator('header .lang')).toHaveCount(1);
	await expect(phone.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
	await phone.getByRole('button', { name: 'I have read this' }).click();

	await command({ type: 'phase.advance', from: 'preparation', overrides: REASONS });
	await phone.getByRole('button', { name: 'I agree', exact: true }).click();

	// "Your answer is in" belongs to the question it answered: the next question clears it at once.
	await command({ type: 'prompt.open', prompt: 'checkIn' });
	await phone.getByRole('button', { name: /^4\b/ }).click();
	const ack = phone.getByText('Thank you. Your answer is in.');
	await expect(ack).toBeVisible();
	await command({ type: 'prompt.open', prompt: 'pulse.respected' });
	await expect(phone.getByText('I feel respected in this meeting.')).toBeVisible();
	await expect(ack).toHaveCount(0, { timeout: 2_000 });
	await command({ type: 'prompt.close' });

	// A concern with a name and an address, shortened by the facilitator before it is shown.
	await command({ type: 'phase.advance', from: 'opening', overrides: REASONS });
	const field = phone.getByRole('textbox', { name: 'Your worry' });
	await field.fill('My neighbour Jan de Vries at Kerkstraat 12 frightens the children');
	await phone.getByRole('button', { name: 'Send' }).click();
	await expect(phone.locator('.mine li')).toContainText('Waiting for the facilitator');
	const queue = (await (await consolePage.request.get(`/api/v1/sessions/${session.sessionId}`)).json()) as {
		moderationQueue?: { id: string; text: string }[];
	};
	const held = queue.moderationQueue?.find((c) => c.text.includes('Kerkstraat'));
	if (!held) throw new Error(`the concern is not in the queue: ${JSON.stringify(queue).slice(0, 300)}`);
	await command({
		type: 'contribution.redact',
		contributionId: held.id,
		text: 'A neighbour frightens the children',
		note: 'A name and an address'
	});
	const mine = phone.locator('.mine li');
	await expect(mine).toContainText('A neighbour frightens the children');
	await expect(mine).toContainText('Shown on the big screen, shortened by a facilitator');
	await expect(mine).not.toContainText('Kerkstraat');
	await shot(phone, 'phone-mine-shortened');
	// After a reload too, and nothing on the phone keeps the first version.
	await phone.reload();
	await expect(phone.locator('.mine li')).toContainText('A neighbour frightens the children');
	expect(await storedText(phone)).not.toContain('Kerkstraat');

	// The facilitator moves on while this person is still writing: told calmly, the words given back.
	await phone.getByRole('textbox', { name: 'Your worry' }).fill('The bus stop at night');
	await command({ type: 'phase.advance', from: 'fearsAndStigma', overrides: REASONS });
	const notice = phone.getByRole('alert');
	await expect(notice).toContainText('What you were writing was not sent, and nobody has seen it.');
	await expect(notice.locator('blockquote')).toHaveText('The bus stop at night');
	await shot(phone, 'phone-moved-on-while-typing');

	// The meeting ends: its code says so, instead of "this code does not work".
	await command({ type: 'phase.advance', from: 'proposals', overrides: REASONS });
	await command({ type: 'phase.advance', from: 'agreement', overrides: REASONS });
	await command({ type: 'phase.advance', from: 'closing', overrides: REASONS });
	const late = await browser.newContext({ baseURL, viewport: { width: 360, height: 700 } });
	const latePhone = await late.newPage();
	await latePhone.goto(`/s/${session.joinCode}`);
	await expect(latePhone.getByRole('alert')).toContainText('This meeting has ended');
	await shot(latePhone, 'phone-meeting-ended', { fullPage: false });
	await late.close();
	await context.close();
	await staff.close();
});

/** Everything this phone keeps in localStorage, as one string. */
function storedText(page: Page): Promise<string> {
	return page.evaluate(() => Object.values(localStorage).join('\n'));
}
