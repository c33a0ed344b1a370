/**
 * The follow-up with the community's partners (issue 11, section 6), in Chromium on the demo's meeting held six
 * weeks ago: the facilitator lists alliance partners (a person's name is refused, explained, and what was typed is
 * kept), adds a milestone and marks it reached, then opens a review session, which first asks for the capacity
 * screen redone for the review and records it. Axe on every screen; screenshots with HEARTH_SHOTS_DIR.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signIn } from '../support/accounts';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { LAPTOP, PHONE } from '../support/live';
import { ROOT } from '../support/server';
import { shot } from '../support/shots';

const run = promisify(execFile);

interface Demo {
	facilitator: { email: string; password: string };
	closedDialogueId: string;
}

async function demo(baseURL: string): Promise<Demo> {
	const { stdout } = await run(
		process.execPath,
		['--import', 'tsx', 'scripts/demo.ts', '--json', '--force', '--base-url', baseURL],
		{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.HEARTH_DATABASE_PATH ?? '' } }
	);
	return JSON.parse(stdout) as Demo;
}

test('partners, milestones and a review that starts by redoing the capacity screen', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const base = baseURL ?? '';
	const d = await demo(base);
	const context = await browser.newContext({ ...LAPTOP, baseURL: base, javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, d.facilitator);
	const followUp = `/review/${d.closedDialogueId}`;
	await page.goto(followUp);

	// The review meeting starts with its first step; the session cannot be opened before it is done.
	const review = page.locator('section', { has: page.locator('#review-heading') });
	await expect(review.getByRole('heading', { name: /Step 1: redo the community capacity/ })).toBeVisible();
	await review.getByRole('button', { name: 'Open a review session' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Redo the community capacity screen for this review first'
	);

	// A partner: without JavaScript, a person's name is refused with the reason, and what was typed is kept.
	const partners = page.locator('section', { has: page.locator('#partners-heading') });
	await expect(partners.getByText('No partners listed yet.')).toBeVisible();
	await partners.getByLabel('Kind').selectOption('employer');
	await partners.getByLabel(/^Role/).fill('Shift manager');
	await partners.getByLabel(/^Organisation/).fill('Jan de Vries');
	await partners.getByRole('button', { name: 'Add partner' }).click();
	await expect(partners.getByLabel(/^Organisation/)).toHaveAttribute('aria-invalid', 'true');
	await expect(partners.getByText(/looks like a person’s name/).first()).toBeVisible();
	await expect(partners.getByLabel(/^Role/)).toHaveValue('Shift manager');
	await expect(partners.getByLabel('Kind')).toHaveValue('employer');
	await partners.getByLabel(/^Organisation/).fill('Bakkerij Jansen');
	await partners.getByRole('button', { name: 'Add partner' }).click();
	await expect(page.getByText('Partner added.')).toBeVisible();
	await expect(partners.getByText('Shift manager, Bakkerij Jansen')).toBeVisible();

	// A milestone, then reached.
	const milestones = page.locator('section', { has: page.locator('#milestones-heading') });
	await milestones.getByLabel(/^Date/).fill('2031-03-01');
	await milestones.getByLabel(/^What/).fill('First month at the bakery talked through with the employer');
	await milestones.getByRole('button', { name: 'Add milestone' }).click();
	await expect(page.getByText('Milestone added.')).toBeVisible();
	const item = milestones.getByRole('listitem').filter({ hasText: 'First month at the bakery' });
	await item.getByLabel('Reached').check();
	await item.getByRole('button', { name: 'Save status' }).click();
	await expect(page.getByText('Milestone saved.')).toBeVisible();
	await expect(
		milestones.getByRole('listitem').filter({ hasText: 'First month at the bakery' }).getByLabel('Reached')
	).toBeChecked();
	await context.close();

	// With JavaScript, on the laptop: the same refusal through the enhanced form, and axe on the page.
	const laptop = await browser.newContext({ ...LAPTOP, baseURL: base });
	const staff = await laptop.newPage();
	await signIn(staff, d.facilitator);
	await staff.goto(followUp);
	const listed = staff.locator('section', { has: staff.locator('#partners-heading') });
	await listed.getByLabel(/^Role/).fill('Mr Jansen');
	await listed.getByLabel(/^Organisation/).fill('Al-Noor Mosque');
	await listed.getByRole('button', { name: 'Add partner' }).click();
	await expect(listed.getByLabel(/^Role/)).toHaveAttribute('aria-invalid', 'true');
	await expect(listed.getByLabel(/^Organisation/)).toHaveValue('Al-Noor Mosque');
	await expectNoAxeViolations(staff);
	await shot(staff, 'follow-up-laptop');
	await laptop.close();

	// With JavaScript, on a phone: the capacity screen as the review's first step, then back to the review.
	const phone = await browser.newContext({ ...PHONE, baseURL: base });
	const small = await phone.newPage();
	await signIn(small, d.facilitator);
	await small.goto(followUp);
	await expect(small.getByText('Shift manager, Bakkerij Jansen')).toBeVisible();
	await expectNoAxeViolations(small);
	await shot(small, 'follow-up-phone');
	await small.getByRole('link', { name: 'Redo the capacity screen' }).click();
	await expect(small.getByText(/Step 1 of a review/)).toBeVisible();
	await expect(small.getByLabel(/When is this screen done/)).toHaveValue('review');
	await expectNoAxeViolations(small);
	await shot(small, 'follow-up-capacity-step');
	const assessments = small.getByLabel('What do you see?');
	for (let i = 0; i < (await assessments.count()); i++) {
		await assessments.nth(i).fill('The club and the bakery still carry it; the neighbours have gone quiet.');
	}
	await small.getByRole('button', { name: 'Save this screen' }).click();
	await expect(small).toHaveURL(new RegExp(`${followUp}\\?saved=capacity`));
	await expect(small.getByText(/Redone for this review on/)).toBeVisible();
	await small.getByRole('button', { name: 'Open a review session' }).click();
	await expect(small).toHaveURL(/\/facilitate\//);
	await phone.close();
});
