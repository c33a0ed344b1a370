/**
 * The page's first number in words (the worry screen's "0 of 500 characters") costs the browser its set-up of
 * number formats: about 25 ms of a laptop's CPU, over 100 ms on a slow phone, in the tap that opens the worry
 * screen. Called by the getting-started screens, `prepareNumbers` does that set-up while the person reads, when the
 * phone is idle (not while the page loads, where it would hold up the first screen).
 */
import { getLocale } from '$lib/paraglide/runtime';

let numbersReady = false;

export function prepareNumbers(): void {
	if (numbersReady) return;
	numbersReady = true;
	const prepare = () => void new Intl.NumberFormat(getLocale(), { numberingSystem: 'latn' }).format(0);
	if (typeof requestIdleCallback === 'function') requestIdleCallback(prepare, { timeout: 2_000 });
	else setTimeout(prepare, 200);
}
