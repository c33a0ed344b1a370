/**
 * Content in several languages (issue 12), in Chromium: an organiser adds a Polish version of a ground rule on the
 * staff page; a phone in Polish reads it (marked `lang="pl"`), with the rules that have no Polish version in
 * English and a note saying so; a phone in German reads the English text with the note in German.
 */
import { expect, test } from '../support/fixtures';
import { LAPTOP, openLiveSession, openPhone } from '../support/live';
import { shot } from '../support/shots';

const FIRST_RULE = 'Speak for yourself: say "I", not "they" or "everyone".';
const POLISH = 'Mów w swoim imieniu: mów „ja”, a nie „oni” czy „wszyscy”.';

test('a ground rule in Polish reaches a Polish phone; a German phone reads the main language with a note', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const page = await staff.newPage();
	const session = await openLiveSession(page, { codename: 'Linden' });

	await page.goto(`/dialogues/${session.dialogueId}/ground-rules`);
	const rule = page.locator('li.rule').first();
	await rule.locator('summary', { hasText: 'Add a translation' }).click();
	const add = rule.locator('details form').getByRole('button', { name: 'Add a translation' });
	const language = rule.getByLabel('Language', { exact: true });
	// The languages not yet written, each named in itself; English is the main language and not offered.
	await expect(language.locator('option')).toHaveText([
		'Nederlands',
		'Deutsch',
		'Français',
		'Español',
		'Polski',
		'Türkçe',
		'العربية'
	]);
	await language.selectOption('pl');
	const text = rule.getByRole('textbox', { name: /^Text \(Polski\)/ });
	await expect(text).toHaveAttribute('lang', 'pl');
	// An empty text is refused in plain words, and the language chosen is kept.
	await add.click();
	await expect(rule.getByText('Please fill this in.').first()).toBeVisible();
	await expect(rule.getByLabel('Language', { exact: true })).toHaveValue('pl');
	await rule.getByRole('textbox', { name: /^Text \(Polski\)/ }).fill(POLISH);
	await add.click();
	await expect(page.getByText('The translation is saved.')).toBeVisible();
	const saved = page
		.locator('li.rule')
		.first()
		.getByRole('textbox', { name: /^Text \(Polski\)/ });
	await expect(saved).toHaveValue(POLISH);
	await expect(saved).toHaveAttribute('lang', 'pl');
	await expect(saved).toHaveAttribute('dir', 'ltr');
	await shot(page, 'content-languages-staff');

	// A phone in Polish: the Polish version, marked as Polish; the untranslated rules in English, with the note.
	const polish = await openPhone(browser, baseURL, session, 'pl-PL');
	await polish.page.getByRole('button', { name: 'Dalej' }).click();
	await polish.page.getByRole('button', { name: 'Przeczytane' }).click();
	const polishRules = polish.page.locator('ol.rules li');
	await expect(polishRules.first()).toHaveText(POLISH);
	await expect(polishRules.first()).toHaveAttribute('lang', 'pl');
	await expect(polishRules.nth(1)).toHaveAttribute('lang', 'en');
	await expect(
		polish.page.getByText('Brak tłumaczenia na twój język; pokazano tekst w języku: angielski.')
	).toBeVisible();
	await shot(polish.page, 'content-languages-phone-pl');

	// A phone in German: the English text, marked as English, and the note in German; never the Polish text.
	const german = await openPhone(browser, baseURL, session, 'de-DE');
	await german.page.getByRole('button', { name: 'Weiter' }).click();
	await german.page.getByRole('button', { name: 'Ich habe das gelesen' }).click();
	const germanRules = german.page.locator('ol.rules li');
	await expect(germanRules.first()).toHaveText(FIRST_RULE);
	await expect(germanRules.first()).toHaveAttribute('lang', 'en');
	await expect(
		german.page.getByText('Nicht in Ihrer Sprache verfügbar; angezeigt auf Englisch.')
	).toBeVisible();
	await expect(german.page.getByText(POLISH)).toHaveCount(0);
	await shot(german.page, 'content-languages-phone-de');

	await polish.context.close();
	await german.context.close();
	await staff.close();
});
