/**
 * From proposals to closed through the screens a facilitator and a hall of phones use: proposals sent and
 * supported on five phones, the shortlist turned into commitments in the console's agreement builder, the
 * draft read back and shown on the projector and the phones, a consent round on the phones (asked again when
 * the draft changes, and a "cannot live with it" talked through and resolved), the follow-up date, the
 * check-out round answered on the phones, the ritual recorded, and closed: then the console leads to the outcome
 * report, which holds what was agreed, and every export downloads from it. axe-core checks the agreement pages.
 *
 * Set HEARTH_SHOTS_DIR to keep screenshots of the console, phone and projector along the way.
 */
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expectConsoleFits, expectFoldsNamedOnce } from '../support/console-fit';
import { downloadEveryExport } from '../support/exports';
import { expect, test } from '../support/fixtures';
import {
	LAPTOP,
	PROJECTOR,
	advanceFromConsole,
	getStarted,
	goOnFromConsole,
	openConsole,
	openLiveSession,
	openPhone,
	startFromConsole
} from '../support/live';
import { shot } from '../support/shots';

const FOOTBALL = 'Our football club can welcome him at the Saturday training.';
const COFFEE = 'Neighbours can invite him for coffee on Sunday mornings.';
const WALK = 'A neighbour walks with him to the job centre on his first visit';
const RISK = 'Saturday training means children: a second coach is always there.';
const RESOLVED = 'Talked through: a second coach joins every training for the first two months.';

/** The commitment cards of the console's agreement builder. */
function commitment(consolePage: Page, number: number) {
	return consolePage.getByRole('form', { name: `Commitment ${number}` });
}

test('a facilitator takes five phones from proposals to an agreed role and closes; the report follows', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Rowan' });
	await openConsole(consolePage, session);
	// The follow-up names a partner before the meeting: the sharing question will name it (issue 11).
	const followUpTab = await staff.newPage();
	await followUpTab.goto(`/review/${session.dialogueId}`);
	await followUpTab.getByLabel(/^Role/).fill('Youth coach');
	await followUpTab.getByLabel(/^Organisation/).fill('Rowan Football Club');
	await followUpTab.getByRole('button', { name: 'Add partner' }).click();
	await expect(followUpTab.getByText('Partner added.')).toBeVisible();
	await followUpTab.close();
	await startFromConsole(consolePage);

	const projectorContext = await browser.newContext({ ...PROJECTOR, baseURL });
	const projector = await projectorContext.newPage();
	await projector.goto(session.projectorPath);

	const phones: Page[] = [];
	for (let i = 0; i < 5; i++) phones.push((await openPhone(browser, baseURL, session)).page);
	for (const phone of phones) await getStarted(phone);
	const [one, two, three, four, five] = phones as [Page, Page, Page, Page, Page];
	await expect(consolePage.getByText('Joined: 5')).toBeVisible();

	// The opening and the worries are other tests' subject: this rehearsal goes on with written reasons.
	await advanceFromConsole(consolePage, 'Worries and fears');
	await advanceFromConsole(consolePage, 'Proposals');

	// Proposals from two phones, approved, supported, one put on the shortlist with an owner and a need.
	await one.getByLabel('What can you or your group do?').fill(FOOTBALL);
	await one.getByLabel('Your role (you may leave this empty)').fill('football club volunteers');
	await one.getByRole('button', { name: 'Send proposal' }).click();
	await three.getByLabel('What can you or your group do?').fill(COFFEE);
	await three.getByRole('button', { name: 'Send proposal' }).click();
	const queue = consolePage.locator('#moderation');
	await expect(queue.getByRole('heading', { name: 'Waiting for moderation (2)' })).toBeVisible();
	await consolePage.locator('body').click({ position: { x: 5, y: 5 } });
	await consolePage.keyboard.press('a');
	await consolePage.keyboard.press('a');
	await expect(queue.getByText('Nothing is waiting.')).toBeVisible();
	for (const phone of phones) {
		await phone.getByRole('button', { name: /Support proposals/ }).click();
		await phone.locator('li', { hasText: FOOTBALL }).getByRole('button', { name: 'Support' }).click();
	}
	const proposals = consolePage.locator('#proposals');
	const football = proposals.locator('li', { hasText: FOOTBALL });
	await expect(football).toContainText('Support: 5');
	await football.getByRole('button', { name: 'Put on the shortlist' }).click();
	await football.getByLabel('Who takes it on (a role)').fill('Football club board');
	await football.getByRole('button', { name: 'Save' }).first().click();
	await football.getByLabel('What it answers').selectOption({ label: 'A need, in words…' });
	await football.getByLabel('The need it answers').fill('Somewhere to belong on Saturdays');
	await football.getByRole('button', { name: 'Save' }).nth(1).click();
	// The facilitator's risk note (issue 11): on the console and in the report, never on a phone.
	await football.getByLabel('Risk note (staff only)').fill(RISK);
	await football.getByRole('button', { name: 'Save' }).nth(2).click();
	await expect(consolePage.getByText('All three values are met.')).toBeVisible();
	await shot(consolePage, 'console-proposals-phase');
	await goOnFromConsole(consolePage, 'Agreement');

	// The agreement builder: the shortlisted proposal becomes commitment 1, a blank one becomes commitment 2.
	const builder = consolePage.locator('#agreement');
	await expect(builder.getByText('No commitments yet.')).toBeVisible();
	// Nothing to read back yet: no "read version 0 back" button, a sentence saying when it comes.
	await expect(builder.getByRole('button', { name: /^I read version \d+ back/ })).toHaveCount(0);
	await expect(builder.getByText('Once there is a commitment, read the agreement back')).toBeVisible();
	await builder.getByRole('button', { name: /^Make a commitment of/ }).click();
	const first = commitment(consolePage, 1);
	await expect(first.getByLabel('What will be done')).toHaveValue(FOOTBALL);
	await expect(first.getByLabel('What will be done')).toBeFocused();
	await expect(first.getByLabel('Who takes it on (a role, not a name)')).toHaveValue('Football club board');
	await expect(first).toContainText('Still missing: a date');
	await first.getByLabel('By when').fill('2031-05-01');
	await first.getByLabel('How it will be checked').fill('The board reports at the review meeting');
	// One save for the whole card, not one per field.
	await expect(first.getByRole('button', { name: 'Save' })).toHaveCount(1);
	await first.getByRole('button', { name: 'Save' }).click();
	await expect(first).not.toContainText('Still missing');

	await builder.getByRole('button', { name: 'Add an empty commitment' }).click();
	const second = commitment(consolePage, 2);
	await expect(second.getByLabel('What will be done')).toBeFocused();
	await second.getByLabel('What will be done').fill(WALK);
	// A bad date is refused in words, and the text typed stays.
	await second.getByLabel('Who takes it on (a role, not a name)').fill('x'.repeat(121));
	await expect(second.getByLabel('Who takes it on (a role, not a name)')).toHaveValue('x'.repeat(120));
	await second.getByLabel('Who takes it on (a role, not a name)').fill('Neighbourhood social worker');
	await second.getByLabel('By when').fill('2031-04-01');
	await second.getByRole('button', { name: 'Save' }).click();
	await expect(second).not.toContainText('Still missing');
	// The walk comes first: it is due first.
	await consolePage.getByRole('button', { name: 'Move commitment 2 up' }).click();
	await expect(commitment(consolePage, 1).getByLabel('What will be done')).toHaveValue(WALK);

	// The draft shows on the projector and the phones, in order.
	const projected = projector.locator('ol li', { hasText: WALK });
	await expect(projected).toBeVisible();
	await expect(projector.getByText(FOOTBALL)).toBeVisible();
	await expect(two.getByText(WALK)).toBeVisible();

	// Versions count read-backs, not saved fields: two commitments added, saved and moved are still version 1.
	await expect(builder.locator('.head')).toContainText('Version 1');
	await builder.getByRole('button', { name: 'I read version 1 back to the room' }).click();
	await expect(builder.getByText('✓ Version 1 was read back to the room.')).toBeVisible();
	await shot(consolePage, 'console-agreement');
	await expectNoAxeViolations(consolePage);
	await expectConsoleFits(consolePage, 'agreement');
	await expectFoldsNamedOnce(consolePage);

	// The consent round on the phones.
	const consent = consolePage.locator('#consent');
	await consent.getByRole('button', { name: 'Ask for consent on version 1' }).click();
	await expect(one.getByRole('button', { name: 'Fully support', exact: true })).toBeVisible();
	await expect(projector.getByText(/on your phone/i).first()).toBeVisible();
	await shot(one, 'phone-consent');
	await shot(projector, 'projector-agreement');
	await expectNoAxeViolations(one);
	await expectNoAxeViolations(projector);
	await one.getByRole('button', { name: 'Fully support', exact: true }).click();
	await two.getByRole('button', { name: 'Can live with it', exact: true }).click();
	await expect(consent).toContainText('Not enough answers yet');

	// The facilitator changes the draft while the round is open: the phones that answered are asked again.
	await commitment(consolePage, 2)
		.getByLabel('How it will be checked')
		.fill('The board reports at the review meeting in June');
	await commitment(consolePage, 2).getByRole('button', { name: 'Save' }).click();
	await expect(builder.locator('.readback')).toContainText('Read it back again');
	// Changed after the read-back: the next version, whatever is saved until it is read back.
	await expect(builder.locator('.head')).toContainText('Version 2');
	await expect(one.getByText(/agreement (was|has been) changed/i).first()).toBeVisible();
	// What changed comes first, marked in words, and the answers are in reach without scrolling past the rest.
	const changes = one.getByRole('list', { name: 'What changed since your answer' });
	await expect(changes.getByRole('listitem')).toHaveCount(1);
	await expect(changes.getByRole('listitem')).toContainText('Changed');
	await expect(changes).toContainText('The board reports at the review meeting in June');
	await expect(changes).not.toContainText(WALK);
	await one.evaluate(() => window.scrollTo(0, 0));
	await expect(one.getByRole('button', { name: 'Fully support', exact: true })).toBeInViewport();
	await one.getByText('Read the whole agreement').click();
	await expect(one.locator('details.whole')).toContainText(WALK);
	await shot(one, 'phone-consent-changed');
	await builder.getByRole('button', { name: 'I read version 2 back to the room' }).click();
	await expect(builder.getByText('✓ Version 2 was read back to the room.')).toBeVisible();

	for (const phone of [one, two, three, four]) {
		await phone.getByRole('button', { name: 'Fully support', exact: true }).click();
	}
	await five.getByRole('button', { name: 'Cannot live with it', exact: true }).click();
	await expect(consent).toContainText('Answers: 5');
	await shot(five, 'phone-consent-answered');
	// While the round is open nothing tells that someone cannot live with it: it would point at who just tapped.
	await expect(consent.getByText('Someone cannot live with this version.')).toHaveCount(0);
	await expect(consolePage.getByText('The consent round is still open.', { exact: false })).toBeVisible();
	await consent.getByRole('button', { name: 'Stop asking' }).click();
	// Four and one, with at least five needed: neither choice is shown as a number, nor is the total.
	const spread = consent.getByRole('table');
	await expect(spread.getByRole('row', { name: /Fully support/ })).toContainText('not enough answers');
	await expect(spread.getByRole('row', { name: /Cannot live with it/ })).toContainText('not enough answers');
	await expect(spread.locator('tbody')).not.toContainText(/[1-9]/);
	await expect(consent.getByText('Someone cannot live with this version.')).toBeVisible();

	// Not closed while a "cannot live with it" is open: the check says so and leads to the consent round.
	await consolePage.getByRole('button', { name: 'Go on to Closing' }).click();
	await expect(consolePage.locator('form.refused')).toBeVisible();
	await consolePage.locator('form.refused').getByRole('button', { name: 'Cancel' }).click();
	await consent.getByRole('button', { name: 'Write down how it was resolved' }).click();
	await consent.getByRole('button', { name: 'Resolved', exact: true }).click();
	await expect(consent.getByRole('alert')).toHaveText('Write in a few words how it was resolved.');
	await consent.getByLabel('What was talked through and how it was resolved').fill(RESOLVED);
	await consent.getByRole('button', { name: 'Resolved', exact: true }).click();
	await expect(consent.getByText(RESOLVED)).toBeVisible();
	await expect(consent.getByText('Someone cannot live with this version.')).toHaveCount(0);

	// May it be shared with the follow-up's partner: asked from the console, answered on the phones.
	const sharing = consolePage.locator('#tasks li', { hasText: 'May this agreement be shared with' });
	await sharing.getByRole('button', { name: 'Ask now' }).click();
	await expect(one.getByText('May this agreement be shared with Rowan Football Club?')).toBeVisible();
	await expect(projector.getByText('May this agreement be shared with Rowan Football Club?')).toBeVisible();
	await expectNoAxeViolations(one);
	await shot(one, 'phone-share');
	for (const phone of phones) await phone.getByRole('button', { name: 'Yes, it may be shared' }).click();
	await expect(sharing).toContainText('Answers: 5');
	await sharing.getByRole('button', { name: 'Stop asking' }).click();

	// The follow-up date: a past day is refused in words, and the day typed stays in the field.
	const followUp = consolePage.locator('#followup');
	await followUp.getByLabel('Date of the review meeting').fill('2020-01-01');
	await followUp.getByRole('button', { name: 'Save the date' }).click();
	await expect(followUp.getByRole('alert')).toBeVisible();
	await expect(followUp.getByLabel('Date of the review meeting')).toHaveValue('2020-01-01');
	await followUp.getByLabel('Date of the review meeting').fill('2031-06-15');
	await followUp.getByRole('button', { name: 'Save the date' }).click();
	await expect(followUp).toContainText('Review meeting:');
	await expect(consolePage.getByText('All three values are met.')).toBeVisible();
	await goOnFromConsole(consolePage, 'Closing');

	// The check-out round: six questions, one at a time, on every phone.
	await consolePage.getByRole('button', { name: 'Ask the check-out questions' }).click();
	await expect(one.getByText('1 of 6')).toBeVisible();
	await shot(one, 'phone-check-out');
	await expectNoAxeViolations(one);
	for (const [i, phone] of phones.entries()) {
		for (let q = 0; q < 6; q++) {
			await expect(phone.getByText(`${q + 1} of 6`)).toBeVisible();
			await phone.getByRole('button', { name: `${(i % 2) + 4} out of 5` }).click();
			if (i === 0 && q === 1) {
				// A second thought: back to question 2, which shows the answer given, and another number instead.
				await expect(phone.getByText('3 of 6')).toBeVisible();
				await phone.getByRole('button', { name: 'Back to the previous question' }).click();
				await expect(phone.getByText('2 of 6')).toBeVisible();
				await expect(phone.getByText('Your answer now: 4 out of 5.', { exact: false })).toBeVisible();
				await phone.getByRole('button', { name: '5 out of 5' }).click();
			}
		}
	}
	await expect(consolePage.locator('#checkout')).toContainText('Answers: 5');
	await consolePage.getByRole('button', { name: 'Stop asking' }).click();
	await expect(consolePage.locator('#checkout li', { hasText: 'I felt safe' })).toContainText(
		'Average: 4.4 of 5'
	);
	await consolePage.getByRole('button', { name: 'The closing ritual was held' }).click();
	await expect(consolePage.getByText('✓ The closing ritual was held.')).toBeVisible();
	await shot(consolePage, 'console-closing');
	await expectConsoleFits(consolePage, 'closing');
	// The console follows the meeting: the closing's rounds under the queue, the panels of phases that are over (and
	// the room, everyone being in) folded, so the page is about half as long as with every panel open (2,250 px).
	const height = await consolePage.evaluate(() => document.scrollingElement?.scrollHeight ?? 0);
	expect(height).toBeLessThan(1500);
	const folded = consolePage.locator('details[data-fold="agreement"]');
	await expect(folded).not.toHaveAttribute('open');
	await expect(builder).toBeHidden();
	// Folded, not gone: one key on its summary opens it, with what was agreed still there.
	await folded.locator('summary').focus();
	await consolePage.keyboard.press('Enter');
	await expect(folded).toHaveAttribute('open');
	await expect(builder.getByText(WALK)).toBeVisible();
	await expectNoAxeViolations(consolePage);
	await advanceFromConsole(consolePage, 'Closed');

	// Closed: the phones thank everyone and say when the group meets again; the console leads to the report.
	await expect(one.getByText(/15 June 2031/)).toBeVisible();
	await shot(one, 'phone-closed');
	// The big screen thanks the room and shows what was agreed; it no longer shows a join code that is refused.
	await expect(projector.getByRole('heading', { name: 'Thank you for taking part.' })).toBeVisible();
	await expect(projector.getByRole('heading', { name: 'What we agreed' })).toBeVisible();
	await expect(projector.getByText(WALK)).toBeVisible();
	await expect(projector.getByText('Join with your phone')).toHaveCount(0);
	await shot(projector, 'projector-closed');
	await consolePage.getByRole('link', { name: 'Open the outcome report' }).click();
	await expect(consolePage).toHaveURL(new RegExp(`/reports/${session.sessionId}$`));
	await expect(consolePage.getByText(WALK).first()).toBeVisible();
	await expect(consolePage.getByText('Football club board').first()).toBeVisible();
	await expect(consolePage.getByText(RESOLVED).first()).toBeVisible();
	await expect(consolePage.getByText(RISK).first()).toBeVisible();
	await expect(consolePage.locator('.facts').first()).toContainText(
		'The group agreed that this agreement may be shared with: Rowan Football Club.'
	);
	await expect(one.getByText(RISK)).toHaveCount(0);
	const files = await downloadEveryExport(consolePage, 'rowan');
	for (const text of Object.values(files)) expect(text.length).toBeGreaterThan(200);
	const outcome = JSON.parse(files.json.toString('utf8')) as {
		agreement: { commitments: { action: string }[] };
	};
	expect(outcome.agreement.commitments.map((c) => c.action)).toEqual([WALK, FOOTBALL]);

	// The dialogue's workspace leads to the report of its closed session, no longer to opening a new one.
	await consolePage.goto(`/dialogues/${session.dialogueId}`);
	await expect(consolePage.getByText(/The last live session closed on/)).toBeVisible();
	await expect(consolePage.getByRole('button', { name: 'Open the live session' })).toHaveCount(0);
	await consolePage.getByRole('link', { name: 'Open the outcome report' }).click();
	await expect(consolePage).toHaveURL(new RegExp(`/reports/${session.sessionId}$`));

	// The dialogues list: the closed dialogue says it is closed, not "Ready to open".
	await consolePage.goto('/dialogues');
	const card = consolePage.locator('li.card', {
		has: consolePage.getByRole('link', { name: 'Rowan', exact: true })
	});
	await expect(card.locator('.status')).toHaveText('Closed');
	await expect(card).not.toContainText('Ready to open');
	await expect(card).not.toContainText('Still preparing');
});
