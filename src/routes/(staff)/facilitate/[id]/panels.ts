/**
 * Which console panel goes where, in which order, and which is folded away, for the phase the console shows: the
 * console follows the meeting. In each of the three columns the always-needed panels come first (the next step
 * with its values check, the moderation queue), then the panels of the current phase, then those tied to no phase
 * (the room, going back, the shortcuts) in their usual place, and last the panels of phases that are over, folded
 * in a `<details>` (one click or key away, and still mounted, so nothing typed in them is lost).
 *
 * Whether a panel shows at all still depends on what the session holds (a themes panel once there are concerns, the
 * agreement once there is one); this only orders and folds. Pure: no Svelte, no DOM.
 */
import type { SessionPhase } from '$lib/dialogue/types';

export const PANELS = [
	'phase',
	'tasks',
	'closing',
	'revisit',
	'keys',
	'queue',
	'agreement',
	'proposals',
	'themes',
	'room'
] as const;
export type PanelId = (typeof PANELS)[number];

export interface PanelSlot {
	id: PanelId;
	/** Open (unfolded) when the console shows this phase; the facilitator may still fold or unfold it. */
	open: boolean;
}

/** Three columns, left to right. */
export type PanelColumns = [PanelSlot[], PanelSlot[], PanelSlot[]];

type Kind = 'always' | 'current' | 'later' | 'untied' | 'past';

/** The live phases in order: a panel tied to a phase before the current one belongs to a phase that is over. */
const ORDER = ['preparation', 'opening', 'fearsAndStigma', 'proposals', 'agreement', 'closing'] as const;
type OrderedPhase = (typeof ORDER)[number];

/** The phases each phase-tied panel works in. */
const TIED: Partial<Record<PanelId, readonly OrderedPhase[]>> = {
	tasks: ['preparation', 'opening', 'fearsAndStigma', 'proposals', 'agreement', 'closing'],
	themes: ['fearsAndStigma'],
	proposals: ['proposals'],
	agreement: ['agreement'],
	closing: ['agreement', 'closing']
};

/** The columns and their panels in their usual order (the order of a paused session, which could be anywhere). */
const COLUMNS: [PanelId[], PanelId[], PanelId[]] = [
	['phase', 'closing', 'tasks', 'revisit', 'keys'],
	['queue', 'agreement'],
	['themes', 'proposals', 'room']
];
/**
 * In the closing, the closing's rounds take the wide middle column the agreement builder had, under the queue, so
 * that no column is left holding nearly everything. (Moving columns mounts the panel afresh; it happens only at the
 * move to the closing, when the follow-up date it holds has been saved: the values check asks for it.)
 */
const CLOSING_COLUMNS: [PanelId[], PanelId[], PanelId[]] = [
	['phase', 'tasks', 'revisit', 'keys'],
	['queue', 'closing', 'agreement'],
	['themes', 'proposals', 'room']
];

const ALWAYS: readonly PanelId[] = ['phase', 'queue'];
/**
 * Panels tied to no phase that are long enough to fold once the room knows its way: the shortcuts list from the
 * agreement, the room (join code, door, projector link, its languages) in the closing, when everyone is in.
 */
const FOLDED_LATER: Partial<Record<PanelId, readonly OrderedPhase[]>> = {
	keys: ['agreement', 'closing'],
	room: ['closing']
};

function kind(id: PanelId, phase: OrderedPhase): Kind {
	if (ALWAYS.includes(id)) return 'always';
	const tied = TIED[id];
	if (!tied) return 'untied';
	if (tied.includes(phase)) return 'current';
	const last = Math.max(...tied.map((p) => ORDER.indexOf(p)));
	// A panel of a phase still to come shows only when its data does (proposals sent early): after the current ones.
	return last < ORDER.indexOf(phase) ? 'past' : 'later';
}

const RANK: Record<Kind, number> = { always: 0, current: 1, later: 2, untied: 3, past: 4 };

function isOrdered(phase: SessionPhase): phase is OrderedPhase {
	return (ORDER as readonly string[]).includes(phase);
}

/**
 * The console's panels for `phase`, column by column. A paused session (the view does not say from which phase) and
 * a finished one keep the usual order with every panel open.
 */
export function panelOrder(phase: SessionPhase): PanelColumns {
	if (!isOrdered(phase)) {
		return COLUMNS.map((column) => column.map((id) => ({ id, open: true }))) as PanelColumns;
	}
	return (phase === 'closing' ? CLOSING_COLUMNS : COLUMNS).map((column) =>
		column
			.map((id, index) => ({ id, index, kind: kind(id, phase) }))
			// A stable sort by kind keeps the usual order within each kind.
			.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.index - b.index)
			.map(({ id, kind }) => ({
				id,
				open: kind !== 'past' && !FOLDED_LATER[id]?.includes(phase)
			}))
	) as PanelColumns;
}

/** The panels folded in some phase: they always sit in a fold, so that folding one never mounts it afresh. */
export const FOLDABLE: ReadonlySet<PanelId> = new Set(
	ORDER.flatMap((phase) =>
		panelOrder(phase)
			.flat()
			.filter((slot) => !slot.open)
			.map((slot) => slot.id)
	)
);
