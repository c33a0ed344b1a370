/**
 * The phone's first load (issue 14): a new phone opening the join link gets its first screen's styles inside the
 * HTML and asks for no stylesheet; neither the HTML nor anything the phone loads while the meeting is in
 * preparation carries a screen of a later phase (their styles travel in their scripts, which load when their
 * phase comes). It runs on the phone's own build (no SvelteKit client), whose first load is at most 40 KB of
 * compressed JavaScript; the timings are measured by `npm run bench`, not here.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { LAPTOP, PHONE, openLiveSession } from '../support/live';
import { shot } from '../support/shots';

/** The stylesheets SvelteKit would name after a later screen (or what only later screens use). */
const LATER_SCREEN =
	/(Concern|Proposal|Prompt|Consent|CheckOut|Agreement|Read|Rules)Screen|MineList|Commitments|Scale|CountedText|SpeakingCard|RoomHelp/;

/** A meeting in preparation, and a phone in `locale` that has not opened its join link yet. */
async function phoneBeforeItsLink(
	browser: Browser,
	baseURL: string,
	locale: string,
	options: BrowserContextOptions = {}
) {
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const session = await openLiveSession(await staff.newPage(), { codename: 'Rowan' });
	const context = await browser.newContext({ ...PHONE, baseURL, locale, ...options });
	return { staff, session, context, phone: await context.newPage() };
}

/** Every script the phone fetches from now on: its text, and its bytes on the wire (compressed), by address. */
function watchScripts(phone: Page) {
	const texts = new Map<string, Promise<string>>();
	const transferred = new Map<string, Promise<number>>();
	phone.on('response', (response) => {
		const { pathname } = new URL(response.url());
		if (!pathname.endsWith('.js')) return;
		texts.set(pathname, response.text());
		transferred.set(
			pathname,
			response
				.finished()
				.then(() => response.request().sizes())
				.then((sizes) => sizes.responseBodySize)
		);
	});
	return { texts, transferred };
}

/** The scripts the page's HTML names (the phone build's entry and what it preloads), by address. */
function namedScripts(html: string, url: string | undefined): string[] {
	return [...html.matchAll(/<(?:script type="module" src|link rel="modulepreload" href)="([^"]+)"/g)].map(
		(found) => new URL(found[1] ?? '', url).pathname
	);
}

test('a new phone draws its first screen from the HTML and loads no screen of a later phase', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, session, context, phone } = await phoneBeforeItsLink(browser, baseURL, 'en-GB');
	const stylesheets: string[] = [];
	phone.on('response', (response) => {
		const { pathname } = new URL(response.url());
		if (pathname.endsWith('.css')) stylesheets.push(pathname);
	});
	const { texts, transferred } = watchScripts(phone);
	const joins: string[] = [];
	phone.on('request', (request) => {
		if (new URL(request.url()).pathname === '/api/v1/join') joins.push(request.method());
	});
	const page = await phone.goto(`/s/${session.joinCode}`, { waitUntil: 'networkidle' });
	const html = (await page?.text()) ?? '';
	await expect(phone.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
	// It joined once: the page's head sent the join (`src/phone/early-join.ts`), the entry took its answer.
	expect(joins).toEqual(['POST']);

	// The first screen's styles are in the HTML; the browser fetched no stylesheet.
	expect(stylesheets).toEqual([]);
	expect(await phone.locator('head style').count()).toBeGreaterThan(0);
	const continueButton = phone.getByRole('button', { name: 'Continue' });
	expect(await continueButton.evaluate((button) => getComputedStyle(button).minHeight)).toBe('48px');
	// The bar's own styles too (a component's stylesheet can drop out of the page when the bundler regroups it).
	expect(await phone.locator('header.bar').evaluate((bar) => getComputedStyle(bar).display)).toBe('flex');
	// The HTML names no stylesheet of a later screen, not even as an inlined (disabled) one.
	const linked = await phone
		.locator('link[href$=".css"]')
		.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
	expect(linked.filter((href) => LATER_SCREEN.test(href))).toEqual([]);

	// The phone's own build, not SvelteKit's client: its first load is the scripts the server's HTML names (the
	// entry and what it preloads; later screens add preloads of their own), at most 40 KB compressed (issue 14).
	const named = namedScripts(html, page?.url());
	expect(named.length).toBeGreaterThan(0);
	expect([...transferred.keys()].filter((path) => !path.startsWith('/_app/immutable/phone/'))).toEqual([]);
	let firstLoad = 0;
	for (const path of named) {
		const bytes = await transferred.get(path);
		expect(bytes, path).toBeGreaterThan(0);
		firstLoad += bytes ?? 0;
	}
	expect(firstLoad).toBeLessThanOrEqual(40 * 1024);
	// The entry starts with V8's compile hint, so that its functions are compiled as it streams in rather than on
	// the main thread as they are first called (`scripts/vite-phone-build.js`); anywhere but the first line it is
	// an ordinary comment.
	const entry = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
	const entryText = await texts.get(new URL(entry ?? '', page?.url()).pathname);
	expect(entryText?.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
	// Svelte's one Error made as its runtime is evaluated is in a file of its own, which the entry imports and the
	// page's head preloads: made in the entry, an inspector (DevTools, Lighthouse) would parse the whole entry again
	// for its stack's lines.
	expect(entryText).not.toContain('extends Error');
	expect(entryText).toMatch(/from\s*["']\.\/stale-reaction-[\w-]+\.js["']/);
	expect(named.filter((path) => /\/stale-reaction-[\w-]+\.js$/.test(path))).toHaveLength(1);

	// In preparation the phone loads the question screen ahead (the facilitator may open a question) and, while it
	// joins, the worry screen (the fears phase follows the opening), never the screens of the proposals and the
	// agreement: their words are in none of its scripts.
	const bodies = await Promise.all(texts.values());
	expect(bodies.length).toBeGreaterThan(0);
	const later = ['What can you or your group do?', 'Read the agreement', 'Before you go'];
	expect(bodies.filter((body) => later.some((words) => body.includes(words)))).toEqual([]);
	await context.close();
	await staff.close();
});

test('an Arabic phone draws its first screen right to left in Arabic from its first load, and its later screens in Arabic', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	// A phone whose browser is set to Arabic.
	const { staff, session, context, phone } = await phoneBeforeItsLink(browser, baseURL, 'ar');
	const { texts: scripts, transferred } = watchScripts(phone);
	const page = await phone.goto(`/s/${session.joinCode}`, { waitUntil: 'networkidle' });
	const named = namedScripts((await page?.text()) ?? '', page?.url());

	// The live phone has replaced the server's rendering (its language picker answers) and says it in Arabic.
	await expect(phone.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
	expect(await phone.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe('rtl');
	await expect(phone.getByRole('heading', { level: 1, name: 'أهلًا بكم' })).toBeVisible();
	await expect(phone.getByRole('button', { name: 'العربية', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expectNoAxeViolations(phone);
	await phone.setViewportSize({ width: 320, height: 640 });
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await shot(phone, 'phone-ar-welcome-320px', { fullPage: false });
	await phone.setViewportSize(PHONE.viewport);

	// Its first load: the scripts the page names (the entry and the Arabic texts of the first screens), at most
	// 40 KB on the wire (issue 14); no other language's texts were asked for, only Arabic ones.
	let firstLoad = 0;
	for (const path of named) firstLoad += (await transferred.get(path)) ?? Number.NaN;
	expect(firstLoad).toBeLessThanOrEqual(40 * 1024);
	const texts = [...scripts.keys()].filter((path) => /\/(phone|later)-[\w-]+\.js$/.test(path));
	expect(texts.some((path) => named.includes(path))).toBe(true);
	for (const path of texts) expect(await scripts.get(path), path).toMatch(/[\u0600-\u06ff]{3}/);

	// A later screen comes with its Arabic texts.
	await phone.locator('main .btn.primary').first().click();
	await expect(phone.getByRole('heading', { level: 1, name: 'لماذا نحن هنا' })).toBeVisible();
	await expect(phone.getByRole('button', { name: 'قرأت هذا' })).toBeVisible();
	await context.close();
	await staff.close();
});

test('a screen whose script does not arrive says so in plain words and loads again from "Try again"', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, session, context, phone } = await phoneBeforeItsLink(browser, baseURL, 'en-GB');
	// Bad Wi-Fi: the getting-started screens' file (the phone build's `start` group) never arrives.
	let lost = true;
	await phone.route(/\/_app\/immutable\/phone\/start-[^/]+\.js$/, (route) =>
		lost ? route.abort('internetdisconnected') : route.continue()
	);
	await phone.goto(`/s/${session.joinCode}`);
	await phone.getByRole('button', { name: 'Continue' }).click();
	const alert = phone.getByRole('alert');
	await expect(alert).toContainText('This part did not load. Check your connection and try again.');

	// The Wi-Fi is back: "Try again" reloads the page, which remembers where the person was, and the screen arrives.
	lost = false;
	await alert.getByRole('button', { name: 'Try again' }).click();
	await expect(phone.getByRole('button', { name: 'I have read this' })).toBeVisible();
	await expect(phone.getByRole('alert')).toHaveCount(0);
	await context.close();
	await staff.close();
});

/** A request held until `release()`: the phone's entry script on a slow connection, or the join's answer. */
function held(): { release: () => void; wait: Promise<void> } {
	let release = () => {};
	const wait = new Promise<void>((resolve) => (release = resolve));
	return { release, wait };
}

/** Warnings and errors in the page's console (a hydration mismatch is a warning) and uncaught errors. */
function consoleProblems(page: Page): string[] {
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'warning' || message.type() === 'error') problems.push(message.text());
	});
	page.on('pageerror', (error) => problems.push(error.message));
	return problems;
}

test("what a person did before the phone's script arrived stays: the script hydrates the server's page", async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	const staff = await browser.newContext({ ...LAPTOP, baseURL });
	const session = await openLiveSession(await staff.newPage(), { codename: 'Rowan' });

	// Slow 3G: the server's page is on screen while its entry script (and then the join's answer) is on its way.
	// Three phones: one opens the language list, one picks a language in it (without the script, its button would
	// send the choice), one scrolls: the join screen fits a phone held upright; held sideways it scrolls. The one
	// that picks is a phone of its own (its choice is a cookie, which the others would follow).
	const script = held();
	const join = held();
	const contexts = await Promise.all(
		[1, 2].map(() => browser.newContext({ ...PHONE, baseURL, locale: 'en-GB' }))
	);
	for (const context of contexts) {
		await context.route(/\/_app\/immutable\/phone\/main-[^/]+\.js$/, async (route) => {
			await script.wait;
			await route.continue();
		});
	}
	const [context, chooserContext] = contexts as [BrowserContext, BrowserContext];
	// The other phones' joins wait until the test lets them go. The phone that picks a language waits for its
	// join's answer (the participant's cookie) before it loads the page again in its language, so that it stays one
	// participant.
	await context.route('**/api/v1/join', async (route) => {
		await join.wait;
		await route.continue();
	});
	// Its first join is slow (three seconds on the hall's Wi-Fi): the page waits for it all the same.
	let slowJoin = true;
	await chooserContext.route('**/api/v1/join', async (route) => {
		if (slowJoin) {
			slowJoin = false;
			await new Promise((resolve) => setTimeout(resolve, 3_000));
		}
		await route.continue();
	});
	const chooserJoins: number[] = [];
	chooserContext.on('response', (response) => {
		if (new URL(response.url()).pathname === '/api/v1/join') chooserJoins.push(response.status());
	});
	// Every layout shift a page records (none may come from hydrating it).
	await context.addInitScript(() => {
		const shifts: number[] = [];
		const note = (entries: PerformanceEntryList) => {
			for (const entry of entries) shifts.push((entry as unknown as { value: number }).value);
		};
		const observer = new PerformanceObserver((list) => note(list.getEntries()));
		observer.observe({ type: 'layout-shift', buffered: true });
		(window as unknown as { layoutShifts: () => number[] }).layoutShifts = () => {
			note(observer.takeRecords());
			return shifts;
		};
	});
	const phone = await context.newPage();
	const scroller = await context.newPage();
	// A fourth phone only looks: nothing it shows may move when the script takes over.
	const still = await context.newPage();
	const chooser = await chooserContext.newPage();
	await scroller.setViewportSize({ width: 740, height: 200 });
	const problems = [phone, chooser, scroller, still].map(consoleProblems);
	for (const page of [phone, chooser, scroller, still]) {
		// Not "domcontentloaded": a module script is deferred, and the event waits for it.
		await page.goto(`/s/${session.joinCode}`, { waitUntil: 'commit' });
		await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
		// The list's button is for browsers without scripts (`<noscript>`): none here, not even before the script.
		await expect(page.getByRole('button', { name: 'Change language' })).toHaveCount(0);
		await page.evaluate(() => {
			const keep = window as unknown as { serverNodes: Element[] };
			keep.serverNodes = [...document.querySelectorAll('select, main, .skip-link, title')];
		});
	}
	await chooser.getByRole('combobox', { name: 'Language' }).selectOption('Nederlands');
	const select = phone.getByRole('combobox', { name: 'Language' });
	await select.focus();
	await select.click();
	expect(await select.evaluate((element) => element.matches(':open'))).toBe(true);
	const scrolled = await scroller.evaluate(() => {
		window.scrollTo(0, document.documentElement.scrollHeight);
		return window.scrollY;
	});
	expect(scrolled).toBeGreaterThan(0);

	// Each page sent its join from its head, before its entry script (`src/phone/early-join.ts`).
	for (const page of [phone, scroller, still]) {
		expect(await page.evaluate(() => typeof (window as { hearthJoin?: unknown }).hearthJoin)).toBe('object');
	}
	// The script arrives: the page is hydrated, not drawn anew, and nothing in it moves.
	script.release();
	for (const page of [phone, scroller, still]) {
		await expect(page.locator('main')).toBeVisible();
		expect
			.soft(
				await page.evaluate(() => {
					const keep = window as unknown as { serverNodes: Element[] };
					return keep.serverNodes.map((node) => `${node.nodeName} ${node.isConnected}`);
				})
			)
			.toEqual(['TITLE true', 'A true', 'SELECT true', 'MAIN true']);
		// One title in the head, the server's.
		await expect.soft(page.locator('head title')).toHaveCount(1);
	}
	expect
		.soft(await select.evaluate((element) => element === document.activeElement && element.matches(':open')))
		.toBe(true);
	expect.soft(await scroller.evaluate(() => window.scrollY)).toBe(scrolled);
	// Nothing moved on the phone that only looked (its script has hydrated the page and taken the join).
	await still.waitForFunction(() => (window as { hearthJoin?: unknown }).hearthJoin === false);
	await still.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
	);
	expect(
		await still.evaluate(() => (window as unknown as { layoutShifts: () => number[] }).layoutShifts())
	).toEqual([]);
	// The language picked before the script is applied, as its button would have: the page again, in Dutch.
	// (Joined, its welcome asks for the language itself, with Dutch chosen; the bar's list is gone.)
	await expect(chooser.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(chooser.getByRole('heading', { level: 1, name: 'Welkom' })).toBeVisible();
	await expect(chooser.getByRole('button', { name: 'Nederlands', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	// Two pages, two joins: the second with the first one's cookie, so the same participant (the server answers
	// 201 to a new participant, 200 to one that had joined before).
	expect(chooserJoins).toEqual([201, 200]);

	// The list closes from the keyboard, and the phone goes on: it joins and shows its first screen.
	await select.press('Escape');
	join.release();
	await expect(phone.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
	// Joined, the phone that only looks shows the welcome (its bar loses the language list, which the welcome asks
	// itself) and its stream opens: still nothing above the screen moves.
	await expect(still.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
	await expect(still.locator('.banner[data-status="live"]')).toBeAttached();
	await still.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
	);
	expect(
		await still.evaluate(() => (window as unknown as { layoutShifts: () => number[] }).layoutShifts())
	).toEqual([]);
	await expect(phone.locator('head title')).toHaveCount(1);
	await expect(phone).toHaveTitle('Taking part – Hearth');
	await shot(phone, 'phone-welcome-hydrated-360', { fullPage: false });
	expect(problems.flat()).toEqual([]);
	await Promise.all(contexts.map((each) => each.close()));
	await staff.close();
});

test('without JavaScript the phone bar’s language list has its button, and it changes the language', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	const {
		staff,
		session,
		context,
		phone: page
	} = await phoneBeforeItsLink(browser, baseURL, 'en-GB', {
		javaScriptEnabled: false
	});
	await page.goto(`/s/${session.joinCode}`);
	await page.getByRole('combobox', { name: 'Language' }).selectOption('Nederlands');
	await page.getByRole('button', { name: 'Change language' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('combobox', { name: 'Taal' })).toHaveValue('nl');
	await context.close();
	await staff.close();
});

test('a phone whose live connection does not open says "Connecting…" after two seconds, not before', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	if (!baseURL) throw new Error('no baseURL');
	const { staff, session, context, phone } = await phoneBeforeItsLink(browser, baseURL, 'en-GB');
	// The live stream never answers; the join does (the first screen comes with its answer).
	await context.route('**/api/v1/sessions/*/events*', () => undefined);
	await phone.goto(`/s/${session.joinCode}`);
	await expect(phone.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
	const banner = phone.locator('.banner[data-status="connecting"]');
	await expect(banner).toBeAttached();
	expect(await banner.textContent()).toBe('');
	await expect(banner).toHaveText('Connecting…', { timeout: 5_000 });
	await context.close();
	await staff.close();
});
