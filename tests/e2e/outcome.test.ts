/**
 * From proposals to closed, then the organiser's review: six phones (each its own request context and cookie
 * jar) send proposals, endorse, give consent on the agreement and answer the check-out round through the JSON
 * API; the facilitator runs the console through the API too (the consent and check-out screens are not built
 * yet). Then the organiser opens the report in Chromium, downloads every export and reads each one back, checks
 * that small groups show no number anywhere, follows up the commitments, and sees the report survive retention.
 * Before closing, the group is asked whether the agreement may be shared with the follow-up's partners (issue 11):
 * the report and every export say so on their first page.
 *
 * Set HEARTH_SHOTS_DIR to keep screenshots of the report, the dashboard and the tracker.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { APIRequestContext, Browser } from '@playwright/test';
import { signIn } from '../support/accounts';
import { expectNoAxeViolations } from '../support/axe';
import { downloadBody, downloadEveryExport } from '../support/exports';
import { expect, test } from '../support/fixtures';
import { LAPTOP } from '../support/live';
import { pdfText } from '../support/pdf-text';
import { ROOT } from '../support/server';
import { shot } from '../support/shots';

const run = promisify(execFile);

interface Demo {
	organiser: { email: string; password: string };
	facilitator: { email: string; password: string };
	dialogueId: string;
	sessionId: string;
	joinCode: string;
}

const PROPOSAL = 'The football club invites him to help with the Saturday youth training';
const SECOND = 'Neighbours take turns to have coffee with him on Sunday mornings';
const COFFEE = 'A neighbour walks with him to the job centre on his first visit';
const CHECK_OUT = [
	'checkOut.safe',
	'checkOut.heard',
	'checkOut.respected',
	'checkOut.fair',
	'checkOut.nextSteps',
	'checkOut.recommend'
];

async function demo(baseURL: string): Promise<Demo> {
	const { stdout } = await run(
		process.execPath,
		['--import', 'tsx', 'scripts/demo.ts', '--json', '--force', '--base-url', baseURL],
		{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.HEARTH_DATABASE_PATH ?? '' } }
	);
	return JSON.parse(stdout) as Demo;
}

async function staffPage(browser: Browser, baseURL: string, account: { email: string; password: string }) {
	const context = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
	const page = await context.newPage();
	await signIn(page, account);
	return { context, page };
}

async function ok<T>(response: Promise<import('@playwright/test').APIResponse>, status = 200): Promise<T> {
	const res = await response;
	expect(res.status(), `${res.url()}: ${await res.text()}`).toBe(status);
	return (await res.json()) as T;
}

/** Which of the report's key facts is the closing moment. */
async function closedFactIndex(page: import('@playwright/test').Page): Promise<number> {
	const labels = await page.locator('.facts dt').allTextContents();
	return labels.findIndex((label) => label.trim() === 'Session closed');
}

test('a session goes from proposals to closed, and the organiser reviews, exports and follows it up', async ({
	browser,
	baseURL,
	playwright
}) => {
	test.setTimeout(180_000);
	const base = baseURL ?? '';
	const d = await demo(base);
	const session = d.sessionId;
	const facilitator = await staffPage(browser, base, d.facilitator);
	const api = facilitator.page.request;
	const command = (json: Record<string, unknown>, status = 200) =>
		ok<{ state: { phase: string; seq: number }; result?: Record<string, unknown> }>(
			api.post(`/api/v1/sessions/${session}/commands`, { data: json }),
			status
		);

	// The follow-up names two partners, on its page: the sharing question will name them.
	await facilitator.page.goto(`/review/${d.dialogueId}`);
	for (const [role, organisation] of [
		['Tenancy officer', 'Linden Housing Association'],
		['Youth coach', 'FC Linden']
	] as const) {
		await facilitator.page.getByLabel(/^Role/).fill(role);
		await facilitator.page.getByLabel(/^Organisation/).fill(organisation);
		await facilitator.page.getByRole('button', { name: 'Add partner' }).click();
		await expect(facilitator.page.getByText('Partner added.')).toBeVisible();
	}

	// Six phones, each with its own cookie jar.
	const phones: APIRequestContext[] = [];
	const requestIds: string[] = [];
	for (let i = 0; i < 6; i++) {
		const phone = await playwright.request.newContext({ baseURL: base });
		await ok(phone.post('/api/v1/join', { data: { code: d.joinCode } }), 201);
		phones.push(phone);
	}
	const send = (phone: APIRequestContext, endpoint: string, data: Record<string, unknown>, status = 201) => {
		const clientRequestId = randomUUID();
		requestIds.push(clientRequestId);
		return ok<{ id: string }>(
			phone.post(`/api/v1/sessions/${session}/${endpoint}`, { data: { ...data, clientRequestId } }),
			status
		);
	};
	const answer = (phone: APIRequestContext, prompt: string, value: string | number, extra = {}) =>
		send(phone, 'responses', { prompt, value, ...extra });

	// Up to the proposals: the opening and the worries, done for real (with one judgement call, for the report).
	await command({ type: 'phase.advance', from: 'preparation' });
	for (const phone of phones) await answer(phone, 'groundRules.affirm', 'yes');
	await command({ type: 'purpose.explained' });
	await command({ type: 'prompt.open', prompt: 'checkIn' });
	for (const phone of phones) await answer(phone, 'checkIn', 4);
	await command({ type: 'prompt.close' });
	await command({ type: 'phase.advance', from: 'opening' });
	const worry = await send(phones[0]!, 'contributions', {
		kind: 'concern',
		text: 'I worry about the playground'
	});
	const themeId = (await command({ type: 'theme.create', title: 'Children and the playground' })).result
		?.themeId as string;
	await command({ type: 'contribution.approve', contributionId: worry.id, themeId });
	await command({ type: 'theme.answer', themeId, note: 'The club keeps two adults with every youth group.' });
	const judgement = 'Roles were named aloud in the circle; they come back as proposals.';
	await command({ type: 'phase.advance', from: 'fearsAndStigma', overrides: { responsibility: judgement } });

	// Proposals: sent, moderated, shortlisted with an owner and what they answer, endorsed.
	const proposal = await send(phones[1]!, 'contributions', {
		kind: 'proposal',
		text: PROPOSAL,
		proposedRole: 'youth coaches'
	});
	const second = await send(phones[2]!, 'contributions', { kind: 'proposal', text: SECOND });
	for (const id of [proposal.id, second.id])
		await command({ type: 'contribution.approve', contributionId: id });
	await command({ type: 'proposal.shortlist', contributionId: proposal.id });
	await command({ type: 'proposal.owner', contributionId: proposal.id, ownerRole: 'Football club board' });
	await command({ type: 'proposal.tie', contributionId: proposal.id, themeId });
	for (const phone of phones) await send(phone, 'endorsements', { contributionId: proposal.id });
	// Two endorse the second proposal: fewer than the minimum group size of 5.
	for (const phone of phones.slice(0, 2)) await send(phone, 'endorsements', { contributionId: second.id });
	await command({ type: 'phase.advance', from: 'proposals' });

	// The agreement: a commitment from the shortlisted proposal and a blank one, read back, consent round.
	await command({
		type: 'agreement.commitment.add',
		proposalId: proposal.id,
		dueOn: '2031-05-01',
		reviewHow: 'At the review meeting'
	});
	await command({
		type: 'agreement.commitment.add',
		action: COFFEE,
		ownerRole: 'Neighbourhood social worker',
		dueOn: '2031-04-01',
		reviewHow: 'The social worker calls the neighbour'
	});
	const phoneView = await ok<{ agreement: { version: number; commitments: { action: string }[] } }>(
		phones[0]!.get(`/api/v1/sessions/${session}`)
	);
	expect(phoneView.agreement.commitments.map((c) => c.action)).toEqual([PROPOSAL, COFFEE]);
	const version = phoneView.agreement.version;
	await command({ type: 'agreement.readBack', version });
	await command({ type: 'consent.open' });
	for (const phone of phones.slice(0, 5))
		await answer(phone, 'consent', 'fullySupport', { draftVersion: version });
	await answer(phones[5]!, 'consent', 'cannotLiveWith', { draftVersion: version });
	await command({ type: 'consent.close' });
	const blocked = await api.post(`/api/v1/sessions/${session}/commands`, {
		data: { type: 'phase.advance', from: 'agreement' }
	});
	expect(blocked.status()).toBe(409);
	expect(await blocked.text()).toContain('agreement.consentBlocked');
	await command({
		type: 'consent.resolve',
		note: 'Talked through: a second coach joins every training.',
		version,
		resolutions: 0
	});
	// May it be shared with the follow-up's partners: the phones are told whom, and all six say yes.
	await command({ type: 'prompt.open', prompt: 'share' });
	const asked = await ok<{ agreement: { sharePartners: string[] } }>(
		phones[0]!.get(`/api/v1/sessions/${session}`)
	);
	expect(asked.agreement.sharePartners).toEqual(['Linden Housing Association', 'FC Linden']);
	for (const phone of phones) await answer(phone, 'share', 'yes');
	await command({ type: 'prompt.close' });
	await command({ type: 'phase.advance', from: 'agreement' });

	// Closing: follow-up date, the planned ritual, and a check-out round that only three phones answer.
	await command({ type: 'closing.followUp', date: '2031-06-15' });
	await command({ type: 'closing.ritualRecorded', note: 'A candle was lit; everyone named one step.' });
	await command({ type: 'checkOut.open' });
	for (const phone of phones.slice(0, 3)) for (const prompt of CHECK_OUT) await answer(phone, prompt, 2);
	await command({ type: 'checkOut.close' });
	const closed = await command({ type: 'phase.advance', from: 'closing' });
	expect(closed.state.phase).toBe('closed');
	const tokens = (await Promise.all(phones.map((p) => p.storageState()))).flatMap((s) =>
		s.cookies.filter((c) => c.name.startsWith('hearth_participant_')).map((c) => c.value)
	);
	expect(tokens).toHaveLength(6);
	await facilitator.context.close();

	// The organiser opens the report.
	const organiser = await staffPage(browser, base, d.organiser);
	const page = organiser.page;
	await page.goto(`/reports/${session}`);
	await expect(page.getByRole('heading', { level: 1, name: /Outcome report: Linden/ })).toBeVisible();
	const codename =
		(await page.getByRole('heading', { level: 1 }).textContent())?.replace('Outcome report: ', '') ?? '';
	await expect(page.getByRole('table', { name: 'Commitments' })).toContainText(COFFEE);
	await expect(page.getByRole('table', { name: 'Commitments' })).toContainText('Football club board');
	await expect(page.getByText(judgement)).toBeVisible();
	await expect(page.getByText('Talked through: a second coach joins every training.')).toBeVisible();
	const shared =
		'The group agreed that this agreement may be shared with: Linden Housing Association, FC Linden.';
	await expect(page.locator('.facts').first()).toContainText(shared);
	// The group's decision is reported with six people all the same; only the spread of answers is hidden.
	await expect(
		page.getByText('Consent reached: someone could not live with the agreement at first', { exact: false })
	).toBeVisible();
	// One date and time format on every page: the report's closing moment reads the same on the follow-up page.
	const closedOn =
		(
			await page
				.locator('.facts dd')
				.nth(await closedFactIndex(page))
				.textContent()
		)?.trim() ?? '';
	expect(closedOn).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s?[AP]M$/);
	// Three check-out answers, the "cannot live with it" of one, two endorsements: never a number.
	const pulses = page.getByRole('table', { name: 'Pulse questions' });
	for (const question of ['I felt safe', 'I would recommend this']) {
		const row = pulses.getByRole('row', { name: new RegExp(question) });
		await expect(row).toContainText('not enough answers');
		expect((await row.textContent())?.replace(/Check-out|1–5/g, '')).not.toMatch(/\d/);
	}
	const consent = page.getByRole('table', { name: 'Answers in the consent round' });
	await expect(consent.getByRole('row', { name: /Cannot live with it/ })).toContainText('not enough answers');
	await expect(consent.getByRole('row', { name: /Answers in total/ })).toContainText('not enough answers');
	// Five beside one hidden: hidden too, since the six answers were on the console while the round was open.
	await expect(consent.getByRole('row', { name: /Fully support/ })).toContainText('not enough answers');
	const support = page.getByRole('table', { name: 'Proposals and support' });
	await expect(support.getByRole('row', { name: new RegExp(SECOND) })).toContainText('not enough answers');
	await expectNoAxeViolations(page);
	await shot(page, 'report');

	// Every export, downloaded from the page and read back.
	const downloads = await downloadEveryExport(page, 'linden');
	const pdf = await pdfText(new Uint8Array(downloads.pdf));
	expect(pdf.flat).toContain(codename);
	expect(pdf.flat).toContain(COFFEE);
	expect(pdf.flat).toContain('Football club board');
	const json = JSON.parse(downloads.json.toString('utf8')) as {
		codename: string;
		agreement: { commitments: { action: string }[] };
		pulses: { checkOut: Record<string, { responses: number | null; mean: number | null }> };
		consent: { responses: number | null; spread: Record<string, number | null> };
	};
	expect(json.codename).toBe(codename);
	expect(json.agreement.commitments.map((c) => c.action)).toEqual([PROPOSAL, COFFEE]);
	expect(Object.values(json.pulses.checkOut)).toEqual(CHECK_OUT.map(() => ({ responses: null, mean: null })));
	expect(json.consent).toMatchObject({
		responses: null,
		spread: { fullySupport: null, cannotLiveWith: null, haveConcerns: 0 }
	});
	const csvText = downloads.csv.toString('utf8').replace(/^\uFEFF/, '');
	expect(csvText.endsWith('\r\n')).toBe(true);
	const csv = csvText
		.trimEnd()
		.split('\r\n')
		.map((line) => line.split(','));
	// Each column holds what its header says; a commitment's proposal has a column of its own.
	expect(csv[0]).toEqual([
		'section',
		'position',
		'text',
		'role',
		'date',
		'detail',
		'status',
		'figure',
		'measure',
		'proposal'
	]);
	expect(csv.filter((r) => r[0] === 'commitment')).toHaveLength(2);
	expect(csv.find((r) => r[0] === 'proposal' && r[2] === SECOND)?.[7]).toBe('not enough answers');
	const md = downloads.md.toString('utf8');
	expect(md).toContain(`# Outcome report: ${codename}`);
	// Exports go outside: each says on its first page (the CSV in its first row) what the group agreed to share.
	expect(md.indexOf(shared)).toBeGreaterThan(0);
	expect(md.indexOf(shared)).toBeLessThan(md.indexOf('\n## '));
	expect(pdf.pages[0]?.replace(/\s+/g, ' ')).toContain(
		'may be shared with: Linden Housing Association, FC Linden'
	);
	expect(csvText.split('\r\n')[1]).toMatch(/^sharing,1,.*,agreed,/);
	for (const [format, text] of [
		['pdf', pdf.text],
		['csv', csvText],
		['json', downloads.json.toString('utf8')],
		['md', md]
	]) {
		for (const secret of [...tokens, ...requestIds])
			expect(text, `${format} holds ${secret}`).not.toContain(secret);
	}

	// The review dashboard, and the follow-up of this dialogue with its tracker.
	await page.goto('/review');
	await expect(page.getByRole('heading', { level: 1, name: 'Review across dialogues' })).toBeVisible();
	await expect(page.getByRole('link', { name: codename })).toBeVisible();
	await expect(page.getByRole('figure', { name: /Pulse: Check-out: I felt safe/ })).toBeVisible();
	await expectNoAxeViolations(page);
	await shot(page, 'dashboard');

	await page.getByRole('link', { name: codename }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Follow-up: ${codename}` })).toBeVisible();
	const coffee = page.locator('.commitment', { hasText: COFFEE });
	await coffee.getByRole('radio', { name: 'Not done' }).check();
	await coffee.getByRole('button', { name: 'Save' }).click();
	await expect(coffee.getByText(/Write in a few words why/)).toBeVisible();
	await expect(coffee.getByRole('radio', { name: 'Not done' })).toBeChecked();
	await coffee
		.getByRole('textbox', { name: 'Note' })
		.fill('The neighbour moved away; the social worker went.');
	await coffee.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	await expect(page.locator('.commitment', { hasText: COFFEE })).toContainText('Now: Not done');
	const club = page.locator('.commitment', { hasText: PROPOSAL });
	await club.getByRole('radio', { name: 'Done', exact: true }).check();
	await club.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('.commitment', { hasText: PROPOSAL })).toContainText('Now: Done');
	await expect(page.getByText(`Agreed in the session closed on ${closedOn}.`)).toBeVisible();
	await expectNoAxeViolations(page);
	await shot(page, 'tracker');
	const [ics] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /calendar file/ }).click()
	]);
	const calendar = (await downloadBody(ics)).toString('utf8');
	expect(calendar).toContain(`UID:review-${session}@hearth\r\n`);
	expect(calendar).toContain('DTSTART;VALUE=DATE:20310615\r\n');

	// Retention with the clock moved past the period: raw data gone, the report intact and still shown.
	const closedAt = Date.now();
	const { stdout } = await run(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/retention.ts',
			'--json',
			'--now',
			new Date(closedAt + 91 * 86_400_000).toISOString()
		],
		{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: process.env.HEARTH_DATABASE_PATH ?? '' } }
	);
	const purged = JSON.parse(stdout) as { purged: { sessionId: string }[] };
	expect(purged.purged.map((p) => p.sessionId)).toContain(session);
	const view = await ok<{ wall: { themes: unknown[] }; proposals: unknown[]; moderationQueue: unknown[] }>(
		page.request.get(`/api/v1/sessions/${session}`)
	);
	expect(view).toMatchObject({ wall: { themes: [] }, proposals: [], moderationQueue: [] });
	await page.goto(`/reports/${session}`);
	await expect(page.getByRole('note')).toContainText('were deleted on');
	await expect(page.getByRole('table', { name: 'Commitments' })).toContainText(COFFEE);
	await expect(page.getByRole('table', { name: 'Proposals and support' })).toContainText(PROPOSAL);
	const after = await page.request.get(`/api/v1/sessions/${session}/outcome?format=json`);
	expect(((await after.json()) as { agreement: unknown }).agreement).toEqual(json.agreement);

	for (const phone of phones) await phone.dispose();
	await organiser.context.close();
});
