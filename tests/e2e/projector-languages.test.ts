/**
 * The room's languages (issue 12). The facilitator sets the projector to English with Arabic beneath from the
 * console's room panel: the join card, the headings and the values strip say each fixed text in both, the Arabic
 * line right to left with its own `lang`; what people wrote is shown once; a reload keeps the choice; taking the
 * second language away takes the Arabic lines away; the wall still fits 1920×1080 without scrolling. Then all in
 * Arabic: the organiser's profile set to العربية and the projector's first language to Arabic, the console (an
 * approved concern, one waiting), the projector (join card and wall) and the staff pages (dialogues, a dialogue's
 * preparation, the report, the review dashboard, the profile) each have `<html lang="ar" dir="rtl">` and no axe
 * violation (the same rules as the Arabic phone in `languages.test.ts`).
 *
 * And a staff member's own language: Deutsch picked in the profile (a plain form), and the console, the API's
 * errors and the next sign-in on another computer all speak German.
 *
 * Set-up through the JSON API where the console is not the subject; HEARTH_SHOTS_DIR keeps the screenshots.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { signIn } from '../support/accounts';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import {
	consoleIsLive,
	LAPTOP,
	openConsole,
	openLiveSession,
	PROJECTOR,
	type OpenedLiveSession
} from '../support/live';
import { misplacedTexts } from '../support/projector-fit';
import { shot } from '../support/shots';

/** The texts this test reads, in one language, from the message files (so that a changed text needs no change here). */
const KEYS = [
	'auth_profile_save',
	'auth_profile_saved',
	'auth_profile_title',
	'auth_sign_out',
	'live_console_languages_first',
	'live_console_languages_heading',
	'live_console_room_heading',
	'live_field_languages_same',
	'live_phase_fearsAndStigma',
	'live_phase_opening',
	'live_projector_join_scan',
	'live_projector_join_title',
	'live_projector_value_fearsAndStigma_respect',
	'live_projector_value_opening_respect',
	'live_projector_values_heading',
	'prep_rules_language_label',
	'value_respect'
] as const;

function texts(language: string): Record<(typeof KEYS)[number], string> {
	const all: Record<string, unknown> = {};
	for (const area of ['', 'live/', 'auth/', 'prep/']) {
		const file = new URL(`../../messages/${area}${language}.json`, import.meta.url);
		Object.assign(all, JSON.parse(fs.readFileSync(file, 'utf8')));
	}
	return Object.fromEntries(
		KEYS.map((key) => {
			const text = all[key];
			if (typeof text !== 'string') throw new Error(`no text ${key} in ${language}`);
			return [key, text];
		})
	) as Record<(typeof KEYS)[number], string>;
}
const en = texts('en');
const ar = texts('ar');
const de = texts('de');

const OVERRIDES = { respect: 'Talked through', relationship: 'Held on paper', responsibility: 'Agreed' };

async function command(staff: Page, session: OpenedLiveSession, body: Record<string, unknown>) {
	const response = await staff.request.post(`/api/v1/sessions/${session.sessionId}/commands`, { data: body });
	expect(response.status(), await response.text()).toBe(200);
}

/** The wall fits the screen: nothing outside it, cut off or covered, and nothing to scroll. */
async function fits(projector: Page, where: string) {
	expect(await misplacedTexts(projector), where).toEqual([]);
	const scroll = await projector.evaluate(() => ({
		height: document.documentElement.scrollHeight,
		width: document.documentElement.scrollWidth
	}));
	expect(scroll, where).toEqual({ height: PROJECTOR.viewport.height, width: PROJECTOR.viewport.width });
	// The QR code is an image, not text: whole, inside the wall's space (not under the values strip).
	const qr = await projector.evaluate(() => {
		const img = document.querySelector('section.join img');
		const body = document.querySelector('.projector .body');
		if (!img || !body) return 'no QR code';
		const r = img.getBoundingClientRect();
		const b = body.getBoundingClientRect();
		return r.top >= b.top - 1 && r.bottom <= b.bottom + 1 ? 'whole' : `cut off: ${r.bottom} > ${b.bottom}`;
	});
	expect(qr, where).toBe('whole');
}

/** The page is in Arabic, right to left, on the document itself, and axe finds no violation. */
async function readsArabic(page: Page) {
	const html = page.locator('html');
	await expect(html).toHaveAttribute('lang', 'ar');
	await expect(html).toHaveAttribute('dir', 'rtl');
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe('rtl');
	await expectNoAxeViolations(page);
}

/** Chooses the projector's languages in the console's room panel. */
async function chooseLanguages(console: Page, first: string, second: string) {
	const panel = console.locator('#room');
	await panel.getByLabel('First language').selectOption(first);
	await panel.getByLabel('Second language').selectOption(second);
	await panel.getByRole('button', { name: 'Show on the big screen' }).click();
}

test('the projector speaks the room’s two languages, chosen on the console; in Arabic, console, projector and staff pages pass axe', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	if (!baseURL) throw new Error('no baseURL');
	const staffContext = await browser.newContext({ baseURL, ...LAPTOP });
	const console = await staffContext.newPage();
	const session = await openLiveSession(console, { codename: 'Rowan' });
	await command(console, session, { type: 'phase.advance', from: 'preparation', overrides: OVERRIDES });
	await openConsole(console, session);

	const projectorContext = await browser.newContext({ baseURL, ...PROJECTOR, locale: 'en-GB' });
	const projector = await projectorContext.newPage();
	await projector.goto(session.projectorPath);
	const join = projector.locator('section.join');
	const strip = projector.locator('footer.values-strip');
	await expect(join.getByRole('heading', { name: en.live_projector_join_title })).toBeVisible();
	// Before a choice: the projector's own language alone.
	await expect(projector.locator('.projector [lang="ar"]')).toHaveCount(0);

	await chooseLanguages(console, 'en', 'ar');

	// The join card and the values strip in both, each line with its own language and direction.
	const arabicTitle = join.locator('[lang="ar"]', { hasText: ar.live_projector_join_title });
	await expect(arabicTitle).toBeVisible();
	await expect(arabicTitle).toHaveAttribute('dir', 'rtl');
	await expect(
		join.locator('[lang="en"][dir="ltr"]', { hasText: en.live_projector_join_title })
	).toBeVisible();
	await expect(
		join.locator('[lang="ar"][dir="rtl"]', { hasText: ar.live_projector_join_scan })
	).toBeVisible();
	await expect(
		strip.locator('[lang="ar"][dir="rtl"]', { hasText: ar.live_projector_values_heading })
	).toBeVisible();
	await expect(strip.locator('[lang="en"]', { hasText: en.live_projector_values_heading })).toBeVisible();
	await expect(strip.locator('[lang="ar"][dir="rtl"]', { hasText: ar.value_respect })).toBeVisible();
	await expect(
		strip.locator('[lang="ar"]', { hasText: ar.live_projector_value_opening_respect })
	).toBeVisible();
	await expect(projector.locator('header [lang="ar"]', { hasText: ar.live_phase_opening })).toBeVisible();
	// The Arabic line is smaller than the English one above it.
	const size = (text: string) =>
		join.getByText(text, { exact: true }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(await size(ar.live_projector_join_title)).toBeLessThan(await size(en.live_projector_join_title));
	// The second console sees the choice too.
	await expect(console.locator('#room').getByLabel('Second language')).toHaveValue('ar');
	await fits(projector, 'join, English and Arabic');
	await shot(projector, 'projector-en-ar-join', { fullPage: false });

	// A reload keeps the choice.
	await projector.reload();
	await expect(
		join.locator('[lang="ar"][dir="rtl"]', { hasText: ar.live_projector_join_title })
	).toBeVisible();
	await expect(strip.locator('[lang="ar"]', { hasText: ar.live_projector_values_heading })).toBeVisible();

	// The wall: concerns shown once, as written (an Arabic one among them), the fixed texts in both.
	const phone = await browser.newContext({ baseURL });
	const joined = await phone.request.post('/api/v1/join', { data: { code: session.joinCode } });
	expect(joined.status(), await joined.text()).toBe(201);
	await command(console, session, { type: 'phase.advance', from: 'opening', overrides: OVERRIDES });
	const concerns = ['Will someone walk the children to school?', 'من سيتحدث مع الجيران؟'];
	for (const text of concerns) {
		const sent = await phone.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
			data: { kind: 'concern', text, clientRequestId: randomUUID() }
		});
		expect(sent.status(), await sent.text()).toBe(201);
	}
	const view = (await (await console.request.get(`/api/v1/sessions/${session.sessionId}`)).json()) as {
		moderationQueue: { id: string }[];
	};
	for (const { id } of view.moderationQueue) {
		await command(console, session, { type: 'contribution.approve', contributionId: id });
	}
	for (const text of concerns) await expect(projector.getByText(text, { exact: true })).toHaveCount(1);
	await expect(
		strip.locator('[lang="ar"]', { hasText: ar.live_projector_value_fearsAndStigma_respect })
	).toBeVisible();
	await expect(
		projector.locator('header [lang="ar"]', { hasText: ar.live_phase_fearsAndStigma })
	).toBeVisible();
	await fits(projector, 'wall, English and Arabic');
	await shot(projector, 'projector-en-ar-wall', { fullPage: false });

	// The second language taken away: the Arabic lines go.
	await chooseLanguages(console, 'en', '');
	await expect(projector.locator('.projector [lang="ar"]')).toHaveCount(0);
	await expect(strip.getByText(en.live_projector_values_heading, { exact: true })).toBeVisible();
	// The Arabic concern stays: it is what someone wrote, not a text of the projector.
	await expect(projector.getByText(concerns[1] ?? '', { exact: true })).toHaveCount(1);

	// A second language equal to the first is refused with the reason beside the field.
	await chooseLanguages(console, 'en', 'en');
	await expect(console.locator('#languages-second-error')).toHaveText(en.live_field_languages_same);

	// All in Arabic: the organiser picks العربية in the profile, the projector gets Arabic as its first language, and
	// one more concern waits in the queue. The console, the projector and the staff pages read right to left, with
	// lang and dir on the document, and axe finds nothing (the same rules as on the Arabic phone). The projector is
	// checked while the console's tab goes through the profile.
	const waiting = 'هل سيأتي أحد إلى اجتماع الحي القادم؟';
	const sent = await phone.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
		data: { kind: 'concern', text: waiting, clientRequestId: randomUUID() }
	});
	expect(sent.status(), await sent.text()).toBe(201);
	await command(console, session, { type: 'display.languages', first: 'ar', second: null });

	const arabicProjector = async () => {
		await expect(projector.locator('.projector[lang="ar"][dir="rtl"]')).toBeVisible();
		await expect(join.getByRole('heading', { name: ar.live_projector_join_title })).toBeVisible();
		for (const text of concerns) await expect(projector.getByText(text, { exact: true })).toHaveCount(1);
		await readsArabic(projector);
		await fits(projector, 'wall, Arabic');
		await shot(projector, 'projector-ar-wall', { fullPage: false });
	};
	const arabicConsole = async () => {
		const profile = await staffContext.newPage();
		await profile.goto('/profile');
		await profile.getByRole('radio', { name: 'العربية' }).check();
		await profile.getByRole('button', { name: en.auth_profile_save }).click();
		await expect(profile.getByRole('heading', { level: 1, name: ar.auth_profile_title })).toBeVisible();
		await readsArabic(profile);
		await shot(profile, 'staff-ar-profile', { fullPage: false });
		await profile.close();

		await console.reload();
		await consoleIsLive(console);
		await expect(console.locator('#moderation li', { hasText: waiting })).toBeVisible();
		await expect(console.getByText(concerns[0] ?? '', { exact: true }).first()).toBeVisible();
		await readsArabic(console);
		await shot(console, 'console-ar');
	};
	await Promise.all([arabicProjector(), arabicConsole()]);

	// Ended early, so that the report of how far the meeting got exists; then the staff pages.
	await command(console, session, { type: 'session.endEarly', reason: 'time' });
	const pages = [
		'/dialogues',
		`/dialogues/${session.dialogueId}`,
		`/dialogues/${session.dialogueId}/ground-rules`,
		`/reports/${session.sessionId}`,
		'/review'
	];
	for (const path of pages) {
		const response = await console.goto(path);
		expect(response?.status(), path).toBe(200);
		await readsArabic(console);
		// Suggested rules exist in English and Dutch only: an Arabic reader gets English preselected, not a blank.
		if (path.endsWith('/ground-rules')) {
			await expect(console.getByLabel(ar.prep_rules_language_label)).toHaveValue('en');
		}
		await shot(console, `staff-ar${path.replaceAll('/', '-').replace(/-[0-9a-f-]{36}/g, '-one')}`);
	}

	await Promise.all([staffContext.close(), projectorContext.close(), phone.close()]);
});

test('a staff member picks Deutsch in the profile, and Hearth speaks German to them', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	if (!baseURL) throw new Error('no baseURL');
	const setup = await browser.newContext({ baseURL, ...LAPTOP });
	const session = await openLiveSession(await setup.newPage(), { codename: 'Linden' });
	await setup.close();
	// No script: the profile is a plain form.
	const first = await browser.newContext({ baseURL, ...LAPTOP, javaScriptEnabled: false });
	const page = await first.newPage();
	await signIn(page, session.account);
	await page.goto('/profile');
	await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
	const deutsch = page.getByRole('radio', { name: 'Deutsch' });
	await expect(page.locator('label span[lang="ar"][dir="rtl"]')).toHaveText('العربية');
	await deutsch.check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('heading', { level: 1, name: de.auth_profile_title })).toBeVisible();
	await expect(page.getByText(de.auth_profile_saved)).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('radio', { name: 'Deutsch' })).toBeChecked();
	// API errors follow it too.
	const refused = await page.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
		data: { type: 'display.languages', first: 'de', second: 'de' }
	});
	expect(refused.status()).toBe(422);
	expect(((await refused.json()) as { errors: Record<string, string> }).errors.second).toBe(
		de.live_field_languages_same
	);
	await page.getByRole('button', { name: de.auth_sign_out }).click();
	await first.close();

	// Another computer: English until sign-in, then German from the first page on.
	const second = await browser.newContext({ baseURL, ...LAPTOP, locale: 'en-GB' });
	const console = await second.newPage();
	await signIn(console, session.account);
	await expect(console.locator('html')).toHaveAttribute('lang', 'de');
	await openConsole(console, session);
	const room = console.locator('#room');
	await expect(room.getByRole('heading', { name: de.live_console_room_heading, exact: true })).toBeVisible();
	await expect(room.getByText(de.live_console_languages_heading)).toBeVisible();
	await expect(room.getByLabel(de.live_console_languages_first)).toBeVisible();
	await shot(console, 'console-de', { fullPage: false });
	await second.close();
});
