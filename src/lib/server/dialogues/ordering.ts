/** Ordered lists (ground rules, knowledge items): moving one item up or down one place. */
import type { MoveDirection } from '$lib/validation';

/**
 * The new positions after moving `id` one place in `direction`, numbered 0..n-1 from `rows` sorted by
 * position. Returns only the rows whose position changes (none when the item is already at that end).
 */
export function movedPositions<T extends { id: string; position: number }>(
	rows: readonly T[],
	id: string,
	direction: MoveDirection
): { id: string; position: number }[] {
	const order = [...rows].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
	const from = order.findIndex((row) => row.id === id);
	const to = direction === 'up' ? from - 1 : from + 1;
	if (from >= 0 && to >= 0 && to < order.length) {
		const moving = order[from];
		const other = order[to];
		if (moving && other) {
			order[to] = moving;
			order[from] = other;
		}
	}
	return order.flatMap((row, position) => (row.position === position ? [] : [{ id: row.id, position }]));
}

/** The position after the last item. */
export function nextPosition(rows: readonly { position: number }[]): number {
	return rows.reduce((max, row) => Math.max(max, row.position + 1), 0);
}
