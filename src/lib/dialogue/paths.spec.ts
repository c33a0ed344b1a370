/**
 * Path coverage: @xstate/graph explores the machine with a set of events (passing and failing facts, revisits
 * with and without reason, pause, resume); replaying the generated paths must reach every state node and take
 * every transition that the machine's definition contains. Both sets are read from the definition, so adding a
 * state or transition that no path reaches makes this spec fail.
 */
import {
	adjacencyMapToArray,
	getAdjacencyMap,
	getShortestPaths,
	getSimplePaths,
	type StatePath
} from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyStateNode, type AnyTransitionDefinition } from 'xstate';
import { dialogueMachine, phaseOf, type DialogueEvent, type DialogueSnapshot } from './machine';
import { passingFacts } from './testing';
import { DEFAULT_SETTINGS, LIVE_PHASES, emptyFacts, type AdvanceablePhase } from './types';
import { evaluateTransition } from './values';

const AT = 1_700_000_000_000;

/** Every event worth trying in any state; the machine decides which ones it accepts. */
const ALL_EVENTS: DialogueEvent[] = [
	{ type: 'phase.advance', facts: passingFacts(), at: AT, by: 'f' },
	{ type: 'phase.advance', facts: emptyFacts(), at: AT, by: 'f' },
	{
		type: 'phase.advance',
		facts: passingFacts({ groundRulesDrafted: false }),
		overrides: { respect: 'Agreed orally with the board.' },
		at: AT
	},
	{
		type: 'phase.advance',
		facts: passingFacts({ groundRulesDrafted: false }),
		overrides: { respect: ' ' },
		at: AT
	},
	...LIVE_PHASES.map((phase): DialogueEvent => ({
		type: 'phase.revisit',
		phase,
		reason: 'New concerns.',
		at: AT
	})),
	...LIVE_PHASES.map((phase): DialogueEvent => ({ type: 'phase.revisit', phase, reason: '  ', at: AT })),
	{ type: 'session.pause', at: AT, reason: 'Tension in the room.' },
	{ type: 'session.resume', at: AT },
	{ type: 'session.endEarly', reason: 'safety', at: AT, by: 'f' },
	{ type: 'session.endEarly', reason: 'other', note: '  ', at: AT, by: 'f' }
];

/**
 * A state is its value, plus for `paused` the phase it will resume to: otherwise "paused in opening" and
 * "paused in closing" would be one vertex and the history transition would look covered by either. The records
 * in context are left out so that the graph stays finite.
 */
function serializeState(snapshot: DialogueSnapshot): string {
	const pausedFrom = phaseOf(snapshot) === 'paused' ? snapshot.context.pauses.at(-1)?.from : undefined;
	return JSON.stringify({ value: snapshot.value, pausedFrom });
}

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
	return [node, ...Object.values(node.states).flatMap(allStateNodes)];
}

const transitionId = (t: AnyTransitionDefinition) =>
	`${t.source.id} --${t.eventType}--> ${(t.target ?? []).map((n) => n.id).join(',')}`;

/** The state nodes a state value makes active (the root, and each node named along the value). */
function activeNodes(node: AnyStateNode, value: unknown): AnyStateNode[] {
	if (typeof value === 'string') {
		const child = node.states[value];
		return child ? [child] : [];
	}
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, sub]) => {
		const child = node.states[key];
		return child ? [child, ...activeNodes(child, sub)] : [];
	});
}

/** The steps a user caused: the generated paths begin with the machine's own `xstate.init`. */
function userSteps(path: StatePath<DialogueSnapshot, DialogueEvent>) {
	return path.steps.filter((step) => !step.event.type.startsWith('xstate.'));
}

interface Coverage {
	uncoveredNodes: string[];
	uncoveredTransitions: string[];
	paths: number;
}

/** Replays `paths` on the machine and reports which nodes and defined transitions none of them reached. */
function coverage(paths: Array<StatePath<DialogueSnapshot, DialogueEvent>>): Coverage {
	const root = dialogueMachine.root;
	const nodes = allStateNodes(root);
	const definedTransitions = nodes.flatMap((n) => [...n.transitions.values()].flat());
	const reachedNodes = new Set<AnyStateNode>([root]);
	const taken = new Set<AnyTransitionDefinition>();

	for (const path of paths) {
		let [snapshot] = initialTransition(dialogueMachine);
		for (const node of activeNodes(root, snapshot.value)) reachedNodes.add(node);
		for (const { event } of userSteps(path)) {
			// getTransitionData ignores whether the machine has stopped; a finished machine takes nothing.
			const enabled = snapshot.status === 'active' ? dialogueMachine.getTransitionData(snapshot, event) : [];
			for (const t of enabled) {
				taken.add(t);
				// A history node is never active; it is reached when a transition goes through it.
				for (const target of t.target ?? []) reachedNodes.add(target);
			}
			[snapshot] = transition(dialogueMachine, snapshot, event);
			for (const node of activeNodes(root, snapshot.value)) reachedNodes.add(node);
		}
		// The replay must end where the generator said the path ends.
		expect(serializeState(snapshot)).toBe(serializeState(path.state));
	}
	return {
		uncoveredNodes: nodes.filter((n) => !reachedNodes.has(n)).map((n) => n.id),
		uncoveredTransitions: definedTransitions.filter((t) => !taken.has(t)).map(transitionId),
		paths: paths.length
	};
}

/**
 * Paths that between them take every edge the explorer found: the shortest path to each state, and for each
 * edge, the shortest path to its source followed by that edge.
 */
function edgePaths(events: DialogueEvent[]): Array<StatePath<DialogueSnapshot, DialogueEvent>> {
	const options = { events, serializeState };
	const shortest = getShortestPaths(dialogueMachine, options);
	const toState = new Map(shortest.map((p) => [serializeState(p.state), p]));
	const paths = [...shortest];
	for (const { state, event, nextState } of adjacencyMapToArray(getAdjacencyMap(dialogueMachine, options))) {
		const head = toState.get(serializeState(state));
		if (!head) throw new Error(`no path to ${serializeState(state)}`);
		paths.push({
			state: nextState,
			weight: head.weight + 1,
			steps: [...head.steps, { state: nextState, event }]
		});
	}
	return paths;
}

describe('path coverage of the dialogue machine', () => {
	it('reaches every state node and takes every defined transition', () => {
		const result = coverage(edgePaths(ALL_EVENTS));
		expect(result.uncoveredNodes).toEqual([]);
		expect(result.uncoveredTransitions).toEqual([]);
	});

	it('finds the states the product brief names, including paused, closed and ended early', () => {
		const reached = new Set(
			getShortestPaths(dialogueMachine, { events: ALL_EVENTS, serializeState }).map((p) => phaseOf(p.state))
		);
		expect([...reached].sort()).toEqual(
			['preparation', ...LIVE_PHASES, 'paused', 'closed', 'endedEarly'].sort()
		);
	});

	it('notices a gap: without resume events, the resume transition and the history node stay uncovered', () => {
		const result = coverage(edgePaths(ALL_EVENTS.filter((e) => e.type !== 'session.resume')));
		expect(result.uncoveredTransitions).toEqual([
			'dialogue.paused --session.resume--> dialogue.live.lastPhase'
		]);
		expect(result.uncoveredNodes).toEqual(['dialogue.live.lastPhase']);
	});

	it('notices a gap: without a valid ending, no path ends early', () => {
		const result = coverage(
			edgePaths(ALL_EVENTS.filter((e) => !(e.type === 'session.endEarly' && e.reason === 'safety')))
		);
		expect(result.uncoveredNodes).toEqual(['dialogue.endedEarly']);
		expect(result.uncoveredTransitions).toHaveLength(LIVE_PHASES.length + 1);
	});

	it('notices a gap: with only failing facts, nothing past preparation is reached', () => {
		const failing = ALL_EVENTS.filter(
			(e) => e.type !== 'phase.advance' || e.facts.groundRulesDrafted === false
		);
		const result = coverage(
			edgePaths(failing.filter((e) => !(e.type === 'phase.advance' && e.overrides?.respect?.trim())))
		);
		expect(result.uncoveredNodes).toContain('dialogue.closed');
		expect(result.uncoveredNodes).toContain('dialogue.paused');
	});

	it('each refused event leaves the state as it was', () => {
		const edges = adjacencyMapToArray(
			getAdjacencyMap(dialogueMachine, { events: ALL_EVENTS, serializeState })
		);
		const refused = edges.filter(
			({ state, event }) =>
				state.status !== 'active' || dialogueMachine.getTransitionData(state, event).length === 0
		);
		for (const { state, nextState } of refused) {
			expect(serializeState(nextState)).toBe(serializeState(state));
			expect(nextState.context).toEqual(state.context);
		}
		// Failing facts, blank overrides, reasonless and forward revisits: every state refuses something.
		expect(new Set(refused.map(({ state }) => serializeState(state))).size).toBe(
			new Set(edges.map(({ state }) => serializeState(state))).size
		);
	});

	it('every simple path to closed is the six forward moves, each recorded with its values check', () => {
		const toClosed = getSimplePaths(dialogueMachine, {
			events: ALL_EVENTS,
			serializeState,
			toState: (s) => phaseOf(s) === 'closed'
		});
		// One path per choice of passing advance event at each of the six forward moves.
		const passingAt = (from: AdvanceablePhase) =>
			ALL_EVENTS.filter(
				(e) =>
					e.type === 'phase.advance' &&
					evaluateTransition(from, e.facts, DEFAULT_SETTINGS, e.overrides).passed
			).length;
		const forward: AdvanceablePhase[] = ['preparation', ...LIVE_PHASES];
		expect(toClosed).toHaveLength(forward.reduce((n, from) => n * passingAt(from), 1));
		for (const path of toClosed) {
			expect(userSteps(path).map((s) => s.event.type)).toEqual(Array(6).fill('phase.advance'));
			expect(path.state.status).toBe('done');
			expect(path.state.context.transitions.map((t) => t.check.passed)).toEqual(Array(6).fill(true));
		}
	});
});
