/**
 * A closed round's result on the projector at 1920×1080 and 1280×720: from the minimum group size (5) up, a chart
 * whose every bar has its number in words beside it; below it, only that a few answered, and no bar, number or
 * mean anywhere on the screen. The check-in in the opening gets three answers, the pulse in the worries phase and
 * the consent round in the agreement ten. Each result fits the screen beside the board under it, and passes axe.
 *
 * Set up through the JSON API (the subject is the big screen); HEARTH_SHOTS_DIR keeps screenshots at both sizes.
 */
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { misplacedTexts } from '../support/projector-fit';
import { shot } from '../support/shots';
import { openLiveSession, type OpenedLiveSession } from '../support/live';

const SIZES = [
	{ name: '1920', viewport: { width: 1920, height: 1080 } },
	{ name: '1280', viewport: { width: 1280, height: 720 } }
];

const OVERRIDES = {
	respect: 'Talked through with the group',
	relationship: 'Held on paper',
	responsibility: 'Agreed with the lead'
};

async function command(staff: Page, session: OpenedLiveSession, body: Record<string, unknown>) {
	const response = await staff.request.post(`/api/v1/sessions/${session.sessionId}/commands`, { data: body });
	expect(response.status(), await response.text()).toBe(200);
	return (await response.json()) as { result?: Record<string, unknown> };
}

async function answer(
	phone: APIRequestContext,
	session: OpenedLiveSession,
	data: Record<string, unknown>
): Promise<void> {
	const answered = await phone.post(`/api/v1/sessions/${session.sessionId}/responses`, {
		data: { ...data, clientRequestId: randomUUID() }
	});
	expect(answered.status(), await answered.text()).toBeLessThan(300);
}

test('a closed round shows its result as a chart from the minimum group size up, and no spread below it', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	if (!baseURL) throw new Error('no baseURL');
	const staffContext = await browser.newContext({ baseURL });
	const staff = await staffContext.newPage();
	const session = await openLiveSession(staff, { codename: 'Rowan' });
	await command(staff, session, { type: 'phase.advance', from: 'preparation', overrides: OVERRIDES });

	const projectors: { name: string; page: Page }[] = [];
	for (const size of SIZES) {
		const context = await browser.newContext({ baseURL, viewport: size.viewport });
		const page = await context.newPage();
		await page.goto(session.projectorPath);
		projectors.push({ name: size.name, page });
	}
	const phones: APIRequestContext[] = [];
	for (let i = 0; i < 10; i++) {
		const context = await browser.newContext({ baseURL });
		const joined = await context.request.post('/api/v1/join', { data: { code: session.joinCode } });
		expect(joined.status(), await joined.text()).toBe(201);
		phones.push(context.request);
	}

	// Three answers to the check-in: fewer than the minimum group size, so no chart and no number at all.
	await command(staff, session, { type: 'join.hide' });
	await command(staff, session, { type: 'prompt.open', prompt: 'checkIn' });
	for (const [i, phone] of phones.slice(0, 3).entries()) {
		await answer(phone, session, { prompt: 'checkIn', value: i === 0 ? 1 : 5 });
	}
	await command(staff, session, { type: 'prompt.close' });
	for (const { name, page } of projectors) {
		const result = page.getByRole('region', { name: 'How are you arriving today?' });
		await expect(
			result.getByText('Too few answers to show a result. Every answer stays private.')
		).toBeVisible();
		await expect(result.getByText('A few people answered')).toBeVisible();
		await expect(result.getByRole('listitem')).toHaveCount(0);
		await expect(page.getByText(/On average|\d (person|people)$/)).toHaveCount(0);
		expect(await misplacedTexts(page), name).toEqual([]);
		await shot(page, `projector-results-${name}-too-few`, { fullPage: false });
	}
	await expectNoAxeViolations(projectors[0]?.page as Page);

	// Ten answers to the pulse: a bar for each point of the scale, each with its number in words.
	await command(staff, session, { type: 'phase.advance', from: 'opening', overrides: OVERRIDES });
	await command(staff, session, { type: 'prompt.open', prompt: 'pulse.respected' });
	for (const [i, phone] of phones.entries()) {
		await answer(phone, session, { prompt: 'pulse.respected', value: i < 5 ? 4 : 5 });
	}
	for (const { page } of projectors) {
		// While the round is open, the room sees only how many answered.
		await expect(page.getByText('10 of 10 have answered')).toBeVisible();
		await expect(page.getByRole('region', { name: 'I feel respected in this meeting.' })).toHaveCount(0);
	}
	await command(staff, session, { type: 'prompt.close' });
	for (const { name, page } of projectors) {
		const result = page.getByRole('region', { name: 'I feel respected in this meeting.' });
		await expect(result.getByText('On average 4.5 out of 5')).toBeVisible();
		await expect(result.getByText('10 have answered')).toBeVisible();
		// Each column's number on top of it, and in words for a screen reader, after the point it counts.
		const bars = result.getByRole('listitem');
		await expect(bars.locator('.name')).toHaveText(['1', '2', '3', '4', '5']);
		await expect(bars.locator('.number')).toHaveText(['0', '0', '0', '5', '5']);
		await expect(bars.locator('.visually-hidden')).toHaveText([
			'0 people',
			'0 people',
			'0 people',
			'5 people',
			'5 people'
		]);
		expect(await misplacedTexts(page), name).toEqual([]);
		await shot(page, `projector-results-${name}-pulse`, { fullPage: false });
	}
	await expectNoAxeViolations(projectors[1]?.page as Page);
	// "Return to our ground rules" stands alone over everything; the result comes back after it.
	await command(staff, session, { type: 'groundRules.show' });
	for (const { page } of projectors) {
		await expect(page.getByRole('heading', { name: 'Let us return to our ground rules' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'I feel respected in this meeting.' })).toHaveCount(0);
	}
	await command(staff, session, { type: 'groundRules.hide' });
	for (const { page } of projectors) {
		await expect(page.getByRole('region', { name: 'I feel respected in this meeting.' })).toBeVisible();
	}

	// The consent round on the agreement: its four answers, each with its number; the result ends with its phase.
	await command(staff, session, { type: 'phase.advance', from: 'fearsAndStigma', overrides: OVERRIDES });
	for (const { page } of projectors) {
		await expect(page.getByRole('region', { name: 'I feel respected in this meeting.' })).toHaveCount(0);
	}
	await command(staff, session, { type: 'phase.advance', from: 'proposals', overrides: OVERRIDES });
	await command(staff, session, {
		type: 'agreement.commitment.add',
		action: 'We walk to school together on Mondays',
		ownerRole: 'Parents of the school',
		dueOn: '2031-01-15'
	});
	await command(staff, session, { type: 'consent.open' });
	for (const [i, phone] of phones.entries()) {
		const value = i < 5 ? 'fullySupport' : 'canLiveWith';
		await answer(phone, session, { prompt: 'consent', value, draftVersion: 1 });
	}
	await command(staff, session, { type: 'consent.close' });
	for (const { name, page } of projectors) {
		const result = page.getByRole('region', { name: 'How far can you go along with this agreement?' });
		const bars = result.getByRole('listitem');
		await expect(bars.locator('.name')).toHaveText([
			'Fully support',
			'Can live with it',
			'Have concerns',
			'Cannot live with it'
		]);
		await expect(bars.locator('.visually-hidden')).toHaveText([
			'5 people',
			'5 people',
			'0 people',
			'0 people'
		]);
		await expect(page.getByText('We walk to school together on Mondays')).toBeVisible();
		expect(await misplacedTexts(page), name).toEqual([]);
		await shot(page, `projector-results-${name}-consent`, { fullPage: false });
	}
	// In the room's two languages every fixed text of the result takes a second line, and it still fits.
	await command(staff, session, { type: 'display.languages', first: 'en', second: 'nl' });
	for (const { name, page } of projectors) {
		const result = page.getByRole('region', { name: /How far can you go along with this agreement\?/ });
		await expect(result.getByText('Ik kan ermee leven', { exact: true })).toBeVisible();
		expect(await misplacedTexts(page), `${name}, two languages`).toEqual([]);
		await shot(page, `projector-results-${name}-consent-two-languages`, { fullPage: false });
	}
	await staffContext.close();
});
