/**
 * Ending a meeting early (issue 11), in Chromium: the facilitator ends the meeting from the worries phase with a
 * reason (after the confirmation form asks, and asks for words with "another reason"); the phone and the projector
 * show a calm ending, and the report of how far the meeting got opens from the console and from the review dashboard.
 * Then, with the clock moved past the retention period (`npm run retention -- --now`), its raw data is gone and the
 * report stays; and a session left open without activity was ended by the same run, as "left open".
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { shot } from '../support/shots';
import {
	advanceFromConsole,
	getStarted,
	LAPTOP,
	openConsole,
	openLiveSession,
	openPhone,
	PROJECTOR,
	startFromConsole
} from '../support/live';
import { ROOT } from '../support/server';

const run = promisify(execFile);

/** A rehearsal skips the real preparation: each value goes on with a written reason, as a facilitator may. */
const OVERRIDES = {
	respect: 'Rehearsal: handled outside the app.',
	relationship: 'Rehearsal: handled outside the app.',
	responsibility: 'Rehearsal: handled outside the app.'
};

test('the console ends the meeting early; phone and projector show a calm ending; the partial report opens', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Hazel' });
	await openConsole(consolePage, session);
	await startFromConsole(consolePage);
	const projectorContext = await browser.newContext({ ...PROJECTOR, baseURL });
	const projector = await projectorContext.newPage();
	await projector.goto(session.projectorPath);
	const phone = await openPhone(browser, baseURL, session);
	await getStarted(phone.page);
	await advanceFromConsole(consolePage, 'Worries and fears');
	// Raw data that retention must delete later: a concern from the phone, approved onto the wall.
	const text = 'Who will be there for his neighbours in the first weeks?';
	const sent = await phone.context.request.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
		data: { kind: 'concern', text, clientRequestId: randomUUID() }
	});
	expect(sent.status(), await sent.text()).toBe(201);
	const { id: concernId } = (await sent.json()) as { id: string };
	const approved = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
		data: { type: 'contribution.approve', contributionId: concernId }
	});
	expect(approved.status(), await approved.text()).toBe(200);
	await expect(projector.getByText(text)).toBeVisible();

	// The control asks first, says it cannot be undone, and wants words for "another reason".
	await consolePage.getByRole('button', { name: 'End the meeting early…' }).click();
	const form = consolePage.getByRole('form', { name: 'End the meeting early' });
	await expect(form.getByText('This cannot be undone')).toBeVisible();
	await form.getByRole('radio', { name: 'Another reason' }).check();
	await form.getByRole('button', { name: 'End the meeting now' }).click();
	await expect(form.getByRole('alert')).toHaveText('Write in a few words why the meeting ends early.');
	// The new panel, open with its error, passes axe (as the whole console does).
	await expectNoAxeViolations(consolePage);
	await expect(phone.page.getByRole('heading', { name: 'The meeting has ended early' })).toHaveCount(0);
	await form.getByRole('radio', { name: 'Safety' }).check();
	await form.getByRole('textbox').fill('Tension at the door');
	await shot(consolePage, 'console-end-early-form', { fullPage: false });
	await form.getByRole('button', { name: 'End the meeting now' }).click();

	// Phone and projector: a calm ending, with what happens next; no blame.
	await expect(phone.page.getByRole('heading', { name: 'The meeting has ended early' })).toBeVisible();
	await expect(phone.page.getByText(/^What happens next:/)).toBeVisible();
	await shot(phone.page, 'phone-ended-early');
	await expect(
		projector.getByRole('heading', { level: 1, name: /^The meeting has ended early\./ })
	).toBeVisible();
	await expect(projector.getByText(/^Thank you for being here and for what you shared\./)).toBeVisible();
	await expect(projector.getByText(/^What happens next:/)).toBeVisible();
	await shot(projector, 'projector-ended-early', { fullPage: false });

	// The console says so and opens the report of how far the meeting got.
	await expect(consolePage.getByRole('heading', { name: 'The meeting ended early' })).toBeVisible();
	await expectNoAxeViolations(consolePage);
	await consolePage.getByRole('link', { name: 'Open the report' }).click();
	await expect(consolePage.getByRole('heading', { level: 1, name: /Outcome report: Hazel/ })).toBeVisible();
	const ended = consolePage.getByRole('heading', { name: 'This meeting ended early' });
	await expect(ended).toBeVisible();
	await expect(
		consolePage.getByText('For the safety of people in the room: Tension at the door')
	).toBeVisible();
	await shot(consolePage, 'report-ended-early', { fullPage: false });
	await expectNoAxeViolations(consolePage);

	// The review dashboard links that report and says the meeting ended early.
	await consolePage.goto('/review');
	const row = consolePage.getByRole('row', { name: /Hazel/ });
	await expect(row.getByText('· Ended early')).toBeVisible();
	await row.getByRole('link', { name: /\d/ }).click();
	await expect(consolePage.getByRole('heading', { name: 'This meeting ended early' })).toBeVisible();

	// Another session, opened and started, then left open: nothing happens in it for longer than its dialogue's
	// idle period (7 days by default).
	const idleContext = await browser.newContext({ ...LAPTOP, baseURL });
	const idlePage = await idleContext.newPage();
	const idle = await openLiveSession(idlePage, { codename: 'Rowan' });
	const started = await idlePage.request.post(`/api/v1/sessions/${idle.sessionId}/commands`, {
		data: { type: 'phase.advance', from: 'preparation', overrides: OVERRIDES }
	});
	expect(started.status(), await started.text()).toBe(200);

	// Retention, with the clock moved past the ended session's retention period (90 days by default).
	const later = new Date(Date.now() + 91 * 86_400_000).toISOString();
	const { stdout } = await run(
		process.execPath,
		['--import', 'tsx', 'scripts/retention.ts', '--json', '--now', later],
		{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.HEARTH_DATABASE_PATH ?? '' } }
	);
	const purged = (JSON.parse(stdout) as { purged: { sessionId: string }[] }).purged.map((p) => p.sessionId);
	expect(purged).toContain(session.sessionId);
	// The ended session's raw data is gone; its report of how far the meeting got stays.
	const view = (await (await consolePage.request.get(`/api/v1/sessions/${session.sessionId}`)).json()) as {
		wall: { themes: unknown[]; unthemed: unknown[] };
		moderationQueue: unknown[];
	};
	expect(view.wall).toEqual({ themes: [], unthemed: [] });
	expect(view.moderationQueue).toEqual([]);
	await consolePage.goto(`/reports/${session.sessionId}`);
	await expect(consolePage.getByRole('heading', { name: 'This meeting ended early' })).toBeVisible();
	await expect(consolePage.getByRole('note')).toContainText('were deleted on');

	// The idle session was ended by the same run, as "left open", with a report of its own.
	const idleView = (await (await idlePage.request.get(`/api/v1/sessions/${idle.sessionId}`)).json()) as {
		phase: string;
	};
	expect(idleView.phase).toBe('endedEarly');
	await idlePage.goto(`/reports/${idle.sessionId}`);
	await expect(idlePage.getByRole('heading', { name: 'This meeting ended early' })).toBeVisible();
	await expect(
		idlePage.getByText('Left open: ended automatically after a long time without activity')
	).toBeVisible();

	await idleContext.close();
	await phone.context.close();
	await projectorContext.close();
	await staff.close();
});
