/**
 * Lighthouse (mobile) on the phone page (issue 14), run from `npm run bench` by phone-load.js on the same server.
 * Lighthouse 12's default configuration is the mobile one: a Moto G Power sized screen, simulated slow 4G
 * (150 ms, 1.6 Mbps) and a 4× slower CPU. It drives Debian's Chromium through chrome-launcher (never a browser of
 * its own). Budgets: performance ≥ 98, accessibility 100, best practices 100; below one, the audits that cost it
 * points are printed, and for performance what Lighthouse estimates would save the most.
 *
 * The navigation audits the screen a phone opens on (welcome). A snapshot audits the screen people type on: the
 * phone goes through welcome, reading and the ground rules, sends a worry, and Lighthouse checks accessibility and
 * best practices of what is on screen then (the form, the worry waiting for moderation). Same budgets: 100.
 */
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { snapshot } from 'lighthouse';
import puppeteer from 'puppeteer-core';

export const LIGHTHOUSE_BUDGETS = { performance: 98, accessibility: 100, 'best-practices': 100 };
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/** Lighthouse's report of `url` (a fresh Chromium each time, so nothing is cached). */
export async function lighthouseReport(url) {
	const chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM,
		chromeFlags: FLAGS,
		logLevel: 'silent'
	});
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: Object.keys(LIGHTHOUSE_BUDGETS)
		});
		if (!result) throw new Error('Lighthouse returned no result');
		return result.lhr;
	} finally {
		await chrome.kill();
	}
}

/** Lighthouse's snapshot of the worry screen of a phone that has just sent one (accessibility, best practices). */
export async function concernScreenReport(url) {
	const chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM,
		chromeFlags: FLAGS,
		logLevel: 'silent'
	});
	const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 360, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
		await page.goto(url);
		const button = (name) => page.locator(`::-p-aria([name="${name}"][role="button"])`);
		await button('Continue').click();
		await button('I have read this').click();
		await button('I agree').click();
		await page.locator('::-p-aria([name="Your worry"][role="textbox"])').fill('I worry about the bus stop.');
		await button('Send anonymously').click();
		await page.waitForSelector('li[data-status="waiting"]');
		const result = await snapshot(page, {
			flags: {
				logLevel: 'error',
				onlyCategories: ['accessibility', 'best-practices'],
				screenEmulation: { mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false }
			}
		});
		if (!result) throw new Error('Lighthouse returned no snapshot');
		return result.lhr;
	} finally {
		await browser.disconnect();
		await chrome.kill();
	}
}

/** The audits of a category that did not get full marks (those that score at all). */
export function failingAudits(lhr, categoryId) {
	return lhr.categories[categoryId].auditRefs
		.map((ref) => ({ ...lhr.audits[ref.id], weight: ref.weight }))
		.filter(
			(a) =>
				a.score !== null &&
				a.score < 1 &&
				!['notApplicable', 'informative', 'manual'].includes(a.scoreDisplayMode)
		)
		.sort((a, b) => b.weight - a.weight);
}

/**
 * What costs the performance score the most: the points each metric loses (its weight × what it misses), the
 * opportunities Lighthouse estimates would save time, and the scripts that keep the main thread busiest.
 */
export function costliest(lhr) {
	const metrics = lhr.categories.performance.auditRefs
		.filter((ref) => ref.weight > 0)
		.map((ref) => {
			const a = lhr.audits[ref.id];
			return {
				id: a.id,
				title: a.title,
				displayValue: a.displayValue ?? null,
				pointsLost: ref.weight * (1 - (a.score ?? 1))
			};
		})
		.filter((m) => m.pointsLost >= 0.5)
		.sort((a, b) => b.pointsLost - a.pointsLost);
	const opportunities = Object.values(lhr.audits)
		.filter((a) => a.details?.type === 'opportunity' && (a.details.overallSavingsMs ?? 0) > 0)
		.map((a) => ({
			id: a.id,
			title: a.title,
			savingsMs: a.details.overallSavingsMs,
			displayValue: a.displayValue ?? null
		}))
		.sort((a, b) => b.savingsMs - a.savingsMs);
	const scripts = (lhr.audits['bootup-time']?.details?.items ?? [])
		.map((i) => ({ url: i.url, cpuMs: i.total }))
		.sort((a, b) => b.cpuMs - a.cpuMs)
		.slice(0, 3);
	return { metrics, opportunities, scripts };
}

/** `HEARTH_LIGHTHOUSE_REPORT=file.json` keeps Lighthouse's whole report (open it in Lighthouse's viewer). */
export async function runLighthouse(url, { log = console.log } = {}) {
	const lhr = await lighthouseReport(url);
	if (process.env.HEARTH_LIGHTHOUSE_REPORT) {
		fs.writeFileSync(process.env.HEARTH_LIGHTHOUSE_REPORT, JSON.stringify(lhr, null, '\t'));
	}
	const scores = Object.fromEntries(
		Object.keys(LIGHTHOUSE_BUDGETS).map((id) => [id, Math.round((lhr.categories[id].score ?? 0) * 100)])
	);
	const metric = (id) => lhr.audits[id]?.displayValue ?? 'n/a';
	log(`Lighthouse ${lhr.lighthouseVersion} (mobile) on ${new URL(url).pathname}`);
	log(
		`  performance ${scores.performance}, accessibility ${scores.accessibility}, best practices ${scores['best-practices']}`
	);
	log(
		`  FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, Speed Index ${metric('speed-index')}`
	);
	const budgets = [];
	const failing = {};
	for (const [id, min] of Object.entries(LIGHTHOUSE_BUDGETS)) {
		const ok = scores[id] >= min;
		budgets.push({
			ok,
			text: `Lighthouse ${lhr.categories[id].title.toLowerCase()} ${min === 100 ? '100' : `≥ ${min}`} (${scores[id]})`
		});
		if (ok) continue;
		failing[id] = failingAudits(lhr, id).map((a) => ({
			id: a.id,
			title: a.title,
			score: a.score,
			displayValue: a.displayValue ?? null
		}));
	}
	const costs = costliest(lhr);
	const concern = await concernScreenReport(url);
	log(
		`  the worry screen (snapshot after sending one): accessibility ${Math.round((concern.categories.accessibility.score ?? 0) * 100)}, best practices ${Math.round((concern.categories['best-practices'].score ?? 0) * 100)}`
	);
	for (const id of ['accessibility', 'best-practices']) {
		const score = Math.round((concern.categories[id].score ?? 0) * 100);
		budgets.push({
			ok: score === 100,
			text: `Lighthouse ${concern.categories[id].title.toLowerCase()} 100 on the worry screen (${score})`
		});
		if (score === 100) continue;
		failing[`${id} (worry screen)`] = failingAudits(concern, id).map((a) => ({
			id: a.id,
			title: a.title,
			score: a.score,
			displayValue: a.displayValue ?? null
		}));
	}
	log('');
	for (const line of budgets) log(`  ${line.ok ? 'met    ' : 'MISSED '} ${line.text}`);
	for (const [id, audits] of Object.entries(failing)) {
		log(
			`  ${lhr.categories[id.split(' ')[0]].title}${id.includes(' ') ? ' on the worry screen' : ''} below budget because of:`
		);
		for (const a of audits) log(`    - ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''} [${a.id}]`);
	}
	log('  What costs the performance score the most:');
	for (const m of costs.metrics) log(`    - ${m.title} ${m.displayValue}: ${m.pointsLost.toFixed(1)} points`);
	for (const o of costs.opportunities)
		log(
			`    - ${o.title}: about ${Math.round(o.savingsMs)} ms${o.displayValue ? ` (${o.displayValue})` : ''}`
		);
	const path = (url) => (/^https?:/.test(url) ? new URL(url).pathname : url);
	log(
		`    - busiest scripts (CPU, slowed 4×): ${costs.scripts.map((s) => `${path(s.url)} ${Math.round(s.cpuMs)} ms`).join(', ')}`
	);
	log(
		`  (Lighthouse's CPU benchmark index of this machine during the run: ${Math.round(lhr.environment.benchmarkIndex)})`
	);
	log('');
	return {
		version: lhr.lighthouseVersion,
		benchmarkIndex: lhr.environment.benchmarkIndex,
		scores,
		failing,
		costliest: costs,
		budgets
	};
}
