/**
 * The dialogue state machine: one actor per live session. It holds no I/O: the server measures the facts, sends
 * an event with them, and stores `getPersistedSnapshot()` next to DIALOGUE_MACHINE_VERSION.
 */
import { and, assertEvent, assign, setup, type SnapshotFrom } from 'xstate';
import type { ReasonCode } from './reasons';
import {
	END_EARLY_REASONS,
	LIVE_PHASES,
	isFinishedPhase,
	isLivePhase,
	isPhase,
	normaliseSettings,
	type AdvanceablePhase,
	type DialogueFacts,
	type DialogueSettings,
	type EndEarlyReason,
	type LivePhase,
	type Overrides,
	type Phase,
	type Reason,
	type SessionPhase,
	type ValuesCheck
} from './types';
import { evaluateTransition } from './values';

/** Bump when the machine's states or context change shape, and add a step to `migrateSnapshot`. */
export const DIALOGUE_MACHINE_VERSION = 2;

export type DialogueEvent =
	| { type: 'phase.advance'; facts: DialogueFacts; overrides?: Overrides; at: number; by?: string }
	| { type: 'phase.revisit'; phase: LivePhase; reason: string; at: number; by?: string }
	| { type: 'session.pause'; at: number; by?: string; reason?: string }
	| { type: 'session.resume'; at: number; by?: string }
	| { type: 'session.endEarly'; reason: EndEarlyReason; note?: string; at: number; by?: string };

export interface DialogueInput {
	settings?: Partial<DialogueSettings>;
}

/** One accepted forward move, with the full values check (overrides included) for the outcome report. */
export interface TransitionRecord {
	from: Phase;
	to: Phase;
	at: number;
	by: string | null;
	check: ValuesCheck;
	/** What the server measured when the move was made, so the report can show why a value was met. */
	facts: DialogueFacts;
}

export interface RevisitRecord {
	from: LivePhase;
	to: LivePhase;
	reason: string;
	at: number;
	by: string | null;
}

export interface PauseRecord {
	/** The phase the session returns to on resume. */
	from: LivePhase;
	at: number;
	by: string | null;
	reason: string | null;
	resumedAt: number | null;
	resumedBy: string | null;
}

/** How a session ended early: why, from which live phase, and whether it was paused at the time. */
export interface EndingRecord {
	reason: EndEarlyReason;
	/** Required for `other`; otherwise an optional word from the facilitator. */
	note: string | null;
	/** The live phase the meeting had reached (the one it was paused in, when paused). */
	phase: LivePhase;
	wasPaused: boolean;
	at: number;
	by: string | null;
}

export interface DialogueContext {
	settings: DialogueSettings;
	transitions: TransitionRecord[];
	revisits: RevisitRecord[];
	pauses: PauseRecord[];
	/** Set once, when the session ends early; null otherwise. */
	ending: EndingRecord | null;
}

const liveIndex = (phase: LivePhase): number => LIVE_PHASES.indexOf(phase);

function hasText(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

const dialogueSetup = setup({
	types: {
		context: {} as DialogueContext,
		events: {} as DialogueEvent,
		// `void` rather than `undefined`: setup() strips `undefined` from the input type, which would make `input`
		// mandatory in createActor even when restoring from a snapshot, where it is ignored.
		input: {} as DialogueInput | void
	},
	guards: {
		valuesAllow: ({ context, event }, params: { from: AdvanceablePhase }) => {
			assertEvent(event, 'phase.advance');
			return evaluateTransition(params.from, event.facts, context.settings, event.overrides).passed;
		},
		hasRevisitReason: ({ event }) => {
			assertEvent(event, 'phase.revisit');
			return hasText(event.reason);
		},
		// `from` is a param because guards cannot see the state they are evaluated in.
		isEarlierLivePhase: ({ event }, params: { from: LivePhase; to: LivePhase }) => {
			assertEvent(event, 'phase.revisit');
			return event.phase === params.to && liveIndex(params.to) < liveIndex(params.from);
		},
		validEnding: ({ event }) => {
			assertEvent(event, 'session.endEarly');
			return endingRefusal(event.reason, event.note) === null;
		}
	},
	actions: {
		recordTransition: assign(({ context, event }, params: { from: AdvanceablePhase }) => {
			assertEvent(event, 'phase.advance');
			const check = evaluateTransition(params.from, event.facts, context.settings, event.overrides);
			const record: TransitionRecord = {
				from: check.from,
				to: check.to,
				at: event.at,
				by: event.by ?? null,
				check,
				// Copied so that a caller reusing its facts object cannot rewrite history.
				facts: { ...event.facts, respectPulse: { ...event.facts.respectPulse } }
			};
			return { transitions: [...context.transitions, record] };
		}),
		recordRevisit: assign(({ context, event }, params: { from: LivePhase; to: LivePhase }) => {
			assertEvent(event, 'phase.revisit');
			const record: RevisitRecord = {
				from: params.from,
				to: params.to,
				reason: event.reason.trim(),
				at: event.at,
				by: event.by ?? null
			};
			return { revisits: [...context.revisits, record] };
		}),
		recordPause: assign(({ context, event }, params: { from: LivePhase }) => {
			assertEvent(event, 'session.pause');
			const record: PauseRecord = {
				from: params.from,
				at: event.at,
				by: event.by ?? null,
				reason: hasText(event.reason) ? event.reason.trim() : null,
				resumedAt: null,
				resumedBy: null
			};
			return { pauses: [...context.pauses, record] };
		}),
		recordResume: assign(({ context, event }) => {
			assertEvent(event, 'session.resume');
			const last = context.pauses.at(-1);
			if (!last) return {};
			const resumed: PauseRecord = { ...last, resumedAt: event.at, resumedBy: event.by ?? null };
			return { pauses: [...context.pauses.slice(0, -1), resumed] };
		}),
		// `from` is null when paused: the phase is then the one the pause was taken in.
		recordEnding: assign(({ context, event }, params: { from: LivePhase | null }) => {
			assertEvent(event, 'session.endEarly');
			const pausedIn = context.pauses.at(-1)?.from ?? 'opening';
			const ending: EndingRecord = {
				reason: event.reason,
				note: hasText(event.note) ? event.note.trim() : null,
				phase: params.from ?? pausedIn,
				wasPaused: params.from === null,
				at: event.at,
				by: event.by ?? null
			};
			return { ending };
		})
	}
});

/**
 * Why a `session.endEarly` with this reason and note would be refused, or null. `other` needs a note in words;
 * an unknown reason is refused. Shared by the machine's guard and the server's validation.
 */
export function endingRefusal(reason: unknown, note: unknown): Reason | null {
	if (typeof reason !== 'string' || !(END_EARLY_REASONS as readonly string[]).includes(reason)) {
		return refusal('endEarly.reasonUnknown');
	}
	if (reason === 'other' && !hasText(note)) return refusal('endEarly.noteMissing');
	return null;
}

/**
 * One live phase, the same shape for all five: forward when the values allow it (from `closing` out of the live
 * block to `closed`), back to any earlier live phase with a reason, and pause. Built with the setup's
 * `createStateConfig`, so that guard and action names and their params are checked against `dialogueSetup` here
 * too, outside `createMachine` (a plain object literal would widen them to `string` and lose that check).
 */
function livePhaseState(from: LivePhase) {
	const index = liveIndex(from);
	const next = LIVE_PHASES[index + 1];
	// Earliest first: the order of these transitions is the order of the edges in the diagram. `as const` because
	// this callback is not typed by `createStateConfig`: without it the names would widen to `string` and not fit.
	const revisits = LIVE_PHASES.slice(0, index).map((to) => ({
		guard: and(['hasRevisitReason', { type: 'isEarlierLivePhase', params: { from, to } } as const]),
		target: to,
		actions: { type: 'recordRevisit', params: { from, to } } as const
	}));
	return dialogueSetup.createStateConfig({
		on: {
			'phase.advance': {
				guard: { type: 'valuesAllow', params: { from } },
				target: next ?? '#dialogue.closed',
				actions: { type: 'recordTransition', params: { from } }
			},
			// The first live phase has nothing earlier to revisit, so no `phase.revisit` at all.
			...(revisits.length > 0 ? { 'phase.revisit': revisits } : {}),
			'session.pause': {
				target: '#dialogue.paused',
				actions: { type: 'recordPause', params: { from } }
			},
			'session.endEarly': {
				guard: 'validEnding',
				target: '#dialogue.endedEarly',
				actions: { type: 'recordEnding', params: { from } }
			}
		}
	});
}

type LivePhaseState = ReturnType<typeof livePhaseState>;

/** The five live states keyed by phase, in LIVE_PHASES order (the order of the states in the definition). */
function livePhaseStates(): Record<LivePhase, LivePhaseState> {
	// fromEntries cannot know that the keys are exactly the live phases; the map over LIVE_PHASES guarantees it.
	return Object.fromEntries(LIVE_PHASES.map((phase) => [phase, livePhaseState(phase)])) as Record<
		LivePhase,
		LivePhaseState
	>;
}

export const dialogueMachine = dialogueSetup.createMachine({
	id: 'dialogue',
	version: String(DIALOGUE_MACHINE_VERSION),
	context: ({ input }) => ({
		settings: normaliseSettings(input ? input.settings : undefined),
		transitions: [],
		revisits: [],
		pauses: [],
		ending: null
	}),
	initial: 'preparation',
	states: {
		preparation: {
			on: {
				'phase.advance': {
					guard: { type: 'valuesAllow', params: { from: 'preparation' } },
					target: 'live.opening',
					actions: { type: 'recordTransition', params: { from: 'preparation' } }
				}
			}
		},
		live: {
			initial: 'opening',
			states: {
				// Where `session.resume` returns to: the live phase that was active when the session was paused.
				lastPhase: { type: 'history' },
				...livePhaseStates()
			}
		},
		paused: {
			on: {
				'session.resume': { target: 'live.lastPhase', actions: 'recordResume' },
				'session.endEarly': {
					guard: 'validEnding',
					target: 'endedEarly',
					actions: { type: 'recordEnding', params: { from: null } }
				}
			}
		},
		closed: { type: 'final' },
		// Ended before the values allowed closing (safety, too few people, time, left open): final, but not `closed`.
		endedEarly: { type: 'final' }
	}
});

export type DialogueMachine = typeof dialogueMachine;
export type DialogueSnapshot = SnapshotFrom<typeof dialogueMachine>;

/**
 * The phase a snapshot is in: `paused` when stopped for safety, otherwise the phase name (`{ live: 'opening' }`
 * becomes `opening`). Accepts restored and persisted snapshots alike, since it only reads `value`; throws for a
 * value that is not a dialogue state.
 */
export function phaseOf(snapshot: { value: unknown }): SessionPhase {
	const { value } = snapshot;
	if (typeof value === 'string') {
		if (value === 'paused' || value === 'endedEarly' || (isPhase(value) && !isLivePhase(value))) return value;
	} else if (typeof value === 'object' && value !== null && 'live' in value) {
		if (isLivePhase(value.live)) return value.live;
	}
	throw new Error(`Not a dialogue state: ${JSON.stringify(value)}`);
}

/**
 * The values check the next `phase.advance` with these facts would get, without sending it; null when the
 * session cannot move forward now (paused or closed). Lets the server refuse with the unmet values and reasons.
 */
export function checkAdvance(
	snapshot: { value: unknown; context: Pick<DialogueContext, 'settings'> },
	facts: DialogueFacts,
	overrides?: Overrides
): ValuesCheck | null {
	const phase = phaseOf(snapshot);
	if (phase === 'paused' || isFinishedPhase(phase)) return null;
	return evaluateTransition(phase, facts, snapshot.context.settings, overrides);
}

/** The live phases a facilitator may revisit from here (empty when paused, in preparation or closed). */
export function revisitTargets(snapshot: { value: unknown }): LivePhase[] {
	const phase = phaseOf(snapshot);
	if (!isLivePhase(phase)) return [];
	return LIVE_PHASES.slice(0, liveIndex(phase));
}

function refusal(code: ReasonCode): Reason {
	return { code };
}

/**
 * Why a `phase.revisit` would be refused, or null when the machine will accept it. Mirrors the machine's guards
 * so that the server can answer with a reason instead of a silent no-op.
 */
export function checkRevisit(snapshot: { value: unknown }, phase: unknown, reason: unknown): Reason | null {
	const current = phaseOf(snapshot);
	if (!isLivePhase(current) || !isLivePhase(phase)) return refusal('revisit.notLive');
	if (liveIndex(phase) >= liveIndex(current)) return refusal('revisit.notEarlier');
	if (!hasText(reason)) return refusal('revisit.reasonMissing');
	return null;
}
