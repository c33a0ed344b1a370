/**
 * Fitting a projector board to its space: noticing when the space changes size, and making the type as large as
 * fits. Shared by the boards that fit what they show (`OpeningBoard`, `ProposalRanking`, `ConcernsWall`,
 * `AgreementBoard`).
 */
import { tick } from 'svelte';

/**
 * For a component's set-up: runs `fit` now, again whenever what `watched` reads changes, and again whenever the
 * box changes size (after calling `resized`, where given). A fit that awaits should check that no later fit has
 * superseded it.
 */
export function fitToBox(
	box: () => HTMLElement | null,
	watched: () => unknown,
	fit: () => unknown,
	resized?: () => void
): void {
	let changes = $state(0);
	$effect(() => {
		watched();
		void changes;
		void fit();
	});
	$effect(() => {
		const element = box();
		if (!element) return;
		return watchSize(element, () => {
			resized?.();
			changes += 1;
		});
	});
}

/**
 * Calls `resized` each time `box` changes width or height (not when it is first observed, nor when the observer
 * reports the same size again). Returns the clean-up for an `$effect`.
 */
export function watchSize(box: HTMLElement, resized: () => void): () => void {
	let width = box.clientWidth;
	let height = box.clientHeight;
	const observer = new ResizeObserver(() => {
		if (box.clientWidth === width && box.clientHeight === height) return;
		width = box.clientWidth;
		height = box.clientHeight;
		resized();
	});
	observer.observe(box);
	return () => observer.disconnect();
}

/** The type size as a share of the projector's base size: from `max` while there is room, never below `min`. */
export interface ScaleRange {
	max: number;
	min: number;
	/** How much smaller each try is. */
	step: number;
}

/**
 * Starts at `range.max` and makes the type a step smaller (rounded to hundredths) while it overflows, down to
 * `range.min`, letting the screen lay it out after each step. `set` shows the type at a scale; `current` is false
 * once a later fit has superseded this one, which then stops.
 */
export async function shrinkToFit(
	range: ScaleRange,
	set: (scale: number) => void,
	overflows: () => boolean,
	current: () => boolean
) {
	let scale = range.max;
	set(scale);
	await tick();
	while (current() && overflows() && scale > range.min + 0.001) {
		scale = Math.round((scale - range.step) * 100) / 100;
		set(scale);
		await tick();
	}
}
