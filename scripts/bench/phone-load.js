#!/usr/bin/env node
/**
 * The phone on slow 3G (issue 14): a new phone opens the join link and sends its first worry, in Debian's Chromium
 * with Chrome DevTools' throttling — 400 ms latency per request, 400 kbps down and up, the CPU 4× slower — and a
 * phone's screen (360 × 740 CSS px at 2×, touch, mobile). Each run is a fresh browser context (empty cache, no
 * cookies), with no human delays: it goes through welcome, reading and the ground rules as fast as the page lets it,
 * types a worry and sends it. Measured per run, from `page.goto(joinLink)`:
 *   - first contentful paint (the page's own `first-contentful-paint` entry);
 *   - first screen: the welcome screen shown (the page hydrated, joined and holding its event stream), with the
 *     requests started before it, their bytes on the wire (headers included) and the longest chain of requests
 *     each started by the one before (the document, a script it names, a module that one imports, …);
 *   - join → first concern acknowledged: the worry listed as "Waiting for the facilitator" (the server answered
 *     the POST; a worry only saved on the phone reads "Sending…").
 * Reports the median and the worst of the runs, against the budgets (≤ 4 s, FCP ≤ 1.5 s), then runs Lighthouse
 * (mobile) on the same page (lighthouse.js).
 *
 * Run on its own: `node scripts/bench/phone-load.js [--runs 5] [--no-lighthouse] [--timeline] [--trace FILE]
 * [--json]` (the timeline lists each run's requests, when each went and came back, and when each control was found
 * and tapped, by the bench's clock; `--trace` writes the first run's trace of the browser — the page's main thread,
 * its scripts sampled, the network — for DevTools' Performance panel: the trace itself slows that run),
 * or as part of `npm run bench` (`--phone-only` for just this step, `--no-phone` to skip it). Needs the production
 * build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startHearth } from './hearth-server.js';

export const SLOW_3G = {
	latencyMs: 400,
	/** 400 kbps, in bytes per second as DevTools takes it. */
	throughput: (400 * 1024) / 8,
	cpuSlowdown: 4
};
export const BUDGETS = { acknowledgedMs: 4000, fcpMs: 1500 };
const PHONE = {
	viewport: { width: 360, height: 740 },
	deviceScaleFactor: 2,
	isMobile: true,
	hasTouch: true,
	locale: 'en-GB'
};
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WORRY = 'I worry about the walk to school past the park.';

/** The machine's CPU time so far, all cores (Linux /proc/stat): idle and total, in clock ticks; null elsewhere. */
function cpuTicks() {
	try {
		const fields = fs
			.readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		// user nice system idle iowait irq softirq steal: idle and iowait are time nobody wanted the CPU.
		return { idle: fields[3] + fields[4], total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
	} catch {
		return null;
	}
}

/**
 * Waits until the machine is quiet — a second in which at least 85 % of its CPU time went unused — or 45 s have
 * passed. The slowed-down phone shares this machine's cores, so what an earlier step left running (a server still
 * shutting down, its load generators, a checkpoint) would otherwise be measured as the phone's slowness. Returns the
 * idle share of the last second and how long it waited.
 */
async function waitForQuietMachine({ idleShare = 0.85, maxMs = 45_000 } = {}) {
	const started = Date.now();
	for (;;) {
		const before = cpuTicks();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const after = cpuTicks();
		if (!before || !after) return { idle: null, waitedMs: Date.now() - started };
		const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
		if (idle >= idleShare || Date.now() - started >= maxMs) return { idle, waitedMs: Date.now() - started };
	}
}

/** One fresh phone through the throttled first visit; returns its timings and its requests. */
async function onePhone(browser, joinLink, { throttle = true, timeline = null, trace = null } = {}) {
	const context = await browser.newContext(PHONE);
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		const requests = new Map();
		let clock = 0; // Node's time of the last event, to order requests against the screen's moments
		cdp.on('Network.requestWillBeSent', (e) => {
			clock = performance.now();
			// A redirect reuses the id: the chain goes on from the request it replaced.
			const earlier = requests.get(e.requestId);
			requests.set(e.requestId, {
				url: e.request.url,
				initiator: e.initiator,
				redirectedFrom: earlier?.url,
				startedAt: clock,
				bytes: earlier?.bytes ?? 0,
				finished: false
			});
		});
		cdp.on('Network.dataReceived', (e) => {
			const r = requests.get(e.requestId);
			if (r && !r.finished) r.bytes += e.encodedDataLength;
		});
		cdp.on('Network.loadingFinished', (e) => {
			const r = requests.get(e.requestId);
			if (!r) return;
			r.finished = true;
			r.finishedAt = performance.now();
			r.bytes = e.encodedDataLength; // headers and body, as they came over the wire
		});
		await cdp.send('Network.enable');
		if (throttle) {
			await cdp.send('Network.emulateNetworkConditions', {
				offline: false,
				latency: SLOW_3G.latencyMs,
				downloadThroughput: SLOW_3G.throughput,
				uploadThroughput: SLOW_3G.throughput
			});
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_3G.cpuSlowdown });
		}

		// The moments are the page's own (milliseconds since it was asked for, `performance.now()`), written down
		// by the page as they happen: Playwright looks for an element again after 20, 100, 100 and then every
		// 500 ms, which would add up to half a second to each moment it waited for.
		await page.addInitScript(moments);
		const traceTo = throttle ? trace : null;
		const traceEvents = [];
		if (traceTo) {
			// What DevTools' Performance panel records: tasks, scripts sampled, layout and paint, the network.
			cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
			await cdp.send('Tracing.start', {
				categories: [
					'devtools.timeline',
					'disabled-by-default-devtools.timeline',
					'disabled-by-default-v8.cpu_profiler',
					'v8.execute',
					'v8',
					'loading',
					'blink.user_timing'
				].join(','),
				transferMode: 'ReportEvents'
			});
		}
		await page.goto(joinLink, { waitUntil: 'commit' });
		// The page's clock against the bench's: the page's time was read somewhere within the round trip.
		const asked = performance.now();
		const pageNow = await page.evaluate(() => performance.now());
		const t0 = (asked + performance.now()) / 2 - pageNow;
		await shown(page, 'welcome');
		const welcomeAt = await page.evaluate(() => window.__hearthMoments.welcome);
		const firstScreen = requestsBefore(requests, t0 + welcomeAt);
		// Each control is waited for on every frame, then tapped: no human delays, and none added.
		/** When each control was looked for, found and pressed, by the bench's clock (for the timeline). */
		const steps = [];
		const step = async (label, action) => {
			const from = performance.now();
			const found = await action();
			steps.push({ label, from, found, done: performance.now() });
		};
		await step('Continue', () => press(page, 'button', 'Continue'));
		await step('I have read this', () => press(page, 'button', 'I have read this'));
		await step('I agree', () => press(page, 'button', 'I agree'));
		await step('the worry field', () => press(page, 'textarea', null));
		await step('type the worry', async () => {
			// Into the field the tap focused, as a phone's keyboard commits a word (Playwright's `fill()` does the
			// same after its own checks).
			await page.keyboard.insertText(WORRY);
			return performance.now();
		});
		await step('Send anonymously', () => press(page, 'button', 'Send anonymously'));
		// Acknowledged: the server answered the POST and the phone lists the worry as waiting for moderation.
		await shown(page, 'acknowledged');
		const acknowledgedAt = await page.evaluate(() => window.__hearthMoments.acknowledged);
		if (traceTo) {
			const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
			await cdp.send('Tracing.end');
			await done;
			fs.writeFileSync(traceTo, JSON.stringify({ traceEvents }));
			if (timeline) timeline(`    trace written to ${traceTo}`);
		}
		if (timeline) {
			// When each request went and came back, on the page's clock, to see what a moment waited for.
			const at = (ms) => (ms === undefined ? '…' : String(Math.round(ms - t0))).padStart(6);
			for (const r of requests.values()) {
				timeline(`    ${at(r.startedAt)} → ${at(r.finishedAt)} ms  ${r.bytes} B  ${new URL(r.url).pathname}`);
			}
			for (const { label, from, found, done } of steps) {
				timeline(`    ${at(from)} → ${at(found)} found → ${at(done)} pressed  ${label}`);
			}
			timeline(
				`    welcome at ${Math.round(welcomeAt)} ms, acknowledged at ${Math.round(acknowledgedAt)} ms`
			);
		}
		// To look at what the step waited for: HEARTH_SHOTS_DIR=/tmp/shots keeps the phone's screen at that moment.
		if (process.env.HEARTH_SHOTS_DIR) {
			await page.screenshot({
				fullPage: true,
				path: path.join(
					process.env.HEARTH_SHOTS_DIR,
					`phone-slow3g-acknowledged${throttle ? '' : '-warm-up'}.png`
				)
			});
		}
		const fcp = await page.evaluate(
			() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null
		);
		return {
			acknowledgedMs: acknowledgedAt,
			firstScreenMs: welcomeAt,
			fcpMs: fcp,
			firstScreen,
			requestsTotal: requests.size
		};
	} finally {
		await context.close();
	}
}

/**
 * Runs in the page before its own scripts: notes, by the page's clock, when the welcome screen is first shown and
 * when the worry is first listed as waiting for the facilitator (checked after every change to the page).
 */
function moments() {
	const seen = (window.__hearthMoments = {});
	const check = () => {
		if (seen.welcome === undefined) {
			const heading = [...document.querySelectorAll('h1')].find((h) => h.textContent.trim() === 'Welcome');
			if (heading) seen.welcome = performance.now();
		}
		if (seen.acknowledged === undefined && document.querySelector('li[data-status="waiting"]')) {
			seen.acknowledged = performance.now();
		}
	};
	new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

/** Waits, checking on every frame, until the page has noted `moment`. */
function shown(page, moment) {
	return page.waitForFunction((name) => window.__hearthMoments?.[name] !== undefined, moment, {
		polling: 'raf',
		timeout: 60_000
	});
}

/**
 * Waits, checking on every frame, for an enabled control on screen (a button by its text, or the first text
 * field), then taps its middle with the phone's touchscreen, as a finger does. Returns when it was found. The tap
 * goes through the browser's own input (touch, then the click the browser makes of it); Playwright's `click()`
 * would first run its checks of visibility and stability in the page, a script of its own that costs the slowed
 * CPU about 0.1 s on each new screen and that no real phone runs. That the tap lands on the control is checked
 * (a control under another would throw), and every next step waits for what only the tap can bring.
 */
async function press(page, tag, text) {
	const handle = await page.waitForFunction(
		([tag, text]) =>
			[...document.querySelectorAll(tag)].find(
				(el) =>
					!el.disabled && (text === null || el.textContent.trim() === text) && el.getClientRects().length > 0
			) ?? null,
		[tag, text],
		{ polling: 'raf', timeout: 60_000 }
	);
	const found = performance.now();
	const at = await handle.evaluate((el) => {
		el.scrollIntoView({ block: 'nearest' });
		const box = el.getBoundingClientRect();
		const x = box.left + box.width / 2;
		const y = box.top + box.height / 2;
		const hit = document.elementFromPoint(x, y);
		return { x, y, onTarget: hit !== null && (hit === el || el.contains(hit)) };
	});
	await handle.dispose();
	if (!at.onTarget) throw new Error(`phone step: something covers the ${text ?? tag} the bench would tap`);
	await page.touchscreen.tap(at.x, at.y);
	return found;
}

/** The requests started before `moment`: how many, their bytes, and the longest chain of initiators. */
function requestsBefore(requests, moment) {
	const before = [...requests.values()].filter((r) => r.startedAt <= moment);
	const byUrl = new Map(before.map((r) => [r.url, r]));
	const depthMemo = new Map();
	const documentUrl = before[0]?.url;
	const parentOf = (r) => {
		if (r.redirectedFrom) return r.redirectedFrom;
		const i = r.initiator ?? {};
		if (i.url) return i.url;
		let stack = i.stack;
		while (stack) {
			const frame = stack.callFrames?.find((f) => f.url);
			if (frame) return frame.url;
			stack = stack.parent;
		}
		// Named by no element or script: a hint of the document's `Link` header, or the page itself.
		return r.url === documentUrl ? null : documentUrl;
	};
	const depth = (r, seen = new Set()) => {
		if (depthMemo.has(r.url)) return depthMemo.get(r.url);
		seen.add(r.url);
		const parent = byUrl.get(parentOf(r) ?? '');
		const d = parent && !seen.has(parent.url) ? depth(parent, seen) + 1 : 1;
		depthMemo.set(r.url, d);
		return d;
	};
	let longest = [];
	for (const r of before) {
		if (depth(r) > longest.length) {
			const chain = [];
			for (let at = r; at; at = byUrl.get(parentOf(at) ?? '')) {
				if (chain.includes(at.url)) break;
				chain.unshift(at.url);
			}
			longest = chain;
		}
	}
	return {
		requests: before.length,
		bytes: before.reduce((n, r) => n + r.bytes, 0),
		depth: longest.length,
		chain: longest.map((u) => new URL(u).pathname)
	};
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const worst = (xs) => Math.max(...xs);

/**
 * The whole step: a server with a fresh demo database in fears and stigma, a warm-up visit without throttling
 * (the server's first render is not what a hall's phones meet), `runs` throttled phones, then Lighthouse.
 */
export async function runPhoneStep({
	runs = 5,
	lighthouse = true,
	timeline = false,
	trace = null,
	log = console.log
} = {}) {
	const hearth = await startHearth();
	const browser = await chromium.launch({ executablePath: CHROMIUM });
	try {
		await hearth.advanceTo('fearsAndStigma');
		const joinLink = hearth.demo.phoneUrl;
		log(
			`The phone on slow 3G — ${SLOW_3G.latencyMs} ms latency, 400 kbps, CPU ${SLOW_3G.cpuSlowdown}× slower, 360×740 at 2×, ${runs} fresh phones (Chromium ${browser.version()})`
		);
		await onePhone(browser, joinLink, { throttle: false });
		const quiet = await waitForQuietMachine();
		const loadBefore = os.loadavg()[0];
		const results = [];
		for (let i = 0; i < runs; i++) {
			results.push(
				await onePhone(browser, joinLink, {
					timeline: timeline ? log : null,
					trace: trace && i === 0 ? trace : null
				})
			);
		}
		// The 4× slower CPU is 4× this machine's: other work on it slows the phone further.
		const load = { before: loadBefore, after: os.loadavg()[0], cores: os.cpus().length, quiet };
		const pick = (f) => results.map(f).filter((x) => typeof x === 'number');
		const summary = {
			runs,
			acknowledged: {
				median: median(pick((r) => r.acknowledgedMs)),
				worst: worst(pick((r) => r.acknowledgedMs))
			},
			fcp: { median: median(pick((r) => r.fcpMs)), worst: worst(pick((r) => r.fcpMs)) },
			firstScreen: {
				median: median(pick((r) => r.firstScreenMs)),
				worst: worst(pick((r) => r.firstScreenMs))
			},
			firstScreenRequests: median(pick((r) => r.firstScreen.requests)),
			firstScreenKb: median(pick((r) => r.firstScreen.bytes)) / 1024,
			criticalPathDepth: median(pick((r) => r.firstScreen.depth)),
			longestChain: results.at(-1)?.firstScreen.chain ?? [],
			load,
			results
		};
		const ms = (n) => `${Math.round(n)} ms`.padStart(8);
		log(
			`  join → first concern acknowledged   median ${ms(summary.acknowledged.median)}   worst ${ms(summary.acknowledged.worst)}`
		);
		log(
			`  first contentful paint              median ${ms(summary.fcp.median)}   worst ${ms(summary.fcp.worst)}`
		);
		log(
			`  first screen (welcome) shown        median ${ms(summary.firstScreen.median)}   worst ${ms(summary.firstScreen.worst)}`
		);
		log(
			`  before the first screen             ${summary.firstScreenRequests} requests, ${summary.firstScreenKb.toFixed(1)} KB on the wire, longest chain ${summary.criticalPathDepth} requests`
		);
		log(`  longest chain                       ${summary.longestChain.join(' → ')}`);
		log(
			`  machine load (1 min)                ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cores} cores${Math.max(load.before, load.after) > load.cores ? ' — busy: the times are longer than on an idle machine' : ''}`
		);
		if (quiet.idle !== null)
			log(
				`  CPU unused when the runs began      ${Math.round(quiet.idle * 100)} % (waited ${(quiet.waitedMs / 1000).toFixed(0)} s for at least 85 %${quiet.idle < 0.85 ? ', in vain: the times are longer than on a quiet machine' : ''})`
			);
		const lines = [
			{
				ok: summary.acknowledged.worst <= BUDGETS.acknowledgedMs,
				text: `join → first concern acknowledged ≤ ${BUDGETS.acknowledgedMs / 1000} s (worst ${(summary.acknowledged.worst / 1000).toFixed(1)} s)`
			},
			{
				ok: summary.fcp.worst <= BUDGETS.fcpMs,
				text: `first contentful paint ≤ ${BUDGETS.fcpMs / 1000} s (worst ${(summary.fcp.worst / 1000).toFixed(2)} s)`
			}
		];
		log('');
		for (const line of lines) log(`  ${line.ok ? 'met    ' : 'MISSED '} ${line.text}`);
		log('');
		const report = { slow3g: summary, budgets: lines };
		if (lighthouse) {
			const { runLighthouse } = await import('./lighthouse.js');
			await waitForQuietMachine();
			report.lighthouse = await runLighthouse(joinLink, { log });
			lines.push(...report.lighthouse.budgets);
		}
		report.budgetMet = lines.every((l) => l.ok);
		return report;
	} finally {
		await browser.close();
		await hearth.close();
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const runsAt = args.indexOf('--runs');
	const traceAt = args.indexOf('--trace');
	const json = args.includes('--json');
	const report = await runPhoneStep({
		runs: runsAt >= 0 ? Number(args[runsAt + 1]) : 5,
		lighthouse: !args.includes('--no-lighthouse'),
		timeline: args.includes('--timeline'),
		trace: traceAt >= 0 ? path.resolve(args[traceAt + 1]) : null,
		log: json ? () => {} : console.log
	});
	if (json) console.log(JSON.stringify(report, null, 2));
}
