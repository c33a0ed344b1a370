/**
 * Preparing a dialogue end to end in Chromium, as the people who do it: an organiser invites a facilitator
 * through the members page, opens a dialogue under a codename, and the two of them complete every preparation
 * item through the real forms, each in their own browser, until the readiness check turns from unmet to met.
 * Also: a form without JavaScript keeps what was typed on an error, and hostile input is refused in plain words or
 * shown as text, never run. axe-core checks every page on the way. Screenshots land in /tmp/shots-h7.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import { createOrganisation, signIn, type TestAccount } from '../support/accounts';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';

const PASSWORD = 'a calm warm hearth';
const LAPTOP = { width: 1366, height: 900 };

/** Navigates and waits until the page's script has loaded, so that enhanced forms are enhanced. */
async function gotoHydrated(page: Page, url: string) {
	await page.goto(url);
	await page.waitForLoadState('networkidle');
}

/** Another person on another laptop: a browser context with its own cookies. */
async function newPerson(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true) {
	const context = await browser.newContext({ baseURL, javaScriptEnabled, viewport: LAPTOP });
	return { context, page: await context.newPage() };
}

/** Fails the test when any page shows a JavaScript dialog (an `alert(1)` that ran). */
function watchDialogs(page: Page): string[] {
	const seen: string[] = [];
	page.on('dialog', (dialog) => {
		seen.push(`${dialog.type()}: ${dialog.message()}`);
		void dialog.dismiss();
	});
	return seen;
}

/** The readiness panel of the workspace ("Ready for the opening?"). */
function readinessPanel(page: Page): Locator {
	return page.getByRole('region', { name: 'Ready for the opening?' });
}

/** One value in the readiness panel: its name, state and reasons with their links. */
function valueRow(page: Page, value: 'Respect' | 'Relationship' | 'Responsibility'): Locator {
	return readinessPanel(page)
		.locator('li.value')
		.filter({ has: page.locator('strong', { hasText: new RegExp(`^${value}$`) }) });
}

async function expectValue(
	page: Page,
	value: 'Respect' | 'Relationship' | 'Responsibility',
	state: 'Met' | 'Not met yet'
) {
	await expect(valueRow(page, value).locator('.tag')).toHaveText(state);
}

/** The links of the unmet reasons of one value, as "name → path". */
async function fixLinks(page: Page, value: 'Respect' | 'Relationship' | 'Responsibility') {
	const links = valueRow(page, value).getByRole('link');
	const found: string[] = [];
	for (const link of await links.all()) {
		const href = (await link.getAttribute('href')) ?? '';
		found.push(`${(await link.innerText()).trim()} → ${new URL(href, 'http://x').pathname}`);
	}
	return found.sort();
}

/** Opens a dialogue through the "new dialogue" form; returns its id from the address it lands on. */
async function openDialogue(page: Page, codename: string): Promise<string> {
	await gotoHydrated(page, '/dialogues/new');
	await page.getByRole('textbox', { name: /^Codename/ }).fill(codename);
	await page.getByRole('button', { name: 'Open the dialogue' }).click();
	await expect(page).toHaveURL(/\/dialogues\/[0-9a-f-]{36}\?saved=created$/);
	return new URL(page.url()).pathname.split('/')[2] ?? '';
}

/** Invites someone from the members page and returns the one-time link shown to the organiser. */
async function invite(page: Page, who: { email: string; name: string }) {
	await gotoHydrated(page, '/organisation/members');
	const form = page.locator('form[action="?/invite"]');
	await form.getByLabel('Email address').fill(who.email);
	await form.getByLabel('Name').fill(who.name);
	await form.getByLabel('Facilitator').check();
	await form.getByRole('button', { name: 'Create invitation link' }).click();
	const link = page.getByRole('textbox', { name: 'Link' });
	await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
	return link.inputValue();
}

const isoDay = (daysFromNow: number) =>
	new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

test.describe('preparing a dialogue', () => {
	test('an organiser and an invited facilitator prepare every item until the readiness check is met', async ({
		page,
		browser,
		baseURL
	}) => {
		test.setTimeout(240_000);
		await page.setViewportSize(LAPTOP);
		const dialogs = watchDialogs(page);
		const organiser = await createOrganisation({ name: 'Olivia Organiser' });
		await signIn(page, organiser);

		// --- The organiser invites a facilitator, who joins through the link in her own browser. ---
		const fayEmail = `fay-${Date.now()}@example.org`;
		const inviteUrl = await invite(page, { email: fayEmail, name: 'Fay Facilitator' });
		const fay = await newPerson(browser, baseURL);
		const fayDialogs = watchDialogs(fay.page);
		await fay.page.goto(inviteUrl);
		await expect(fay.page.getByLabel('Your name')).toHaveValue('Fay Facilitator');
		await fay.page.getByLabel('Choose a password').fill(PASSWORD);
		await fay.page.getByLabel('Type the password again').fill(PASSWORD);
		await fay.page.getByRole('button', { name: 'Join and sign in' }).click();
		await expect(fay.page).toHaveURL(/\/dialogues$/);
		await expect(fay.page.getByText('You are not facilitating a dialogue yet.')).toBeVisible();
		await expect(fay.page.getByRole('link', { name: 'New dialogue' })).toHaveCount(0);
		await page.reload();
		await expect(page.getByRole('row', { name: /Fay Facilitator/ })).toContainText('Active');

		// --- The list, and the form that opens a dialogue. ---
		await gotoHydrated(page, '/dialogues');
		await expect(page.getByText('There are no dialogues yet.')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'New dialogue' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'New dialogue' })).toBeVisible();
		await page.waitForLoadState('networkidle');
		const why = page.getByRole('complementary', { name: 'Why a codename?' });
		await expect(why).toContainText('The person who is coming back is never named in Hearth');
		await expect(why).toContainText('There is no place for their name');
		await expect(why).toContainText('This protects the person');
		// The form asks for a codename and describes the community: no field for the person, or their name.
		const form = page.locator('main form');
		const fieldNames = await form
			.locator('input:not([type=hidden]), textarea, select')
			.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).name));
		expect(fieldNames).toEqual(['codename', 'place', 'communityKind', 'description', 'leadId', 'coId']);
		const labels = await form.locator('label, legend').allInnerTexts();
		expect(labels.length).toBeGreaterThanOrEqual(6);
		for (const label of labels) {
			expect(label, 'a label that asks for a name').not.toMatch(
				/\bname\b|\bnaam\b|initials|returnee|person/i
			);
		}
		await shot(page, '01-new-dialogue');
		await expectNoAxeViolations(page);

		// A mistake keeps what was typed and says what to do.
		await page.getByLabel('Where is the community?').fill('Riverside, Northtown');
		await page.getByRole('button', { name: 'Open the dialogue' }).click();
		await expect(page.getByRole('alert')).toContainText('Nothing was saved yet');
		await expect(page.locator('#f-codename-error')).toHaveText('Please fill this in.');
		await expect(page.getByLabel('Where is the community?')).toHaveValue('Riverside, Northtown');
		await expect(page.getByRole('textbox', { name: /^Codename/ })).toHaveAttribute('aria-invalid', 'true');
		await shot(page, '02-new-dialogue-error');
		await expectNoAxeViolations(page);

		await page.getByRole('textbox', { name: /^Codename/ }).fill('Willow');
		await page.getByLabel('Kind of community').fill('Neighbourhood');
		await page.getByRole('button', { name: 'Open the dialogue' }).click();
		await expect(page).toHaveURL(/\/dialogues\/[0-9a-f-]{36}\?saved=created$/);
		const id = new URL(page.url()).pathname.split('/')[2] ?? '';
		const item = (path: string) => `/dialogues/${id}/${path}`;

		// --- At the start: every value unmet, each reason with a link to the page that fixes it. ---
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preparing Willow');
		await expect(page.getByRole('status')).toContainText('The dialogue is open.');
		const panel = readinessPanel(page);
		await expect(panel).toContainText('Not yet. Each open point links to the page where you can finish it.');
		for (const value of ['Respect', 'Relationship', 'Responsibility'] as const)
			await expectValue(page, value, 'Not met yet');
		await expect(valueRow(page, 'Respect')).toContainText('The ground rules are not written down yet.');
		await expect(valueRow(page, 'Responsibility')).toContainText(
			'No facilitator is assigned to this dialogue yet.'
		);
		expect(await fixLinks(page, 'Respect')).toEqual([
			`Go to Ground rules → ${item('ground-rules')}`,
			`Go to Safety plan → ${item('safety')}`
		]);
		expect(await fixLinks(page, 'Relationship')).toEqual([
			`Go to Community capacity → ${item('capacity')}`,
			`Go to Information plan → ${item('information')}`
		]);
		expect(await fixLinks(page, 'Responsibility')).toEqual(
			[
				`Go to Facilitators → ${item('facilitators')}`,
				`Go to Impartiality → ${item('impartiality')}`,
				`Go to Risk & needs assessment → ${item('risk')}`
			].sort()
		);
		const overview = page.getByRole('region', { name: 'What is done and what is not' });
		await expect(overview.getByRole('listitem')).toHaveCount(10);
		// Only the description of the community is done: the codename form asked for it.
		await expect(overview.locator('li.done')).toHaveCount(1);
		await expect(overview.locator('li.done')).toContainText('Community and codename');
		await shot(page, '03-workspace-start');
		await expectNoAxeViolations(page);

		// One link, followed: it lands on the page that fixes the reason.
		await valueRow(page, 'Responsibility').getByRole('link', { name: 'Go to Facilitators' }).click();
		await expect(page).toHaveURL(new RegExp(`${item('facilitators')}$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Facilitators');
		await expect(
			page.getByRole('navigation', { name: 'Preparation of this dialogue' }).getByRole('link', {
				name: /Facilitators/
			})
		).toHaveAttribute('aria-current', 'page');

		// --- Facilitators: Fay leads, the organiser co-facilitates. ---
		await page.waitForLoadState('networkidle');
		await expect(page.getByText('Nobody is assigned to this dialogue yet.')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByLabel('Lead facilitator').selectOption({ label: 'Fay Facilitator (facilitator)' });
		await page.getByLabel('Co-facilitator').selectOption({ label: 'Olivia Organiser (organiser)' });
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=facilitators$`));
		await expect(page.getByText('Saved: Facilitators.')).toBeVisible();
		expect(await fixLinks(page, 'Responsibility')).toEqual([
			`Go to Impartiality → ${item('impartiality')}`,
			`Go to Risk & needs assessment → ${item('risk')}`
		]);

		// Fay now sees the dialogue in her own list.
		await fay.page.reload();
		await expect(fay.page.getByRole('link', { name: 'Willow' })).toBeVisible();
		await expect(fay.page.getByText('Still preparing')).toBeVisible();

		// --- Community and codename: where the community is, what kind it is. ---
		await gotoHydrated(page, item('details'));
		await expect(page.getByRole('complementary', { name: 'Why a codename?' })).toBeVisible();
		await expect(page.getByRole('textbox', { name: /^Codename/ })).toHaveValue('Willow');
		await expectNoAxeViolations(page);
		await page.getByLabel('Where is the community?').fill('Riverside, Northtown');
		await page
			.getByLabel('About this community')
			.fill('The street where the family lives, and the football club around the corner.');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=details$`));
		await expect(overview.getByRole('listitem').filter({ hasText: 'Community and codename' })).toContainText(
			'Neighbourhood · Riverside, Northtown'
		);

		// --- Community capacity: the four questions, a concern first without and then with a mitigation. ---
		await gotoHydrated(page, item('capacity'));
		await expect(page.getByText('This is not a pass or fail test.')).toBeVisible();
		await expectNoAxeViolations(page);
		const questions = [
			{ q: /pro-democratic/, answer: 'An active residents’ association that supports the return.' },
			{ q: /extremist groups/, answer: 'No known ties; one former contact lives two streets away.' },
			{ q: /risk for the person who returns/, answer: 'Some anger among parents; no signs of revenge.' },
			{ q: /social capital/, answer: 'Volunteers and a local employer are willing to help.' }
		];
		for (const { q, answer } of questions) {
			await page.getByRole('group', { name: q }).getByLabel('What do you see?').fill(answer);
		}
		const risk = page.getByRole('group', { name: /risk for the person who returns/ });
		await risk.getByLabel('Concern 1', { exact: true }).fill('Parents may confront him at the club.');
		await page.getByRole('button', { name: 'Save this screen' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=capacity$`));
		await expect(valueRow(page, 'Relationship')).toContainText(
			'Concerns about what the community can carry that have no plan to reduce them yet: 1.'
		);
		// Revisited: the mitigation is added, and both versions are kept.
		await gotoHydrated(page, item('capacity'));
		await expect(
			page.getByRole('group', { name: /pro-democratic/ }).getByLabel('What do you see?')
		).toHaveValue(questions[0]?.answer ?? '');
		await risk
			.getByLabel('What will be done about concern 1')
			.fill('The club board talks with the parents first; the dialogue gives room to fears.');
		await page.getByRole('button', { name: 'Save this screen' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=capacity$`));
		await expect(valueRow(page, 'Relationship')).not.toContainText('no plan to reduce them');
		await gotoHydrated(page, item('capacity'));
		const versions = page.getByRole('region', { name: 'All versions of this screen' }).getByRole('listitem');
		await expect(versions.filter({ has: page.locator('summary') })).toHaveCount(2);
		await versions.first().locator('summary').click();
		await expect(versions.first()).toContainText('The club board talks with the parents first');
		await shot(page, '04-capacity');
		await expectNoAxeViolations(page);

		// --- Risk & needs assessment: attested with a date and a role, never its content. ---
		await gotoHydrated(page, item('risk'));
		await expect(page.getByText('Its content, conclusions and scores are never entered here')).toBeVisible();
		expect(
			await page
				.locator('main form')
				.locator('input:not([type=hidden]), textarea, select')
				.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).name))
		).toEqual(['confirmed', 'assessedOn', 'holderRole']);
		await expectNoAxeViolations(page);
		await page.getByLabel('Date of the assessment').fill(isoDay(-12));
		await page.getByLabel('Which agency role holds it').fill('Probation officer, regional probation service');
		await page.getByRole('button', { name: 'Attest' }).click();
		// Without the tick nothing is attested, and what was typed stays.
		await expect(page.getByText('Tick the box to confirm.').first()).toBeVisible();
		await expect(page.getByLabel('Which agency role holds it')).toHaveValue(
			'Probation officer, regional probation service'
		);
		await expectNoAxeViolations(page);
		await page.getByLabel(/I confirm that a risk & needs assessment/).check();
		await page.getByRole('button', { name: 'Attest' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=risk$`));
		await expect(valueRow(page, 'Responsibility')).not.toContainText('risk and needs assessment');

		// --- Information plan: one group informed, one decided not to inform. ---
		await gotoHydrated(page, item('information'));
		await expect(page.getByText('No groups yet.')).toBeVisible();
		await expectNoAxeViolations(page);
		const addGroup = page.getByRole('region', { name: 'Add a group' });
		await addGroup.getByLabel('Group').fill('Neighbours in the street');
		await addGroup
			.getByLabel('What are they told?')
			.fill('That someone returns, and what the dialogue is for.');
		await addGroup.getByLabel('When?').fill('Two weeks before the meeting');
		await addGroup.getByLabel('By whom?').fill('The neighbourhood social worker');
		await addGroup.getByLabel('Informed', { exact: true }).check();
		await addGroup.getByLabel('Informed on').fill(isoDay(-3));
		await addGroup.getByRole('button', { name: 'Add the group' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Neighbours in the street' })).toBeVisible();
		await expect(addGroup.getByLabel('Group')).toHaveValue('');
		// Deciding not to inform needs a reason: the form says so and keeps the group's name.
		await addGroup.getByLabel('Group').fill('Primary school');
		await addGroup.getByLabel('Decided not to inform').check();
		await addGroup.getByRole('button', { name: 'Add the group' }).click();
		await expect(
			addGroup.getByText('Say briefly why this group will not be informed.').first()
		).toBeVisible();
		await expect(addGroup.getByLabel('Group')).toHaveValue('Primary school');
		await expectNoAxeViolations(page);
		await addGroup
			.getByLabel('Why not inform them?')
			.fill('No contact with the school is foreseen; telling it would add fear without a role.');
		await addGroup.getByRole('button', { name: 'Add the group' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Primary school' })).toBeVisible();
		await shot(page, '05-information');

		// --- Knowledge pack: a short text with a link. ---
		await gotoHydrated(page, item('knowledge'));
		await expect(page.getByText('The knowledge pack is empty.')).toBeVisible();
		await expectNoAxeViolations(page);
		const addText = page.getByRole('region', { name: 'Add a text or link' });
		await addText.getByLabel('Title').fill('What rehabilitation means');
		await addText
			.getByLabel('Short text')
			.fill('People who leave extremism do better with a home, work and people around them.');
		await addText.getByLabel('Link (optional)').fill('https://example.org/rehabilitation');
		await addText.getByRole('button', { name: 'Add to the pack' }).click();
		await expect(page.getByRole('heading', { level: 2, name: /What rehabilitation means/ })).toBeVisible();

		// --- Ground rules: the suggested set, one of them made our own, and one added. ---
		await gotoHydrated(page, item('ground-rules'));
		await expect(page.getByText('There are no ground rules yet.')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Add the suggested rules' }).click();
		await expect(page.getByText(/Suggested rules added: \d+\./)).toBeVisible();
		const first = page.getByLabel('Ground rule 1', { exact: true });
		await first.fill('We speak for ourselves, and we let each other finish.');
		await page.locator('li.rule').first().getByRole('button', { name: 'Save' }).click();
		// Wait for the save to land: on a busy machine the page may not have taken over the forms yet, and a save
		// is then an ordinary page load, which would replace what is typed next (typing while a save travels is
		// its own test below).
		await expect(page).toHaveURL(/\?saved=rule$/);
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('Ground rule 1', { exact: true })).toHaveValue(
			'We speak for ourselves, and we let each other finish.'
		);
		await page.getByLabel('New ground rule').fill('Phones stay silent during the meeting.');
		await page.getByRole('button', { name: 'Add the rule' }).click();
		await expect(page.locator('li.rule').last().getByRole('textbox')).toHaveValue(
			'Phones stay silent during the meeting.'
		);
		await shot(page, '06-ground-rules');
		await expectNoAxeViolations(page);

		// --- Safety plan: written by the facilitator, in her own browser. ---
		await gotoHydrated(fay.page, item('safety'));
		await expectNoAxeViolations(fay.page);
		await fay.page
			.getByLabel('Who may call a pause?')
			.fill('Both facilitators, and anyone raising the pause card.');
		await fay.page.getByRole('button', { name: 'Save' }).click();
		await expect(fay.page.getByText('Please fill this in.').first()).toBeVisible();
		await expect(fay.page.getByLabel('Who may call a pause?')).toHaveValue(
			'Both facilitators, and anyone raising the pause card.'
		);
		await fay.page
			.getByLabel('Where can someone step out?')
			.fill('The side room; the co-facilitator goes along.');
		await fay.page.getByRole('button', { name: 'Save' }).click();
		await expect(fay.page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=safety$`));
		await expectValue(fay.page, 'Respect', 'Met');

		// --- Session plan: ceremonies, the two circles, accessibility. ---
		await gotoHydrated(page, item('session-plan'));
		await expect(page.getByText('Participants sit in an inner circle.')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByLabel('Date').fill(isoDay(10));
		await page.getByLabel('Venue').fill('Community hall, Riverside');
		await page.getByLabel('Opening ceremony').fill('Tea, and a word of welcome from the club chair.');
		await page.getByLabel('Closing ceremony').fill('Everyone names one thing they will do.');
		await page
			.getByLabel('Seating')
			.fill('Participants in the inner circle; agency observers in the outer circle.');
		await page.getByLabel('Accessibility needs').fill('Ground floor, hearing loop.');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=sessionPlan$`));

		// --- Settings: organisers only; a value below the floor is refused in words. ---
		await gotoHydrated(page, item('settings'));
		await expectNoAxeViolations(page);
		await page.getByLabel('Smallest group for results').fill('2');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(
			page.getByText('Use 3 or more: in a smaller group a number could point at one person.').first()
		).toBeVisible();
		await expect(page.getByLabel('Smallest group for results')).toHaveValue('2');
		await shot(page, '07-settings-error');
		await expectNoAxeViolations(page);
		await page.getByLabel('Smallest group for results').fill('6');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`${item('settings')}\\?saved=1$`));
		await expect(page.getByLabel('Smallest group for results')).toHaveValue('6');
		await gotoHydrated(fay.page, item('settings'));
		await expect(fay.page.getByText('Only an organiser can change these settings.')).toBeVisible();
		await expect(fay.page.getByRole('button', { name: 'Save' })).toHaveCount(0);
		await expectNoAxeViolations(fay.page);

		// --- Impartiality: each facilitator declares for themselves. ---
		await gotoHydrated(page, item('impartiality'));
		await expectNoAxeViolations(page);
		await page.getByLabel('I declare that I can facilitate this dialogue impartially.').check();
		await page.getByRole('button', { name: 'Declare' }).click();
		await expect(page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=impartiality$`));
		// One of two declared: responsibility is still unmet.
		await expectValue(page, 'Responsibility', 'Not met yet');
		await expect(valueRow(page, 'Responsibility')).toContainText(
			'Not all facilitators have declared yet that they are impartial.'
		);
		await gotoHydrated(fay.page, item('impartiality'));
		await expect(fay.page.getByRole('listitem').filter({ hasText: 'Olivia Organiser' })).toContainText(
			'Declared on'
		);
		await fay.page.getByLabel('I declare that I can facilitate this dialogue impartially.').check();
		await fay.page.getByLabel('What I disclose (optional)').fill('I coached at the club ten years ago.');
		await fay.page.getByRole('button', { name: 'Declare' }).click();
		await expect(fay.page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=impartiality$`));
		await expectNoAxeViolations(fay.page);

		// --- At the end: all three values met, every item done. ---
		await gotoHydrated(page, `/dialogues/${id}`);
		await expect(panel).toContainText('Yes: all three values are met.');
		for (const value of ['Respect', 'Relationship', 'Responsibility'] as const) {
			await expectValue(page, value, 'Met');
			await expect(valueRow(page, value)).toContainText('Everything for this value is in place.');
			await expect(valueRow(page, value).getByRole('link')).toHaveCount(0);
		}
		await expect(overview.locator('li.done')).toHaveCount(10);
		await shot(page, '08-workspace-ready');
		await expectNoAxeViolations(page);
		// The facilitator may not mark it ready; the organiser does.
		await gotoHydrated(fay.page, `/dialogues/${id}`);
		await expect(readinessPanel(fay.page)).toContainText('Yes: all three values are met.');
		await expect(fay.page.getByRole('button', { name: 'Mark as ready to open' })).toHaveCount(0);
		await page.getByRole('button', { name: 'Mark as ready to open' }).click();
		await expect(page.getByText('The status is now: Ready to open.')).toBeVisible();
		await gotoHydrated(fay.page, '/dialogues');
		await expect(fay.page.locator('li.card', { hasText: 'Willow' })).toContainText('Ready to open');
		await shot(fay.page, '09-facilitator-list');
		await expectNoAxeViolations(fay.page);

		// The lead facilitator opens the live session from the workspace and lands on its console, which shows
		// the projector's one-time link; back on the workspace, the button has become a way to the console.
		await gotoHydrated(fay.page, `/dialogues/${id}`);
		await fay.page.getByRole('button', { name: 'Open the live session' }).click();
		await expect(fay.page).toHaveURL(/\/facilitate\/[0-9a-f-]{36}$/);
		const consoleUrl = fay.page.url();
		await expect(fay.page.getByText(/\/projector\/[0-9a-f-]{36}\?display=/)).toBeVisible();
		await gotoHydrated(fay.page, `/dialogues/${id}`);
		await expect(fay.page.getByText('The live session of this dialogue is running.')).toBeVisible();
		await fay.page.getByRole('link', { name: 'Go to the console' }).click();
		await expect(fay.page).toHaveURL(consoleUrl);

		expect(dialogs).toEqual([]);
		expect(fayDialogs).toEqual([]);
		await fay.context.close();
	});

	test('a save that lands while the person types in another form leaves the focus and the keys where they are', async ({
		page
	}) => {
		// On a page of many forms a person saves one and goes on typing in the next while the save is on its way. The
		// page reloads its data when the save lands; the focus stayed in the field, and no key after it was lost.
		await page.setViewportSize(LAPTOP);
		await signIn(page, await createOrganisation());
		const id = await openDialogue(page, 'Rowan');
		await gotoHydrated(page, `/dialogues/${id}/ground-rules`);
		await page.getByRole('button', { name: 'Add the suggested rules' }).click();
		await expect(page.getByText(/Suggested rules added: \d+\./)).toBeVisible();
		// A slow connection: the save takes a second to come back.
		await page.route('**/ground-rules?/save', async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			await route.continue();
		});
		await page.getByLabel('Ground rule 1', { exact: true }).fill('We speak for ourselves.');
		await page.locator('li.rule').first().getByRole('button', { name: 'Save' }).click();
		const next = page.getByLabel('New ground rule');
		await next.click();
		await page.keyboard.type('Phones ');
		await expect(page).toHaveURL(/\?saved=rule$/);
		await expect(page.getByText('Saved.', { exact: false }).first()).toBeVisible();
		await page.keyboard.type('stay silent.');
		await expect(next).toHaveValue('Phones stay silent.');
		await expect(next).toBeFocused();
		await expect(page.getByLabel('Ground rule 1', { exact: true })).toHaveValue('We speak for ourselves.');
	});

	test('what is typed before the page’s script has loaded is kept when it loads, and saved', async ({
		page
	}) => {
		// On a slow laptop the form is on screen before its script; a person who starts typing then must not see the
		// text vanish when the script takes over the page (hydration), as an "add" form's empty default made it.
		await page.setViewportSize(LAPTOP);
		await signIn(page, await createOrganisation());
		const id = await openDialogue(page, 'Alder');
		let release: () => void = () => {};
		const scripts = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await scripts;
			await route.continue();
		});
		// Module scripts run before DOMContentLoaded: wait for the server's HTML only.
		await page.goto(`/dialogues/${id}/ground-rules`, { waitUntil: 'commit' });
		await page.getByLabel('New ground rule').fill('We keep what is said here to ourselves.');
		release();
		await page.waitForLoadState('networkidle');
		await page.unroute('**/_app/immutable/**');
		await expect(page.getByLabel('New ground rule')).toHaveValue('We keep what is said here to ourselves.');
		await page.getByRole('button', { name: 'Add the rule' }).click();
		await expect(page.getByLabel('Ground rule 1', { exact: true })).toHaveValue(
			'We keep what is said here to ourselves.'
		);
	});

	test('without JavaScript the capacity screen keeps what was typed when it shows an error', async ({
		page,
		browser,
		baseURL
	}) => {
		const organiser = await createOrganisation();
		await signIn(page, organiser);
		const id = await openDialogue(page, 'Rowan');

		const noJs = await newPerson(browser, baseURL, false);
		await signInWithoutScript(noJs.page, organiser);
		await noJs.page.goto(`/dialogues/${id}/capacity`);
		const pro = noJs.page.getByRole('group', { name: /pro-democratic/ });
		const ties = noJs.page.getByRole('group', { name: /extremist groups/ });
		await pro.getByLabel('What do you see?').fill('A residents’ association that wants to help.');
		await ties.getByLabel('Concern 1', { exact: true }).fill('A former contact lives nearby.');
		// "Add another concern" without JavaScript: the server sends the page back with one more row.
		await ties.getByRole('button', { name: '+ Add another concern' }).click();
		await expect(ties.getByLabel('Concern 2', { exact: true })).toBeVisible();
		await expect(ties.getByLabel('Concern 1', { exact: true })).toHaveValue('A former contact lives nearby.');
		await expect(pro.getByLabel('What do you see?')).toHaveValue(
			'A residents’ association that wants to help.'
		);
		// A mitigation without its concern is refused; everything typed comes back.
		await ties.getByLabel('What will be done about concern 2').fill('Mentor walks along the first weeks.');
		await noJs.page.getByRole('button', { name: 'Save this screen' }).click();
		await expect(noJs.page.getByRole('alert')).toContainText('Nothing was saved yet');
		await expect(ties.getByText('Describe the concern that this mitigation answers.')).toBeVisible();
		await expect(pro.getByLabel('What do you see?')).toHaveValue(
			'A residents’ association that wants to help.'
		);
		await expect(ties.getByLabel('Concern 1', { exact: true })).toHaveValue('A former contact lives nearby.');
		await expect(ties.getByLabel('What will be done about concern 2')).toHaveValue(
			'Mentor walks along the first weeks.'
		);
		// (axe needs JavaScript in the page: the journey above checks error states of other forms with it.)
		await shot(noJs.page, '10-capacity-error-no-js');
		// Nothing was stored.
		await page.goto(`/dialogues/${id}/capacity`);
		await expect(page.getByText('This screen has not been saved yet.')).toBeVisible();
		// Fixed, it saves without JavaScript too.
		await ties.getByLabel('Concern 2', { exact: true }).fill('Old friends may visit.');
		await noJs.page.getByRole('button', { name: 'Save this screen' }).click();
		await expect(noJs.page).toHaveURL(new RegExp(`/dialogues/${id}\\?saved=capacity$`));
		await expect(readinessPanel(noJs.page)).toContainText(
			'Concerns about what the community can carry that have no plan to reduce them yet: 1.'
		);
		await noJs.context.close();
	});

	test('hostile input is refused in plain words or shown as text, and never runs', async ({ page }) => {
		const dialogs = watchDialogs(page);
		const organiser = await createOrganisation();
		await signIn(page, organiser);
		const id = await openDialogue(page, 'Hazel');
		const script = '<script>alert(1)</script>';
		const long = 'a'.repeat(10_000);

		// Knowledge pack: markup, a javascript: link and 10 000 characters are refused, each in words.
		await gotoHydrated(page, `/dialogues/${id}/knowledge`);
		const add = page.getByRole('region', { name: 'Add a text or link' });
		await add.getByLabel('Title').fill(script);
		await add.getByLabel('Short text').fill(long);
		await add.getByLabel('Link (optional)').fill('javascript:alert(1)');
		await add.getByRole('button', { name: 'Add to the pack' }).click();
		await expect(add.getByRole('alert')).toContainText('Nothing was saved yet');
		await expect(
			add.getByText('Please write plain text. Web code such as <script> tags is not accepted here.').first()
		).toBeVisible();
		await expect(
			add.getByText('This is too long: use at most 2,000 characters (now 10,000).').first()
		).toBeVisible();
		await expect(
			add.getByText('Enter a web address that starts with http:// or https://.').first()
		).toBeVisible();
		// What was typed is given back as text in the field, not as markup on the page.
		await expect(add.getByLabel('Title')).toHaveValue(script);
		await expect(add.getByLabel('Short text')).toHaveValue(long);
		expect(await page.locator('main script').count()).toBe(0);
		await shot(page, '11-hostile-knowledge');
		await expectNoAxeViolations(page);
		await page.reload();
		await expect(page.getByText('The knowledge pack is empty.')).toBeVisible();

		// Control and invisible characters are cleaned away; "<" and "&" in a sentence are shown as typed.
		await add.getByLabel('Title').fill('Re\u0007hab\u200bilitation\u001b facts');
		await add.getByLabel('Short text').fill('1 < 2 & "quotes" > 0 <3');
		await add.getByRole('button', { name: 'Add to the pack' }).click();
		const stored = page.locator('ol.items li').first();
		await expect(stored.getByRole('heading', { level: 2 })).toHaveText('1 Rehabilitation facts');
		await expect(stored.getByLabel('Short text')).toHaveValue('1 < 2 & "quotes" > 0 <3');

		// Safety plan: markup and 10 000 characters; nothing is saved, what was typed stays as text.
		await gotoHydrated(page, `/dialogues/${id}/safety`);
		await page.getByLabel('Who may call a pause?').fill('<img src=x onerror="alert(1)">');
		await page.getByLabel('Where can someone step out?').fill(long);
		await page.getByLabel('Other safety arrangements').fill(`Call \u0000the\u0008 duty officer ${script}`);
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('alert')).toContainText('Nothing was saved yet');
		await expect(
			page.getByText('This is too long: use at most 500 characters (now 10,000).').first()
		).toBeVisible();
		await expect(
			page.getByText('Please write plain text. Web code such as <script> tags is not accepted here.')
		).toHaveCount(4); // twice in the summary, twice beside the fields
		await expect(page.getByLabel('Who may call a pause?')).toHaveValue('<img src=x onerror="alert(1)">');
		expect(await page.locator('main img').count()).toBe(0);
		await shot(page, '12-hostile-safety');
		await expectNoAxeViolations(page);
		await gotoHydrated(page, `/dialogues/${id}`);
		await expect(valueRow(page, 'Respect')).toContainText('The safety plan is not finished');

		expect(dialogs).toEqual([]);
	});
});

/** Signs in through the form in a context without JavaScript (the form posts and the server redirects). */
async function signInWithoutScript(page: Page, account: TestAccount) {
	await page.goto('/login');
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/dialogues$/);
}
