import { describe, expect, it } from 'vitest';
import { PHASES } from '$lib/dialogue/types';
import { FOLDABLE, PANELS, panelOrder, type PanelColumns } from './panels';

/** A column as `id` (open) or `(id)` (folded), to read the layout at a glance. */
function layout(columns: PanelColumns): string[][] {
	return columns.map((column) => column.map(({ id, open }) => (open ? id : `(${id})`)));
}

describe('panelOrder', () => {
	it('puts every panel in exactly one column, in every phase', () => {
		// Every phase of the dialogue, and the two states the console shows that are not phases.
		for (const phase of [...PHASES, 'paused', 'endedEarly'] as const) {
			const ids = panelOrder(phase)
				.flat()
				.map((slot) => slot.id);
			expect(ids.toSorted(), phase).toEqual([...PANELS].toSorted());
		}
	});

	it('keeps the usual order with everything open in the opening', () => {
		expect(layout(panelOrder('opening'))).toEqual([
			['phase', 'tasks', 'closing', 'revisit', 'keys'],
			['queue', 'agreement'],
			['themes', 'proposals', 'room']
		]);
	});

	it('folds the themes once the proposals begin, and brings the proposals first', () => {
		expect(layout(panelOrder('proposals'))).toEqual([
			['phase', 'tasks', 'closing', 'revisit', 'keys'],
			['queue', 'agreement'],
			['proposals', 'room', '(themes)']
		]);
	});

	it('in the agreement, puts the builder after the queue and folds the proposals and the shortcuts', () => {
		expect(layout(panelOrder('agreement'))).toEqual([
			['phase', 'closing', 'tasks', 'revisit', '(keys)'],
			['queue', 'agreement'],
			['room', '(themes)', '(proposals)']
		]);
	});

	it('in the closing, folds every panel of a phase that is over, and the room; the rounds take the middle', () => {
		expect(layout(panelOrder('closing'))).toEqual([
			['phase', 'tasks', 'revisit', '(keys)'],
			['queue', 'closing', '(agreement)'],
			['(room)', '(themes)', '(proposals)']
		]);
	});

	it('keeps the always-needed panels first and open in every phase', () => {
		for (const phase of [
			'opening',
			'fearsAndStigma',
			'proposals',
			'agreement',
			'closing',
			'paused'
		] as const) {
			const [left, middle] = panelOrder(phase);
			expect(left[0], phase).toEqual({ id: 'phase', open: true });
			expect(middle[0], phase).toEqual({ id: 'queue', open: true });
		}
	});

	it('folds nothing while paused: the view does not say which phase it stopped in', () => {
		expect(
			panelOrder('paused')
				.flat()
				.every((slot) => slot.open)
		).toBe(true);
	});

	it('sits in a fold exactly the panels folded in some phase, never the always-needed ones', () => {
		expect([...FOLDABLE].toSorted()).toEqual(['agreement', 'keys', 'proposals', 'room', 'themes']);
	});
});
