/**
 * Every neighbour in their own language (issue 12), in Chromium: five phones in one session each choose their
 * language on the welcome screen by its own name, see their own language, keep it through a reload, and one changes
 * it mid-session from the phone's bar without losing what it had typed. The Arabic phone is right to left (`lang`
 * and `dir` on the document, no axe violation); its concern, approved, stands right to left on the English
 * projector, whose join code stays left to right.
 *
 * One staff context holds the console and the projector; each phone needs its own (its own cookies). The session
 * moves on through the JSON API with written reasons: the way there is not the subject.
 */
import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { openPhone, openStartedConsole, PHONE, PROJECTOR } from '../support/live';
import { shot } from '../support/shots';

const REASONS = {
	respect: 'A rehearsal: done outside the app.',
	relationship: 'A rehearsal: done outside the app.',
	responsibility: 'A rehearsal: done outside the app.'
};

/** Each phone's language: the button named in that language, and a known text of it (the welcome heading). */
const LANGUAGES = [
	{ code: 'en', button: 'English', welcome: 'Welcome' },
	{ code: 'de', button: 'Deutsch', welcome: 'Willkommen' },
	{ code: 'pl', button: 'Polski', welcome: 'Witamy' },
	{ code: 'tr', button: 'Türkçe', welcome: 'Hoş geldiniz' },
	{ code: 'ar', button: 'العربية', welcome: 'أهلًا بكم' }
] as const;

/** A worry in Arabic with a number in it (a number inside right-to-left text is where direction goes wrong). */
const ARABIC_CONCERN = 'أخاف على أطفالي في الطريق إلى المدرسة كل صباح، وخاصة عند موقف الحافلة 12.';

/**
 * Screenshots of the phone at 360 px, and at 320 px with 200% zoom (160 CSS px), with `part` scrolled into view;
 * at both widths nothing may scroll sideways.
 */
async function phoneShots(page: Page, name: string, part?: Locator): Promise<void> {
	const widths = [
		{ width: 360, label: '360px' },
		{ width: 160, label: '320px-zoom200' }
	];
	for (const { width, label } of widths) {
		await page.setViewportSize({ width, height: width === 360 ? 740 : 370 });
		await page.evaluate(
			() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
		);
		if (part) await part.scrollIntoViewIfNeeded();
		const { scrollWidth, clientWidth } = await page.evaluate(() => ({
			scrollWidth: document.documentElement.scrollWidth,
			clientWidth: document.documentElement.clientWidth
		}));
		expect(scrollWidth, `${name} scrolls sideways at ${label}`).toBeLessThanOrEqual(clientWidth);
		await shot(page, `languages-${name}-${label}`, { fullPage: false });
	}
	await page.setViewportSize(PHONE.viewport);
}

/** The document's language and direction as the browser applies them. */
async function documentDirection(page: Page): Promise<{ lang: string; dir: string; direction: string }> {
	return page.evaluate(() => ({
		lang: document.documentElement.lang,
		dir: document.documentElement.dir,
		direction: getComputedStyle(document.documentElement).direction
	}));
}

test('five phones in five languages, one of them Arabic, and an Arabic concern on the English projector', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, consolePage, session } = await openStartedConsole(browser, baseURL, 'Juniper');
	const command = async (body: Record<string, unknown>) => {
		const response = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data: body
		});
		expect(response.ok(), await response.text()).toBe(true);
	};

	// Five phones, all of them set to English by their browsers; each picks its own language by its own name.
	const phones: Record<(typeof LANGUAGES)[number]['code'], Page> = {} as never;
	for (const language of LANGUAGES) {
		const { page } = await openPhone(browser, baseURL, session);
		await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
		await page.getByRole('button', { name: language.button, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: language.welcome })).toBeVisible();
		await expect(page.getByRole('button', { name: language.button, exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		// Read once the reload in the chosen language has finished (a read races the reload otherwise).
		await expect(page.locator('html')).toHaveAttribute('lang', language.code);
		phones[language.code] = page;
	}
	const arabic = phones.ar;
	expect(await documentDirection(arabic)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
	expect(await documentDirection(phones.de)).toEqual({ lang: 'de', dir: 'ltr', direction: 'ltr' });
	await expectNoAxeViolations(arabic);
	await phoneShots(arabic, 'phone-ar-welcome');

	// A reload keeps each phone's language.
	for (const language of LANGUAGES) {
		const page = phones[language.code];
		await page.reload();
		await expect(page.getByRole('heading', { level: 1, name: language.welcome })).toBeVisible();
	}
	await expect(arabic.locator('html')).toHaveAttribute('dir', 'rtl');

	// The Polish and the Arabic phone read on and agree to the ground rules.
	for (const page of [phones.pl, arabic]) {
		await page.locator('main .btn.primary').first().click();
		await expect(page.locator('.sticky-actions')).toBeVisible();
		await page.locator('main .btn.primary').first().click();
		await page.locator('.sticky-actions .btn.primary').click();
		await expect(page.locator('main .waiting')).toBeVisible();
	}
	await command({ type: 'phase.advance', from: 'opening', overrides: REASONS });

	// Mid-session the Polish phone switches to Turkish from its bar; what it had typed is still there.
	const polish = phones.pl;
	await expect(polish.getByRole('heading', { level: 1, name: 'Podziel się obawą' })).toBeVisible();
	const draft = 'Martwię się o drogę do szkoły.';
	await polish.getByLabel('Twoja obawa').fill(draft);
	await polish.getByRole('combobox', { name: 'Język' }).selectOption({ label: 'Türkçe' });
	await expect(polish.getByRole('heading', { level: 1, name: 'Bir kaygı paylaşın' })).toBeVisible();
	await expect(polish.getByLabel('Kaygınız')).toHaveValue(draft);
	await expect(polish.locator('html')).toHaveAttribute('lang', 'tr');
	await expect(polish.getByRole('combobox', { name: 'Dil' })).toHaveValue('tr');

	// The Arabic phone sends a worry in Arabic and sees it in its own list, waiting for the facilitator.
	await expect(arabic.getByRole('heading', { level: 1, name: 'مشاركة ما يقلقكم' })).toBeVisible();
	// The phase's name in the bar and the phase's question too (their keys have capitals: they once fell out of the
	// phone's Arabic texts and read in English).
	await expect(arabic.locator('header .phase')).toHaveText('الهموم والمخاوف');
	await expect(arabic.getByText('ما الذي يقلقنا؟ من يتأثر، وكيف؟ ما الذي سيساعد؟')).toBeVisible();
	await expectNoAxeViolations(arabic);
	await phoneShots(arabic, 'phone-ar-concern');
	await arabic.getByLabel('ما يقلقكم').fill(ARABIC_CONCERN);
	await arabic.getByRole('button', { name: 'إرسال دون اسم' }).click();
	const mine = arabic.locator('.mine li', { hasText: ARABIC_CONCERN });
	await expect(mine).toBeVisible();
	await expect(mine).toContainText('في انتظار الميسّر');
	await expect.poll(() => mine.locator('.text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	await phoneShots(arabic, 'phone-ar-mine', arabic.locator('.mine'));

	// The facilitator approves it; the English projector shows it right to left on a left-to-right page.
	const queued = consolePage.locator('#moderation li', { hasText: ARABIC_CONCERN });
	await expect(queued).toBeVisible();
	await queued.getByRole('button', { name: /^Approve/ }).click();
	await expect(queued).toHaveCount(0);

	const projector = await staff.newPage();
	await projector.setViewportSize(PROJECTOR.viewport);
	await projector.goto(session.projectorPath);
	const onWall = projector.getByText(ARABIC_CONCERN, { exact: true });
	await expect(onWall).toBeVisible();
	expect(await documentDirection(projector)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
	await expect.poll(() => onWall.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	// The join code reads left to right, isolated from the words around it, whatever the page's direction.
	const code = projector.getByText(session.joinCode, { exact: true });
	await expect(code).toBeVisible();
	expect(
		await code.evaluate((el) => ({
			direction: getComputedStyle(el).direction,
			unicodeBidi: getComputedStyle(el).unicodeBidi
		}))
	).toEqual({ direction: 'ltr', unicodeBidi: 'isolate' });
	await shot(projector, 'languages-projector-arabic-concern', { fullPage: false });

	await staff.close();
	for (const page of Object.values(phones)) await page.context().close();
});
