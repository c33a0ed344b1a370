/**
 * Issue 9.1 in a real browser: a phone that loses its connection while a facilitator approves and then redacts
 * a neighbour's concern (a name and a street in it) comes back, replays what it missed, and never renders nor
 * even receives the removed words: only the redacted text reaches it.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../support/fixtures';
import {
	advanceFromConsole,
	getStarted,
	LAPTOP,
	openConsole,
	openLiveSession,
	openPhone,
	startFromConsole
} from '../support/live';

const REMOVED = 'Jan de Vries';
const ORIGINAL = `${REMOVED} from the Kerkstraat frightens me`;
const REDACTED = '[a neighbour] frightens me';

declare global {
	interface Window {
		/** Every message the page's event streams received (see the init script). */
		hearthFrames?: string[];
		/** Whether the removed words were ever in the page. */
		hearthSawRemoved?: boolean;
		/** Drops the page's open streams as a lost connection does (the app then reconnects by itself). */
		hearthCut?: () => void;
	}
}

test('a phone reconnecting after a redaction never renders or receives the removed text', async ({
	browser,
	baseURL,
	playwright
}) => {
	test.setTimeout(120_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const consolePage = await staff.newPage();
	const session = await openLiveSession(consolePage, { codename: 'Willow' });
	await openConsole(consolePage, session);
	await startFromConsole(consolePage);
	const command = async (data: Record<string, unknown>) => {
		const response = await consolePage.request.post(`/api/v1/sessions/${session.sessionId}/commands`, {
			data
		});
		expect(response.status(), await response.text()).toBe(200);
	};

	const { context, page: phone } = await openPhone(browser, baseURL, session);
	// Records what the phone's streams receive and whether the removed words ever enter its page.
	await phone.addInitScript((removed: string) => {
		window.hearthFrames = [];
		window.hearthSawRemoved = false;
		const Native = window.EventSource;
		const open: EventSource[] = [];
		window.EventSource = class extends Native {
			constructor(url: string | URL, init?: EventSourceInit) {
				super(url, init);
				open.push(this);
				this.addEventListener('message', (event) => window.hearthFrames?.push(String(event.data)));
			}
		};
		// Chromium's offline mode leaves an open stream open: cut it the way a dropped Wi-Fi does.
		window.hearthCut = () => {
			for (const source of open.splice(0)) {
				source.close();
				source.dispatchEvent(new Event('error'));
			}
		};
		const check = () => {
			if (document.body?.textContent?.includes(removed)) window.hearthSawRemoved = true;
		};
		new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
	}, REMOVED);
	await phone.reload();
	await getStarted(phone);
	await advanceFromConsole(consolePage, 'Worries and fears');
	await expect(phone.getByRole('heading', { name: 'Share a worry' })).toBeVisible();

	// Another neighbour sends a concern with a name and a street in it.
	const neighbour = await playwright.request.newContext({ baseURL });
	expect((await neighbour.post('/api/v1/join', { data: { code: session.joinCode } })).status()).toBe(201);
	const sent = await neighbour.post(`/api/v1/sessions/${session.sessionId}/contributions`, {
		data: { kind: 'concern', text: ORIGINAL, clientRequestId: randomUUID() }
	});
	expect(sent.status()).toBe(201);
	const { id } = (await sent.json()) as { id: string };

	// The phone's Wi-Fi drops; meanwhile the concern is approved, and then its name and street are taken out.
	await context.setOffline(true);
	await phone.evaluate(() => window.hearthCut?.());
	await expect(phone.getByText('No connection right now. We keep trying.')).toBeVisible();
	await command({ type: 'contribution.approve', contributionId: id });
	await command({ type: 'contribution.redact', contributionId: id, text: REDACTED, note: 'A name' });
	await context.setOffline(false);

	await phone.getByText(/What others shared/).click();
	await expect(phone.getByText(REDACTED)).toBeVisible();
	// The phone reconnected from an id before the approval; give any replayed frame time to arrive.
	await expect
		.poll(() => phone.evaluate(() => window.hearthFrames?.some((f) => f.includes('contribution.approved'))))
		.toBe(true);
	const frames = await phone.evaluate(() => window.hearthFrames ?? []);
	expect(frames.filter((f) => f.includes(REMOVED))).toEqual([]);
	expect(await phone.evaluate(() => window.hearthSawRemoved)).toBe(false);
	await expect(phone.getByText(REMOVED)).toHaveCount(0);
	await neighbour.dispose();
});
