/**
 * The live session end to end in Chromium: a facilitator's console, the projector and five phones go through
 * opening, fears and stigma, and proposals together. Screenshots land in /tmp/shots for a human to look at.
 */
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	getStarted,
	goOnFromConsole,
	LAPTOP,
	openConsole,
	openLiveSession,
	openPhone,
	PROJECTOR,
	startFromConsole
} from '../support/live';

test('console, projector and five phones run opening, fears and stigma, and proposals', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage);
	await openConsole(consolePage, session);
	await shot(consolePage, 'console-preparation', { fullPage: false });
	await startFromConsole(consolePage);

	const projectorContext = await browser.newContext({ ...PROJECTOR, baseURL });
	const projector = await projectorContext.newPage();
	await projector.goto(session.projectorPath);
	await expect(projector.getByText(session.joinCode, { exact: true })).toBeVisible();
	await expect(projector.getByRole('heading', { level: 1 })).toContainText('Why are we here');
	await shot(projector, 'projector-opening', { fullPage: false });

	const phones = [];
	for (let i = 0; i < 5; i++) phones.push(await openPhone(browser, baseURL, session));
	const [one, two, three, four, five] = phones.map((p) => p.page) as [Page, Page, Page, Page, Page];
	await expect(one.getByRole('heading', { name: 'Welcome' })).toBeVisible();
	await shot(one, 'phone-welcome', { fullPage: false });
	await one.getByRole('button', { name: 'Continue' }).click();
	await shot(one, 'phone-reading', { fullPage: false });
	await one.getByRole('button', { name: 'I have read this' }).click();
	await shot(one, 'phone-rules', { fullPage: false });
	await one.getByRole('button', { name: 'I agree', exact: true }).click();
	for (const phone of [two, three, four]) await getStarted(phone);
	await getStarted(five, 'object');
	await expect(five.getByText('You have an objection')).toBeVisible();
	await expect(one.getByText('Waiting for the facilitator')).toBeVisible();
	await expect(consolePage.getByText('Joined: 5')).toBeVisible();

	// A countdown for the round, the same on every screen.
	await consolePage.getByLabel('Minutes').fill('5');
	await consolePage.getByRole('button', { name: 'Start', exact: true }).click();
	await expect(projector.getByRole('timer')).toHaveText(/^4:5\d|^5:00/);
	await expect(one.getByRole('timer')).toHaveText(/^4:5\d|^5:00/);

	// A refused advance: the console says why, in words.
	await consolePage.getByRole('button', { name: 'Go on to Worries and fears' }).click();
	const refusal = consolePage.locator('form.refused');
	await expect(refusal).toBeVisible();
	await expect(refusal).toContainText('Explain the purpose of the meeting and everyone');
	await expect(refusal).toContainText('check-in round');
	await shot(consolePage, 'console-refused', { fullPage: false });
	await refusal.getByRole('button', { name: 'Cancel' }).click();

	// The opening's tasks: purpose explained, objection talked through, a check-in round.
	await consolePage.getByRole('button', { name: 'Purpose and roles explained' }).click();
	await five.getByRole('button', { name: 'I agree after all' }).click();
	await consolePage.getByRole('button', { name: 'Objections are talked through' }).click();
	await consolePage
		.locator('.prompts li', { hasText: 'How are you arriving today?' })
		.getByRole('button', { name: 'Ask now' })
		.click();
	await expect(one.getByRole('group', { name: 'How are you arriving today?' })).toBeVisible();
	await shot(one, 'phone-check-in', { fullPage: false });
	for (const [i, phone] of [one, two, three, four, five].entries()) {
		await phone.getByRole('button', { name: `${(i % 5) + 1} out of 5` }).click();
	}
	await expect(consolePage.locator('.prompts li', { hasText: 'How are you arriving' })).toContainText(
		'Answers: 5'
	);
	await consolePage.getByRole('button', { name: 'Stop asking' }).click();
	await expect(consolePage.getByText('All three values are met.')).toBeVisible();
	await consolePage.getByRole('button', { name: 'Go on to Worries and fears' }).click();
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Worries and fears');

	// Fears and stigma: anonymous concerns, held for moderation.
	const concerns = [
		'I worry about the walk to school past his street.',
		'Will he be at the sports club on Saturdays?',
		'<b>Bold</b> words & <script>alert(1)</script> stay text',
		'His name is John Smith, call him on 0612345678',
		'I am worried about the school playground.'
	];
	for (const [i, phone] of [one, two, three, four, five].entries()) {
		await expect(phone.getByRole('heading', { name: 'Share a worry' })).toBeVisible();
		await phone.getByLabel('Your worry').fill(concerns[i] ?? '');
		await phone.getByRole('button', { name: 'Send anonymously' }).click();
		await expect(phone.getByText('Waiting for the facilitator').first()).toBeVisible();
	}
	await shot(one, 'phone-concern-sent', { fullPage: false });
	// Nothing another participant wrote is shown before a facilitator approved it.
	await expect(two.getByText(concerns[0] ?? '')).toHaveCount(0);
	await expect(projector.getByText(concerns[0] ?? '')).toHaveCount(0);

	const queue = consolePage.locator('#moderation');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (5)' })).toBeVisible();
	const flagged = queue.locator('li.flagged', { hasText: 'John Smith' });
	await expect(flagged).toContainText('May contain personal data');
	await shot(consolePage, 'console-moderation', { fullPage: false });

	// Keyboard moderation: a approves the selected (oldest) one and moves on.
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('a');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (4)' })).toBeVisible();
	await consolePage.keyboard.press('a');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (3)' })).toBeVisible();
	await consolePage.keyboard.press('a');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (2)' })).toBeVisible();
	// The one with personal data: hidden with h.
	await expect(queue.locator('li.selected')).toContainText('John Smith');
	await consolePage.keyboard.press('h');
	// Hiding asks first; the keyboard is on "Yes, hide it".
	await expect(consolePage.getByRole('dialog', { name: 'Hide this contribution?' })).toBeVisible();
	await consolePage.keyboard.press('Enter');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (1)' })).toBeVisible();
	// The last one is shortened (redacted) with r.
	await consolePage.keyboard.press('r');
	await consolePage.getByLabel('Text as it will be shown').fill('I am worried about the playground.');
	await consolePage.getByRole('button', { name: 'Approve edited text' }).click();
	await expect(queue.getByText('Nothing is waiting.')).toBeVisible();

	await expect(one.getByText('Shown on the big screen', { exact: true })).toBeVisible();
	await expect(four.getByText('Not shown', { exact: true })).toBeVisible();
	await expect(projector.getByText(concerns[0] ?? '')).toBeVisible();
	await expect(projector.getByText('<b>Bold</b> words & <script>alert(1)</script> stay text')).toBeVisible();
	await expect(projector.getByText('John Smith')).toHaveCount(0);
	await expect(projector.getByText('I am worried about the playground.')).toBeVisible();

	// Themes: one made from a title, concerns assigned, answered.
	await consolePage.getByLabel('Theme title').fill('The way to school');
	await consolePage.getByRole('button', { name: 'Create theme' }).click();
	const themes = consolePage.locator('#themes');
	await expect(themes.locator('article', { hasText: 'The way to school' })).toBeVisible();
	for (const text of [concerns[0], concerns[1], concerns[2], 'I am worried about the playground.']) {
		await themes
			.locator('li', { hasText: text ?? '' })
			.getByRole('combobox')
			.selectOption({ label: 'The way to school' });
		await expect(themes.locator('article', { hasText: 'The way to school' })).toContainText(text ?? '');
	}
	const theme = themes.locator('article', { hasText: 'The way to school' });
	await theme.getByRole('button', { name: 'Answer' }).click();
	await theme.getByLabel('Short answer (shown on the big screen)').fill('Volunteers walk with the children.');
	await theme.getByRole('button', { name: 'Save' }).click();
	// The answer stands on every card of its theme (a theme's cards may be shown on different pages of the wall).
	await expect(projector.getByText('Volunteers walk with the children.').first()).toBeVisible();
	await shot(projector, 'projector-wall', { fullPage: false });
	await shot(consolePage, 'console-themes', { fullPage: false });

	// A role from the community, then on to proposals.
	await consolePage
		.locator('.prompts li', { hasText: 'role you could play' })
		.getByRole('button', { name: 'Ask now' })
		.click();
	// The phone says where the answer goes: to the facilitator, who may put it among the proposals.
	await expect(
		two.getByText('The facilitator reads it first and may put it among the proposals')
	).toBeVisible();
	await two.getByLabel('My role').fill('football coach');
	await two.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(two.getByText('Thank you. Your answer is in.')).toBeVisible();
	// It waits in the queue as a proposal; approved, it is one of the proposals the group can support.
	const offered = queue.locator('li', { hasText: 'football coach' });
	await expect(offered).toBeVisible();
	await offered.getByRole('button', { name: /^Approve/ }).click();
	await expect(offered).toHaveCount(0);
	for (const phone of [one, three, four, five]) await phone.getByRole('button', { name: 'Not now' }).click();
	await consolePage.getByRole('button', { name: 'Stop asking' }).click();
	await expect(consolePage.getByText('All three values are met.')).toBeVisible();
	// Someone is still typing: the console warns before moving on, and waits when asked to. One phone is fewer than
	// the minimum group size (5): the console says so without the number.
	await three.getByLabel('Your worry').fill('I was still writing this');
	await expect(consolePage.getByText('Typing: a few (too few to show a number)')).toBeVisible();
	await consolePage.getByRole('button', { name: 'Go on to Proposals' }).click();
	await expect(consolePage.getByRole('alert')).toContainText(
		'People still typing: a few (too few to show a number).'
	);
	await shot(consolePage, 'console-typing-warning', { fullPage: false });
	await consolePage.getByRole('button', { name: 'Wait' }).click();
	await three.getByLabel('Your worry').fill('');
	await expect(consolePage.getByText('Typing: 0')).toBeVisible();
	await consolePage.getByRole('button', { name: 'Go on to Proposals' }).click();
	await expect(consolePage.locator('.steps li[aria-current="step"]')).toHaveText('Proposals');

	// Proposals: two from phones, approved, supported within the cap.
	await expect(one.getByRole('button', { name: 'Make a proposal' })).toBeVisible();
	await one
		.getByLabel('What can you or your group do?')
		.fill('Our football club can welcome him at training.');
	await one.getByLabel('Your role (you may leave this empty)').fill('football club volunteers');
	await one.getByRole('button', { name: 'Send proposal' }).click();
	await three.getByLabel('What can you or your group do?').fill('Neighbours can invite him for coffee.');
	await three.getByRole('button', { name: 'Send proposal' }).click();
	await shot(one, 'phone-proposal-sent', { fullPage: false });
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (2)' })).toBeVisible();
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('a');
	await consolePage.keyboard.press('a');
	await expect(queue.getByText('Nothing is waiting.')).toBeVisible();

	for (const phone of [two, four, five]) {
		await phone.getByRole('button', { name: /Support proposals/ }).click();
		await expect(phone.getByText('3 of 3 left').first()).toBeVisible();
		await expect(phone.locator('li', { hasText: 'football coach' })).toBeVisible();
		await phone
			.locator('li', { hasText: 'Our football club can welcome him' })
			.getByRole('button', { name: 'Support' })
			.click();
		await expect(phone.getByText('2 of 3 left').first()).toBeVisible();
	}
	await five
		.locator('li', { hasText: 'Neighbours can invite him' })
		.getByRole('button', { name: 'Support' })
		.click();
	await expect(five.getByText('1 of 3 left').first()).toBeVisible();
	await shot(five, 'phone-support', { fullPage: false });
	const ranking = projector.locator('.ranking li');
	await expect(ranking.first()).toContainText('Our football club can welcome him');
	// Three phones support it: fewer than the minimum group size (5), so the room sees no number, on the
	// projector and the phones alike.
	await expect(ranking.first()).toContainText('Support: too few to show a number');
	await expect(ranking.first()).not.toContainText('Support: 3');
	await expect(five.locator('li', { hasText: 'Our football club' })).toContainText(
		'Support: too few to show a number'
	);

	// Shortlist with an owner and a tie; then the values allow the next step.
	const proposals = consolePage.locator('#proposals');
	const football = proposals.locator('li', { hasText: 'Our football club' });
	await football.getByRole('button', { name: 'Put on the shortlist' }).click();
	await football.getByLabel('Who takes it on (a role)').fill('football club volunteers');
	await football.getByRole('button', { name: 'Save' }).first().click();
	await football.getByLabel('What it answers').selectOption({ label: 'The way to school' });
	await football.getByRole('button', { name: 'Save' }).nth(1).click();
	await expect(projector.locator('.ranking li').first()).toContainText('On the shortlist');
	await expect(consolePage.getByText('All three values are met.')).toBeVisible();
	await shot(consolePage, 'console-proposals', { fullPage: false });
	await shot(projector, 'projector-proposals', { fullPage: false });

	// Accessibility on all three screens.
	await expectNoAxeViolations(one);
	await expectNoAxeViolations(five);
	await expectNoAxeViolations(projector);
	await expectNoAxeViolations(consolePage);

	// A pause shows the calm screen and nothing else on the projector and the phones.
	await consolePage.getByRole('button', { name: 'Pause the session' }).click();
	await expect(projector.getByRole('heading', { name: 'We are taking a short pause' })).toBeVisible();
	await expect(projector.getByText('Our football club')).toHaveCount(0);
	await expect(one.getByRole('heading', { name: 'We are taking a short pause' })).toBeVisible();
	await shot(projector, 'projector-paused', { fullPage: false });
	await shot(one, 'phone-paused', { fullPage: false });
	await expectNoAxeViolations(projector);
	await expectNoAxeViolations(one);
	await consolePage.getByRole('button', { name: 'Resume' }).click();
	await expect(projector.getByText('Our football club can welcome him')).toBeVisible();

	await goOnFromConsole(consolePage, 'Agreement');
	// The phones read along with the agreement as the group writes it.
	await expect(one.getByRole('heading', { name: 'The agreement so far' })).toBeVisible();
	await expect(one.getByText('Nothing has been written down yet.')).toBeVisible();

	// A wrong code is said plainly, with a field for the right one.
	const lost = await openPhone(browser, baseURL, { joinCode: 'WRONG1' });
	await expect(lost.page.getByRole('alert')).toContainText('This code does not work');
	await lost.page.getByLabel('Meeting code').fill(session.joinCode.toLowerCase());
	await lost.page.getByRole('button', { name: 'Join' }).click();
	await expect(lost.page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
	await lost.context.close();

	// A phone in Dutch: its own language from the browser, every word translated.
	const dutch = await openPhone(browser, baseURL, session, 'nl-NL');
	await expect(dutch.page.getByRole('heading', { name: 'Welkom' })).toBeVisible();
	await shot(dutch.page, 'phone-welcome-nl', { fullPage: false });
	await dutch.page.getByRole('button', { name: 'Verder' }).click();
	await expect(dutch.page.getByRole('heading', { name: 'Waarom we hier zijn' })).toBeVisible();
	await shot(dutch.page, 'phone-reading-nl', { fullPage: false });
	await dutch.context.close();

	for (const p of phones) await p.context.close();
	await projectorContext.close();
	await staff.close();
});
