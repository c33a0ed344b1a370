/**
 * The dialogue state machine: one actor per live session. It holds no I/O: the server measures the facts, sends
 * an event with them, and stores `getPersistedSnapshot()` next to DIALOGUE_MACHINE_VERSION.
 */
import { and, assertEvent, assign, setup, type SnapshotFrom } from 'xstate';
import type { ReasonCode } from './reasons';
import {
	LIVE_PHASES,
	isLivePhase,
	isPhase,
	normaliseSettings,
	type AdvanceablePhase,
	type DialogueFacts,
	type DialogueSettings,
	type LivePhase,
	type Overrides,
	type Phase,
	type Reason,
	type SessionPhase,
	type ValuesCheck
} from './types';
import { evaluateTransition } from './values';

/** Bump when the machine's states or context change shape, and add a step to `migrateSnapshot`. */
export const DIALOGUE_MACHINE_VERSION = 1;

export type DialogueEvent =
	| { type: 'phase.advance'; facts: DialogueFacts; overrides?: Overrides; at: number; by?: string }
	| { type: 'phase.revisit'; phase: LivePhase; reason: string; at: number; by?: string }
	| { type: 'session.pause'; at: number; by?: string; reason?: string }
	| { type: 'session.resume'; at: number; by?: string };

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

export interface DialogueContext {
	settings: DialogueSettings;
	transitions: TransitionRecord[];
	revisits: RevisitRecord[];
	pauses: PauseRecord[];
}

const liveIndex = (phase: LivePhase): number => LIVE_PHASES.indexOf(phase);

function hasText(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

export const dialogueMachine = setup({
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
		})
	}
}).createMachine({
	id: 'dialogue',
	version: String(DIALOGUE_MACHINE_VERSION),
	context: ({ input }) => ({
		settings: normaliseSettings(input ? input.settings : undefined),
		transitions: [],
		revisits: [],
		pauses: []
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
				opening: {
					on: {
						'phase.advance': {
							guard: { type: 'valuesAllow', params: { from: 'opening' } },
							target: 'fearsAndStigma',
							actions: { type: 'recordTransition', params: { from: 'opening' } }
						},
						'session.pause': {
							target: '#dialogue.paused',
							actions: { type: 'recordPause', params: { from: 'opening' } }
						}
					}
				},
				fearsAndStigma: {
					on: {
						'phase.advance': {
							guard: { type: 'valuesAllow', params: { from: 'fearsAndStigma' } },
							target: 'proposals',
							actions: { type: 'recordTransition', params: { from: 'fearsAndStigma' } }
						},
						'phase.revisit': [
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'fearsAndStigma', to: 'opening' } as const }
								]),
								target: 'opening',
								actions: { type: 'recordRevisit', params: { from: 'fearsAndStigma', to: 'opening' } }
							}
						],
						'session.pause': {
							target: '#dialogue.paused',
							actions: { type: 'recordPause', params: { from: 'fearsAndStigma' } }
						}
					}
				},
				proposals: {
					on: {
						'phase.advance': {
							guard: { type: 'valuesAllow', params: { from: 'proposals' } },
							target: 'agreement',
							actions: { type: 'recordTransition', params: { from: 'proposals' } }
						},
						'phase.revisit': [
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'proposals', to: 'opening' } as const }
								]),
								target: 'opening',
								actions: { type: 'recordRevisit', params: { from: 'proposals', to: 'opening' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'proposals', to: 'fearsAndStigma' } as const }
								]),
								target: 'fearsAndStigma',
								actions: { type: 'recordRevisit', params: { from: 'proposals', to: 'fearsAndStigma' } }
							}
						],
						'session.pause': {
							target: '#dialogue.paused',
							actions: { type: 'recordPause', params: { from: 'proposals' } }
						}
					}
				},
				agreement: {
					on: {
						'phase.advance': {
							guard: { type: 'valuesAllow', params: { from: 'agreement' } },
							target: 'closing',
							actions: { type: 'recordTransition', params: { from: 'agreement' } }
						},
						'phase.revisit': [
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'agreement', to: 'opening' } as const }
								]),
								target: 'opening',
								actions: { type: 'recordRevisit', params: { from: 'agreement', to: 'opening' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'agreement', to: 'fearsAndStigma' } as const }
								]),
								target: 'fearsAndStigma',
								actions: { type: 'recordRevisit', params: { from: 'agreement', to: 'fearsAndStigma' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'agreement', to: 'proposals' } as const }
								]),
								target: 'proposals',
								actions: { type: 'recordRevisit', params: { from: 'agreement', to: 'proposals' } }
							}
						],
						'session.pause': {
							target: '#dialogue.paused',
							actions: { type: 'recordPause', params: { from: 'agreement' } }
						}
					}
				},
				closing: {
					on: {
						'phase.advance': {
							guard: { type: 'valuesAllow', params: { from: 'closing' } },
							target: '#dialogue.closed',
							actions: { type: 'recordTransition', params: { from: 'closing' } }
						},
						'phase.revisit': [
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'closing', to: 'opening' } as const }
								]),
								target: 'opening',
								actions: { type: 'recordRevisit', params: { from: 'closing', to: 'opening' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'closing', to: 'fearsAndStigma' } as const }
								]),
								target: 'fearsAndStigma',
								actions: { type: 'recordRevisit', params: { from: 'closing', to: 'fearsAndStigma' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'closing', to: 'proposals' } as const }
								]),
								target: 'proposals',
								actions: { type: 'recordRevisit', params: { from: 'closing', to: 'proposals' } }
							},
							{
								guard: and([
									'hasRevisitReason',
									{ type: 'isEarlierLivePhase', params: { from: 'closing', to: 'agreement' } as const }
								]),
								target: 'agreement',
								actions: { type: 'recordRevisit', params: { from: 'closing', to: 'agreement' } }
							}
						],
						'session.pause': {
							target: '#dialogue.paused',
							actions: { type: 'recordPause', params: { from: 'closing' } }
						}
					}
				}
			}
		},
		paused: {
			on: {
				'session.resume': { target: 'live.lastPhase', actions: 'recordResume' }
			}
		},
		closed: { type: 'final' }
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
		if (value === 'paused' || (isPhase(value) && !isLivePhase(value))) return value;
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
	if (phase === 'paused' || phase === 'closed') return null;
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
