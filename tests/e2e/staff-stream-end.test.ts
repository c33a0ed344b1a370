/**
 * Signing out ends the console's live stream in a real browser: Chromium's EventSource is closed by the server,
 * its reconnect is refused, and a pending contribution sent afterwards never reaches the signed-out browser.
 */
import { randomUUID } from 'node:crypto';
import { openLiveSession } from '../support/live';
import { expect, test } from '../support/fixtures';

const REASONS = { respect: 'Agreed in the room', relationship: 'Done on paper', responsibility: 'Checked' };

interface Watch {
	texts: string[];
	state: number;
}

test('signing out closes the open event stream in the browser; nothing pending arrives after', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const session = await openLiveSession(page);
	for (let i = 0; i < 2; i++) {
		const advanced = await page.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data: { type: 'phase.advance', from: i === 0 ? 'preparation' : 'opening', overrides: REASONS }
		});
		expect(advanced.status(), await advanced.text()).toBe(200);
	}

	// The browser's own EventSource on the staff stream, recording the pending contributions it receives.
	await page.goto('/dialogues');
	await page.evaluate((sessionId) => {
		const w = window as unknown as { watch: Watch; source: EventSource };
		w.watch = { texts: [], state: 0 };
		const source = new EventSource(`/api/v1/sessions/${sessionId}/events`);
		w.source = source;
		const update = () => (w.watch.state = source.readyState);
		source.onopen = update;
		source.onerror = update;
		source.onmessage = (event) => {
			const message = JSON.parse(event.data as string) as { type: string; data?: { text?: string } };
			if (message.type === 'contribution.submitted') w.watch.texts.push(message.data?.text ?? '');
			update();
		};
	}, session.sessionId);
	const watch = () => page.evaluate(() => (window as unknown as { watch: Watch }).watch);
	await expect.poll(async () => (await watch()).state).toBe(1);

	const joined = await fetch(`${baseURL}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: session.joinCode })
	});
	expect(joined.status).toBe(201);
	const phone = joined.headers
		.getSetCookie()
		.find((c) => c.startsWith('hearth_participant_'))
		?.split(';')[0];
	const submit = async (text: string) => {
		const res = await fetch(`${baseURL}/api/v1/sessions/${session.sessionId}/contributions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: phone ?? '' },
			body: JSON.stringify({ kind: 'concern', text, clientRequestId: randomUUID() })
		});
		expect(res.status).toBe(201);
	};
	await submit('Before signing out');
	await expect.poll(async () => (await watch()).texts).toEqual(['Before signing out']);

	// Sign out in another tab of the same browser.
	const other = await page.context().newPage();
	await other.goto('/logout');
	await other.getByRole('button', { name: 'Sign out' }).click();
	await expect(other).toHaveURL(/\/login$/);

	// The stream ends within seconds and the reconnect is refused: EventSource gives up (CLOSED).
	await expect.poll(async () => (await watch()).state, { timeout: 10_000 }).toBe(2);
	await submit('After signing out');
	await page.waitForTimeout(1000);
	expect((await watch()).texts).toEqual(['Before signing out']);
});
