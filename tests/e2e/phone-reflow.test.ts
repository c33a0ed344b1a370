/**
 * Reflow on the phone (WCAG 1.4.4 and 1.4.10), in Chromium: no phone screen scrolls sideways at 320 and 360 CSS
 * px, at 200% browser zoom (a 320 px window at 200% lays out 160 CSS px; 360 px lays out 180) and with the text
 * size at 200% (the root font size), in every phase and on the wrong-code screen, in English and in Dutch; and the
 * welcome screen with its language picker in Arabic (right to left, where what overflows sticks out on the left).
 *
 * The session moves on through the API with written reasons (the way there is not the subject); the phones are
 * plain Chromium windows rather than emulated mobile devices, because a mobile viewport widens itself to fit
 * content that overflows and would hide the very defect this test looks for.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { LAPTOP, openLiveSession } from '../support/live';
import { shot } from '../support/shots';

interface Mode {
	name: string;
	width: number;
	fontSize: string;
}

const MODES: Mode[] = [
	{ name: '320px', width: 320, fontSize: '' },
	{ name: '360px', width: 360, fontSize: '' },
	{ name: '320px-zoom200', width: 160, fontSize: '' },
	{ name: '360px-zoom200', width: 180, fontSize: '' },
	{ name: '320px-text200', width: 320, fontSize: '200%' },
	{ name: '360px-text200', width: 360, fontSize: '200%' }
];

const REASONS = {
	respect: 'A rehearsal: done outside the app.',
	relationship: 'A rehearsal: done outside the app.',
	responsibility: 'A rehearsal: done outside the app.'
};

/** Every mode on the screen the phone shows now; returns what scrolled sideways, with the elements that stick out. */
async function sidewaysScroll(page: Page, screen: string): Promise<string[]> {
	const found: string[] = [];
	for (const mode of MODES) {
		await page.setViewportSize({ width: mode.width, height: 700 });
		await page.evaluate((size) => {
			document.documentElement.style.fontSize = size;
		}, mode.fontSize);
		// Two frames: the layout settles after the resize and the font change.
		await page.evaluate(
			() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
		);
		const measured = await page.evaluate(() => {
			const root = document.documentElement;
			const wide = [...document.querySelectorAll('body *')]
				.filter((el) => {
					const box = el.getBoundingClientRect();
					return box.right > root.clientWidth + 1 || box.left < -1;
				})
				.slice(0, 4)
				.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
			return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, lang: root.lang };
		});
		if (measured.scrollWidth > measured.clientWidth) {
			found.push(
				`${measured.lang} ${screen} at ${mode.name}: ${measured.scrollWidth} > ${measured.clientWidth} (${measured.wide.join(', ')})`
			);
		}
		if (mode.width === 160 || mode.fontSize) {
			await shot(page, `phone-${measured.lang}-${screen}-${mode.name}`, { fullPage: false });
		}
	}
	await page.evaluate(() => {
		document.documentElement.style.fontSize = '';
	});
	await page.setViewportSize({ width: 360, height: 700 });
	return found;
}

async function openPlainPhone(
	browser: Browser,
	baseURL: string,
	locale: string
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL, locale, viewport: { width: 360, height: 700 } });
	return { context, page: await context.newPage() };
}

test('no phone screen scrolls sideways at 320 and 360 px, 200% zoom or 200% text, in English and Dutch', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Rowan' });
	const command = async (body: Record<string, unknown>) => {
		const response = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data: body
		});
		expect(response.ok(), await response.text()).toBe(true);
	};

	const phones = [
		await openPlainPhone(browser, baseURL, 'en-GB'),
		await openPlainPhone(browser, baseURL, 'nl-NL')
	];
	const found: string[] = [];
	const everyPhone = async (screen: string, ready: (page: Page) => Promise<void>) => {
		for (const { page } of phones) {
			await ready(page);
			found.push(...(await sidewaysScroll(page, screen)));
		}
	};
	const primary = (page: Page) => page.locator('main .btn.primary').first();

	// A wrong code, and the screen to type it again.
	await everyPhone('wrong-code', async (page) => {
		await page.goto('/s/NOSUCHCODE1234');
		await expect(page.locator('#code')).toBeVisible();
	});
	await everyPhone('welcome', async (page) => {
		await page.goto(`/s/${session.joinCode}`);
		await expect(page.locator('.languages')).toBeVisible();
	});
	// The welcome screen in Arabic as well: right to left, with the picker of every language.
	const arabic = await openPlainPhone(browser, baseURL, 'ar');
	await arabic.page.goto(`/s/${session.joinCode}`);
	await expect(arabic.page.locator('.languages')).toBeVisible();
	expect(await arabic.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
	found.push(...(await sidewaysScroll(arabic.page, 'welcome')));
	await arabic.context.close();
	await everyPhone('read', async (page) => {
		await primary(page).click();
		await expect(page.locator('.sticky-actions')).toBeVisible();
	});
	await everyPhone('rules-preparation', async (page) => {
		await primary(page).click();
		await expect(page.locator('ol.rules')).toBeVisible();
	});

	await command({ type: 'phase.advance', from: 'preparation', overrides: REASONS });
	await everyPhone('rules-opening', async (page) => {
		await expect(page.locator('.sticky-actions .btn.primary')).toBeVisible();
	});
	await everyPhone('opening', async (page) => {
		await primary(page).click();
		await expect(page.locator('main .waiting')).toBeVisible();
	});

	await command({ type: 'phase.advance', from: 'opening', overrides: REASONS });
	await everyPhone('concern', async (page) => {
		const field = page.locator('main textarea').first();
		await expect(field).toBeVisible();
		// One long word that cannot wrap, as a pasted address would be.
		await field.fill(`A worry about https://example.org/${'a'.repeat(90)} and the walk to school`);
		await primary(page).click();
		await expect(page.locator('.mine li')).toHaveCount(1);
	});
	await command({ type: 'prompt.open', prompt: 'role.named' });
	await everyPhone('role-question', async (page) => {
		await expect(page.locator('main input').first()).toBeVisible();
	});
	await command({ type: 'prompt.close' });
	await command({ type: 'timer.start', durationSeconds: 300 });
	await command({ type: 'session.pause', reason: '' });
	await everyPhone('paused', async (page) => {
		await expect(page.locator('.pause')).toBeVisible();
	});
	await command({ type: 'session.resume' });

	await command({ type: 'phase.advance', from: 'fearsAndStigma', overrides: REASONS });
	await everyPhone('proposals', async (page) => {
		await expect(page.locator('main textarea').first()).toBeVisible();
	});
	await command({ type: 'phase.advance', from: 'proposals', overrides: REASONS });
	await everyPhone('agreement', async (page) => {
		await expect(page.locator('main h1')).toBeVisible();
	});
	await command({
		type: 'agreement.commitment.add',
		action: 'Walk the school route together on Mondays and Thursdays, with a volunteer from the sports club',
		ownerRole: 'Parents council',
		dueOn: '2030-01-31'
	});
	await command({ type: 'prompt.open', prompt: 'consent' });
	await everyPhone('consent', async (page) => {
		await expect(page.locator('main fieldset, main .btn').first()).toBeVisible();
	});
	await command({ type: 'prompt.close' });
	await command({ type: 'phase.advance', from: 'agreement', overrides: REASONS });
	await everyPhone('closing', async (page) => {
		await expect(page.locator('main h1')).toBeVisible();
	});
	await command({ type: 'phase.advance', from: 'closing', overrides: REASONS });
	await everyPhone('closed', async (page) => {
		await expect(page.locator('main h1')).toBeVisible();
	});

	expect(found).toEqual([]);
	for (const phone of phones) await phone.context.close();
	await staff.close();
});
