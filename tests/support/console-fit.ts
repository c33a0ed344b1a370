/**
 * Whether the facilitator's console fits a laptop's width: nothing sticks out past the right (or left) edge and the
 * page never scrolls sideways. Used by the console journeys in every phase they visit, at 1366 and 1280 px.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The laptop widths the console must fit (the height does not matter here). */
export const CONSOLE_WIDTHS = [1366, 1280] as const;

/**
 * The width of a classic scrollbar (Windows draws 17 px). The headless browser draws none (Playwright starts it
 * with `--hide-scrollbars`), yet on a laptop the page's scrollbar takes this much of the width while `100vw`
 * still counts it. A margin on `<html>` takes the same width from the page, so a layout that counts on `100vw`
 * being the room it has sticks out here as it does on the laptop.
 */
const SCROLLBAR = 17;

/**
 * At each laptop width: `document.scrollingElement.scrollWidth <= clientWidth`, and no rendered element's box lies
 * past the viewport's right edge (or before its left one); then the same with a scrollbar's width taken from the
 * page; and the console keeps a margin of at least 12 px on both sides. The viewport is put back afterwards.
 */
export async function expectConsoleFits(page: Page, phase: string): Promise<void> {
	const before = page.viewportSize();
	const found: string[] = [];
	for (const width of CONSOLE_WIDTHS) {
		await page.setViewportSize({ width, height: before?.height ?? 768 });
		for (const scrollbar of [0, SCROLLBAR]) {
			const measured = await page.evaluate(async (scrollbar) => {
				const root = document.documentElement;
				root.style.marginInlineEnd = scrollbar ? `${scrollbar}px` : '';
				// Two frames: the layout settles after the resize and the margin.
				await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
				const scrolling = document.scrollingElement ?? root;
				const edge = scrolling.clientWidth - scrollbar;
				const out = [...document.querySelectorAll('body *')]
					.filter((el) => {
						const box = el.getBoundingClientRect();
						if (box.width === 0 && box.height === 0) return false;
						return box.right > edge + 0.5 || box.left < -0.5;
					})
					.slice(0, 6)
					.map((el) => {
						const box = el.getBoundingClientRect();
						const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
						return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${text}" ${Math.round(box.left)}–${Math.round(box.right)}`;
					});
				// The console keeps a margin on both sides (the layout's 1rem): nothing sits flush with the edge.
				const frame = document.querySelector('.console')?.getBoundingClientRect();
				if (frame && (frame.left < 12 || frame.right > edge - 12)) {
					out.push(`.console ${Math.round(frame.left)}–${Math.round(frame.right)} leaves no margin`);
				}
				const sizes = { scrollWidth: scrolling.scrollWidth, clientWidth: scrolling.clientWidth, out };
				root.style.marginInlineEnd = '';
				return sizes;
			}, scrollbar);
			if (measured.scrollWidth > measured.clientWidth || measured.out.length > 0) {
				found.push(
					`${phase} at ${width} px${scrollbar ? ` with a ${scrollbar} px scrollbar` : ''}: ` +
						`scrollWidth ${measured.scrollWidth}, clientWidth ${measured.clientWidth}; ` +
						`past the edge: ${measured.out.join(', ') || 'none'}`
				);
			}
		}
	}
	if (before) await page.setViewportSize(before);
	expect(found, found.join('\n')).toEqual([]);
}

/**
 * Every open fold of the console shows its panel's name once (the summary, not the summary and the panel's heading
 * again), and the panel's heading is still there for a screen reader: a level-2 heading naming its section.
 */
export async function expectFoldsNamedOnce(page: Page): Promise<void> {
	const folds = await page.locator('details[data-fold][open]').evaluateAll((open) =>
		open.map((fold) => {
			const name = fold.querySelector('summary')?.textContent?.trim() ?? '';
			const seen = [...fold.querySelectorAll('summary, h2, h3')].filter((el) => {
				const box = el.getBoundingClientRect();
				return el.textContent?.trim() === name && box.width > 2 && box.height > 2;
			}).length;
			return { name, seen };
		})
	);
	expect(folds.length, 'no open fold on the console').toBeGreaterThan(0);
	for (const { name, seen } of folds) {
		expect(seen, `"${name}" shown ${seen} times in its open fold`).toBe(1);
		await expect(page.getByRole('heading', { level: 2, name, exact: true })).toHaveCount(1);
		await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
	}
}
