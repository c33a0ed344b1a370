/**
 * Whether the projector's wall fits its screen: used by the projector tests at every size and in every language.
 */
import type { Page } from '@playwright/test';

/**
 * Every element with text of its own on the projector: its box lies inside the viewport, and the element found at
 * its centre is itself or inside it (nothing covers it). Returns what was wrong, to show in the failure.
 */
export async function misplacedTexts(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const width = window.innerWidth;
		const height = window.innerHeight;
		const root = document.querySelector('.projector');
		if (!root) return ['no projector'];
		for (const el of root.querySelectorAll<HTMLElement>('*')) {
			const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
			// Words for a screen reader only (a chart's numbers in words) are not on the wall to be seen.
			if (!ownText || el.closest('.visually-hidden')) continue;
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			const label = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
			if (r.left < -1 || r.top < -1 || r.right > width + 1 || r.bottom > height + 1) {
				problems.push(`outside the screen: ${label} ${JSON.stringify([r.left, r.top, r.right, r.bottom])}`);
				continue;
			}
			// Cut off by a box it sits in (a card, a column, the wall)?
			let clipped: Element | null = null;
			for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
				const overflow = getComputedStyle(up);
				if (overflow.overflowX === 'visible' && overflow.overflowY === 'visible') continue;
				const box = up.getBoundingClientRect();
				if (
					r.left < box.left - 1 ||
					r.top < box.top - 1 ||
					r.right > box.right + 1 ||
					r.bottom > box.bottom + 1
				) {
					clipped = up;
					break;
				}
			}
			if (clipped) {
				problems.push(`cut off: ${label} by ${clipped.tagName.toLowerCase()}.${clipped.className}`);
				continue;
			}
			const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
			if (!hit || !(el === hit || el.contains(hit))) {
				problems.push(`covered: ${label} by ${hit?.tagName.toLowerCase()}.${hit?.className}`);
			}
		}
		return problems;
	});
}
