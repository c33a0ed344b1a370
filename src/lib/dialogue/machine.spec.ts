import { describe, expect, it } from 'vitest';
import { createActor, transition, type Snapshot } from 'xstate';
import {
	checkAdvance,
	checkRevisit,
	dialogueMachine,
	phaseOf,
	revisitTargets,
	type DialogueEvent,
	type DialogueSnapshot
} from './machine';
import { passingFacts } from './testing';
import { DEFAULT_SETTINGS, LIVE_PHASES, PHASES, emptyFacts, type LivePhase, type Phase } from './types';
import { evaluateTransition } from './values';

let clock = 1_700_000_000_000;
const now = () => (clock += 1000);

function start(snapshot?: Snapshot<unknown>) {
	const actor = createActor(dialogueMachine, { snapshot });
	actor.start();
	return actor;
}

type DialogueActor = ReturnType<typeof start>;

const advance = (actor: DialogueActor, facts = passingFacts()) =>
	actor.send({ type: 'phase.advance', facts, at: now(), by: 'facilitator-1' });

/** An actor moved forward with passing facts until it reaches `phase`. */
function actorAt(phase: Phase): DialogueActor {
	const actor = start();
	while (phaseOf(actor.getSnapshot()) !== phase) {
		const before = phaseOf(actor.getSnapshot());
		advance(actor);
		if (phaseOf(actor.getSnapshot()) === before) throw new Error(`stuck in ${before}`);
	}
	return actor;
}

/** What `createActor(machine, { snapshot })` gets after the server stored and reloaded it as JSON text. */
function roundTrip(actor: DialogueActor): Snapshot<unknown> & Pick<DialogueSnapshot, 'value' | 'context'> {
	return JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
}

const earlierPairs: Array<[LivePhase, LivePhase]> = LIVE_PHASES.flatMap((from, i) =>
	LIVE_PHASES.slice(0, i).map((to) => [from, to] as [LivePhase, LivePhase])
);
const notEarlierPairs: Array<[LivePhase, LivePhase]> = LIVE_PHASES.flatMap((from, i) =>
	LIVE_PHASES.slice(i).map((to) => [from, to] as [LivePhase, LivePhase])
);

describe('starting a dialogue', () => {
	it('starts in preparation with default settings and empty records', () => {
		const snapshot = start().getSnapshot();
		expect(phaseOf(snapshot)).toBe('preparation');
		expect(snapshot.context).toEqual({
			settings: DEFAULT_SETTINGS,
			transitions: [],
			revisits: [],
			pauses: [],
			ending: null
		});
	});

	it('normalises the settings it is given', () => {
		const actor = createActor(dialogueMachine, {
			input: { settings: { minGroupSize: 2, retentionDays: 30 } }
		});
		actor.start();
		expect(actor.getSnapshot().context.settings).toEqual({
			...DEFAULT_SETTINGS,
			minGroupSize: 3,
			retentionDays: 30
		});
	});
});

describe('moving forward', () => {
	it('goes the whole way to closed, a final state, recording every move', () => {
		const actor = start();
		const seen: string[] = [phaseOf(actor.getSnapshot())];
		for (let i = 0; i < 6; i++) {
			advance(actor);
			seen.push(phaseOf(actor.getSnapshot()));
		}
		const snapshot = actor.getSnapshot();
		expect(seen).toEqual([...PHASES]);
		expect(snapshot.status).toBe('done');
		expect(snapshot.context.transitions.map((t) => [t.from, t.to])).toEqual(
			PHASES.slice(0, -1).map((from, i) => [from, PHASES[i + 1]])
		);
		expect(snapshot.context.transitions.every((t) => t.by === 'facilitator-1' && t.check.passed)).toBe(true);
	});

	it('records when, by whom, what was measured and the full check', () => {
		const actor = start();
		const facts = passingFacts();
		actor.send({ type: 'phase.advance', facts, at: 42, by: 'organiser-7' });
		const [record] = actor.getSnapshot().context.transitions;
		expect(record).toEqual({
			from: 'preparation',
			to: 'opening',
			at: 42,
			by: 'organiser-7',
			facts,
			check: evaluateTransition('preparation', facts, DEFAULT_SETTINGS)
		});
		// A caller changing its facts object afterwards must not change the record.
		facts.groundRulesDrafted = false;
		expect(actor.getSnapshot().context.transitions[0]?.facts.groundRulesDrafted).toBe(true);
	});

	it('records a missing `by` as null so that the record survives JSON unchanged', () => {
		const actor = start();
		actor.send({ type: 'phase.advance', facts: passingFacts(), at: 1 });
		expect(actor.getSnapshot().context.transitions[0]?.by).toBeNull();
	});

	it.each(PHASES.slice(0, -1))('refuses a failing advance from %s: same state, nothing recorded', (phase) => {
		const actor = actorAt(phase);
		const before = actor.getSnapshot();
		advance(actor, emptyFacts());
		const after = actor.getSnapshot();
		expect(after.value).toEqual(before.value);
		expect(after.context).toEqual(before.context);
	});

	it('keeps overrides, with their reasons, in the recorded transition', () => {
		const actor = start();
		actor.send({
			type: 'phase.advance',
			facts: passingFacts({ safetyPlanComplete: false, riskAssessmentAgeDays: 500 }),
			overrides: {
				respect: 'Safety plan discussed with the hall manager; written version follows.',
				responsibility: 'New assessment is booked; the previous one was reviewed by probation.'
			},
			at: now()
		});
		expect(phaseOf(actor.getSnapshot())).toBe('opening');
		const results = actor.getSnapshot().context.transitions[0]?.check.results;
		expect(results?.respect).toEqual({
			state: 'overridden',
			reasons: [{ code: 'prep.safetyPlanIncomplete', fix: 'safetyPlan' }],
			override: 'Safety plan discussed with the hall manager; written version follows.'
		});
		expect(results?.responsibility.state).toBe('overridden');
		expect(results?.responsibility.override).toMatch(/^New assessment/);
		expect(results?.relationship).toEqual({ state: 'met', reasons: [] });
	});

	it('refuses an advance whose override is blank', () => {
		const actor = start();
		actor.send({
			type: 'phase.advance',
			facts: passingFacts({ safetyPlanComplete: false }),
			overrides: { respect: '   ' },
			at: now()
		});
		expect(phaseOf(actor.getSnapshot())).toBe('preparation');
		expect(actor.getSnapshot().context.transitions).toEqual([]);
	});

	it('uses the dialogue settings in its checks', () => {
		const actor = createActor(dialogueMachine, { input: { settings: { minParticipants: 12 } } });
		actor.start();
		advance(actor);
		advance(actor, passingFacts({ participantCount: 10 }));
		expect(phaseOf(actor.getSnapshot())).toBe('opening');
	});
});

describe('pausing for safety', () => {
	it.each(LIVE_PHASES)('pauses from %s and resumes exactly there', (phase) => {
		const actor = actorAt(phase);
		actor.send({ type: 'session.pause', at: 100, by: 'facilitator-2', reason: ' Someone needs a break ' });
		expect(phaseOf(actor.getSnapshot())).toBe('paused');
		actor.send({ type: 'session.resume', at: 200, by: 'facilitator-2' });
		expect(phaseOf(actor.getSnapshot())).toBe(phase);
		expect(actor.getSnapshot().context.pauses).toEqual([
			{
				from: phase,
				at: 100,
				by: 'facilitator-2',
				reason: 'Someone needs a break',
				resumedAt: 200,
				resumedBy: 'facilitator-2'
			}
		]);
	});

	it.each(LIVE_PHASES)('resumes to %s after the paused session was stored and restored', (phase) => {
		const actor = actorAt(phase);
		actor.send({ type: 'session.pause', at: now() });
		const restored = start(roundTrip(actor));
		expect(phaseOf(restored.getSnapshot())).toBe('paused');
		expect(restored.getSnapshot().context).toEqual(actor.getSnapshot().context);
		restored.send({ type: 'session.resume', at: now() });
		expect(phaseOf(restored.getSnapshot())).toBe(phase);
	});

	it('resumes to the phase of the latest pause after a revisit and a second pause', () => {
		const actor = actorAt('agreement');
		actor.send({ type: 'session.pause', at: now() });
		actor.send({ type: 'session.resume', at: now() });
		actor.send({ type: 'phase.revisit', phase: 'fearsAndStigma', reason: 'A new fear came up.', at: now() });
		actor.send({ type: 'session.pause', at: now() });
		const restored = start(roundTrip(actor));
		restored.send({ type: 'session.resume', at: now() });
		expect(phaseOf(restored.getSnapshot())).toBe('fearsAndStigma');
		expect(restored.getSnapshot().context.pauses.map((p) => p.from)).toEqual(['agreement', 'fearsAndStigma']);
	});

	it('records a pause without reason or author as null', () => {
		const actor = actorAt('opening');
		actor.send({ type: 'session.pause', at: 5, reason: '  ' });
		expect(actor.getSnapshot().context.pauses[0]).toEqual({
			from: 'opening',
			at: 5,
			by: null,
			reason: null,
			resumedAt: null,
			resumedBy: null
		});
	});

	it('holds everything else while paused: no advance, no revisit, no second pause', () => {
		const actor = actorAt('proposals');
		actor.send({ type: 'session.pause', at: now() });
		const before = actor.getSnapshot();
		advance(actor);
		actor.send({ type: 'phase.revisit', phase: 'opening', reason: 'Back to the start.', at: now() });
		actor.send({ type: 'session.pause', at: now() });
		expect(actor.getSnapshot().value).toEqual(before.value);
		expect(actor.getSnapshot().context).toEqual(before.context);
	});

	it.each(['preparation', 'closed'] as const)('cannot pause in %s, where nobody is in the room', (phase) => {
		// The pure `transition` rather than `send`: a closed actor has stopped and would only log a warning.
		const [next] = transition(dialogueMachine, actorAt(phase).getSnapshot(), {
			type: 'session.pause',
			at: now()
		});
		expect(phaseOf(next)).toBe(phase);
		expect(next.context.pauses).toEqual([]);
	});

	it('ignores a resume when nothing is paused', () => {
		const actor = actorAt('opening');
		actor.send({ type: 'session.resume', at: now() });
		expect(phaseOf(actor.getSnapshot())).toBe('opening');
		expect(actor.getSnapshot().context.pauses).toEqual([]);
	});
});

describe('ending early', () => {
	it.each(LIVE_PHASES)(
		'ends early from %s, recording why and where, into a final state that is not closed',
		(phase) => {
			const actor = actorAt(phase);
			actor.send({
				type: 'session.endEarly',
				reason: 'safety',
				note: ' A threat ',
				at: 77,
				by: 'facilitator-1'
			});
			const snapshot = actor.getSnapshot();
			expect(phaseOf(snapshot)).toBe('endedEarly');
			expect(snapshot.status).toBe('done');
			expect(snapshot.context.ending).toEqual({
				reason: 'safety',
				note: 'A threat',
				phase,
				wasPaused: false,
				at: 77,
				by: 'facilitator-1'
			});
			expect(snapshot.context.transitions.at(-1)?.to).not.toBe('closed');
		}
	);

	it('ends early while paused, naming the phase the pause was taken in', () => {
		const actor = actorAt('proposals');
		actor.send({ type: 'session.pause', at: now() });
		actor.send({ type: 'session.endEarly', reason: 'tooFewPeople', at: 5 });
		const restored = start(roundTrip(actor)).getSnapshot();
		expect(phaseOf(restored)).toBe('endedEarly');
		expect(restored.context.ending).toMatchObject({
			phase: 'proposals',
			wasPaused: true,
			note: null,
			by: null
		});
	});

	it('refuses "other" without a note, and a reason it does not know', () => {
		const actor = actorAt('opening');
		actor.send({ type: 'session.endEarly', reason: 'other', note: '   ', at: now() });
		// A reason from outside the type, as a request body could carry it.
		actor.send({ type: 'session.endEarly', reason: 'bored' as 'time', at: now() });
		expect(phaseOf(actor.getSnapshot())).toBe('opening');
		expect(actor.getSnapshot().context.ending).toBeNull();
		actor.send({ type: 'session.endEarly', reason: 'other', note: 'The venue closed.', at: now() });
		expect(actor.getSnapshot().context.ending?.note).toBe('The venue closed.');
	});

	it.each(['preparation', 'closed'] as const)('cannot end early in %s', (phase) => {
		const [next] = transition(dialogueMachine, actorAt(phase).getSnapshot(), {
			type: 'session.endEarly',
			reason: 'time',
			at: now()
		});
		expect(phaseOf(next)).toBe(phase);
		expect(next.context.ending).toBeNull();
	});

	it('is final: nothing moves a session that ended early', () => {
		const actor = actorAt('agreement');
		actor.send({ type: 'session.endEarly', reason: 'time', at: now() });
		const ended = actor.getSnapshot();
		for (const event of [
			{ type: 'phase.advance', facts: passingFacts(), at: now() },
			{ type: 'session.resume', at: now() },
			{ type: 'session.endEarly', reason: 'safety', at: now() }
		] satisfies DialogueEvent[]) {
			const [next] = transition(dialogueMachine, ended, event);
			expect(next.value).toEqual(ended.value);
			expect(next.context).toEqual(ended.context);
		}
	});
});

describe('revisiting an earlier phase', () => {
	it.each(earlierPairs)('goes back from %s to %s with a recorded reason', (from, to) => {
		const actor = actorAt(from);
		actor.send({ type: 'phase.revisit', phase: to, reason: '  New concerns came up.  ', at: 77, by: 'f-1' });
		expect(phaseOf(actor.getSnapshot())).toBe(to);
		expect(actor.getSnapshot().context.revisits).toEqual([
			{ from, to, reason: 'New concerns came up.', at: 77, by: 'f-1' }
		]);
	});

	it.each(earlierPairs)('refuses to go back from %s to %s without a reason', (from, to) => {
		const actor = actorAt(from);
		for (const reason of ['', '   ']) actor.send({ type: 'phase.revisit', phase: to, reason, at: now() });
		expect(phaseOf(actor.getSnapshot())).toBe(from);
		expect(actor.getSnapshot().context.revisits).toEqual([]);
	});

	it.each(notEarlierPairs)('refuses to "revisit" from %s to the same or a later phase %s', (from, to) => {
		const actor = actorAt(from);
		actor.send({ type: 'phase.revisit', phase: to, reason: 'Skipping ahead.', at: now() });
		expect(phaseOf(actor.getSnapshot())).toBe(from);
		expect(actor.getSnapshot().context.revisits).toEqual([]);
	});

	it.each(['preparation', 'closed'] as const)('refuses a revisit from %s', (phase) => {
		const event: DialogueEvent = { type: 'phase.revisit', phase: 'opening', reason: 'Again.', at: now() };
		const [next] = transition(dialogueMachine, actorAt(phase).getSnapshot(), event);
		expect(phaseOf(next)).toBe(phase);
		expect(next.context.revisits).toEqual([]);
	});

	it('checks the values again when moving forward after a revisit', () => {
		const actor = actorAt('proposals');
		actor.send({ type: 'phase.revisit', phase: 'fearsAndStigma', reason: 'Missed a theme.', at: now() });
		advance(actor, passingFacts({ themesUnanswered: 1 }));
		expect(phaseOf(actor.getSnapshot())).toBe('fearsAndStigma');
		advance(actor);
		expect(phaseOf(actor.getSnapshot())).toBe('proposals');
		expect(actor.getSnapshot().context.transitions.map((t) => t.from)).toEqual([
			'preparation',
			'opening',
			'fearsAndStigma',
			'fearsAndStigma'
		]);
	});
});

describe('persistence', () => {
	const scenarios: Array<[string, () => DialogueActor]> = [
		...PHASES.map((phase): [string, () => DialogueActor] => [phase, () => actorAt(phase)]),
		[
			'paused after a revisit',
			() => {
				const actor = actorAt('closing');
				actor.send({ type: 'phase.revisit', phase: 'proposals', reason: 'Owner withdrew.', at: now() });
				actor.send({ type: 'session.pause', at: now(), reason: 'Tension in the room.' });
				return actor;
			}
		]
	];

	it.each(scenarios)('restores a dialogue in %s identically from stored JSON', (_, make) => {
		const actor = make();
		const restored = start(roundTrip(actor));
		expect(restored.getSnapshot().value).toEqual(actor.getSnapshot().value);
		expect(restored.getSnapshot().status).toEqual(actor.getSnapshot().status);
		expect(restored.getSnapshot().context).toEqual(actor.getSnapshot().context);
		// Both then behave the same for the same events.
		const events: DialogueEvent[] = [
			{ type: 'session.resume', at: 1 },
			{ type: 'phase.advance', facts: passingFacts(), at: 2 },
			{ type: 'phase.revisit', phase: 'opening', reason: 'Once more.', at: 3 },
			{ type: 'session.pause', at: 4 }
		];
		for (const event of events) {
			// A closed dialogue has stopped; sending to it would only log a warning.
			if (actor.getSnapshot().status !== 'active') break;
			actor.send(event);
			restored.send(event);
			expect(roundTrip(restored)).toEqual(roundTrip(actor));
		}
	});
});

describe('checkAdvance', () => {
	it.each(PHASES.slice(0, -1))('gives the same check in %s as the machine will apply', (phase) => {
		const actor = actorAt(phase);
		for (const facts of [passingFacts(), emptyFacts()]) {
			const check = checkAdvance(actor.getSnapshot(), facts);
			expect(check).toEqual(evaluateTransition(phase, facts, DEFAULT_SETTINGS));
			expect(actor.getSnapshot().can({ type: 'phase.advance', facts, at: 0 })).toBe(check?.passed);
		}
	});

	it('takes overrides into account', () => {
		const snapshot = start().getSnapshot();
		const facts = passingFacts({ groundRulesDrafted: false });
		expect(checkAdvance(snapshot, facts)?.passed).toBe(false);
		expect(checkAdvance(snapshot, facts, { respect: 'Agreed orally.' })?.passed).toBe(true);
	});

	it('returns null when paused or closed', () => {
		const paused = actorAt('opening');
		paused.send({ type: 'session.pause', at: now() });
		expect(checkAdvance(paused.getSnapshot(), passingFacts())).toBeNull();
		expect(checkAdvance(actorAt('closed').getSnapshot(), passingFacts())).toBeNull();
	});

	it('works on a persisted snapshot as stored', () => {
		const stored = roundTrip(actorAt('agreement'));
		expect(checkAdvance(stored, passingFacts())?.from).toBe('agreement');
	});
});

describe('checkRevisit and revisitTargets', () => {
	it('lists the earlier live phases', () => {
		expect(revisitTargets(actorAt('preparation').getSnapshot())).toEqual([]);
		expect(revisitTargets(actorAt('opening').getSnapshot())).toEqual([]);
		expect(revisitTargets(actorAt('agreement').getSnapshot())).toEqual([
			'opening',
			'fearsAndStigma',
			'proposals'
		]);
	});

	it.each(earlierPairs)('agrees with the machine that %s → %s is allowed with a reason', (from, to) => {
		const snapshot = actorAt(from).getSnapshot();
		expect(checkRevisit(snapshot, to, 'Because.')).toBeNull();
		expect(snapshot.can({ type: 'phase.revisit', phase: to, reason: 'Because.', at: 0 })).toBe(true);
	});

	it('explains each refusal', () => {
		const proposals = actorAt('proposals').getSnapshot();
		expect(checkRevisit(proposals, 'opening', ' ')).toEqual({ code: 'revisit.reasonMissing' });
		expect(checkRevisit(proposals, 'agreement', 'Why not.')).toEqual({ code: 'revisit.notEarlier' });
		expect(checkRevisit(proposals, 'proposals', 'Why not.')).toEqual({ code: 'revisit.notEarlier' });
		expect(checkRevisit(proposals, 'preparation', 'Start over.')).toEqual({ code: 'revisit.notLive' });
		expect(checkRevisit(actorAt('preparation').getSnapshot(), 'opening', 'x')).toEqual({
			code: 'revisit.notLive'
		});
		const paused = actorAt('closing');
		paused.send({ type: 'session.pause', at: now() });
		expect(checkRevisit(paused.getSnapshot(), 'opening', 'x')).toEqual({ code: 'revisit.notLive' });
	});
});

describe('phaseOf', () => {
	it('flattens the live phases and names the others', () => {
		expect(phaseOf({ value: { live: 'proposals' } })).toBe('proposals');
		expect(phaseOf({ value: 'paused' })).toBe('paused');
		expect(phaseOf({ value: 'closed' })).toBe('closed');
	});

	it.each([
		[{ value: 'opening' }],
		[{ value: { live: 'lastPhase' } }],
		[{ value: 'nonsense' }],
		[{ value: null }]
	])('throws for a value that is not a dialogue state: %j', (snapshot) => {
		expect(() => phaseOf(snapshot)).toThrow(/Not a dialogue state/);
	});
});
