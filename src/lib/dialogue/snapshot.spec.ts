import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { DIALOGUE_MACHINE_VERSION, dialogueMachine, phaseOf } from './machine';
import { SnapshotShapeError, SnapshotVersionError, migrateSnapshot } from './snapshot';
import { passingFacts } from './testing';
import { DEFAULT_SETTINGS } from './types';

function storedPausedInProposals(): Record<string, unknown> {
	const actor = createActor(dialogueMachine, { input: { settings: { minGroupSize: 7 } } });
	actor.start();
	for (let i = 0; i < 3; i++) actor.send({ type: 'phase.advance', facts: passingFacts(), at: i });
	actor.send({ type: 'session.pause', at: 10 });
	return JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Record<string, unknown>;
}

describe('migrateSnapshot', () => {
	it('returns a snapshot of the current version that createActor resumes from', () => {
		const stored = storedPausedInProposals();
		const actor = createActor(dialogueMachine, {
			snapshot: migrateSnapshot(DIALOGUE_MACHINE_VERSION, stored)
		});
		actor.start();
		expect(phaseOf(actor.getSnapshot())).toBe('paused');
		expect(actor.getSnapshot().context.settings.minGroupSize).toBe(7);
		actor.send({ type: 'session.resume', at: 11 });
		expect(phaseOf(actor.getSnapshot())).toBe('proposals');
	});

	it('migrates a version 1 snapshot (before ending early existed) to one that can end early', () => {
		const { ending: _ending, ...context } = storedPausedInProposals()['context'] as Record<string, unknown>;
		const v1 = { ...storedPausedInProposals(), context };
		const actor = createActor(dialogueMachine, { snapshot: migrateSnapshot(1, v1) });
		actor.start();
		expect(actor.getSnapshot().context.ending).toBeNull();
		actor.send({ type: 'session.endEarly', reason: 'time', at: 12 });
		expect(phaseOf(actor.getSnapshot())).toBe('endedEarly');
		expect(actor.getSnapshot().context.ending).toMatchObject({ phase: 'proposals', wasPaused: true });
	});

	it('does not change the object it is given', () => {
		const stored = storedPausedInProposals();
		const copy = JSON.parse(JSON.stringify(stored)) as unknown;
		migrateSnapshot(1, stored);
		expect(stored).toEqual(copy);
	});

	it('gives settings missing from an older snapshot their defaults', () => {
		const stored = storedPausedInProposals();
		const context = stored['context'] as Record<string, unknown>;
		context['settings'] = { minGroupSize: 6 };
		const migrated = migrateSnapshot(1, stored) as unknown as { context: { settings: unknown } };
		expect(migrated.context.settings).toEqual({ ...DEFAULT_SETTINGS, minGroupSize: 6 });
	});

	it('refuses a snapshot from a newer Hearth with a message that says so', () => {
		expect(() => migrateSnapshot(DIALOGUE_MACHINE_VERSION + 1, storedPausedInProposals())).toThrow(
			SnapshotVersionError
		);
		expect(() => migrateSnapshot(DIALOGUE_MACHINE_VERSION + 1, storedPausedInProposals())).toThrow(
			/newer than this Hearth understands/
		);
	});

	it.each([0, -1, 1.5, Number.NaN])('refuses the unknown version %s', (version) => {
		expect(() => migrateSnapshot(version, storedPausedInProposals())).toThrow(SnapshotVersionError);
	});

	it.each([
		['not an object', 'hello'],
		['null', null],
		['an unknown state', { ...storedPausedInProposals(), value: 'dancing' }],
		['an error status', { ...storedPausedInProposals(), status: 'error' }],
		['no context', { ...storedPausedInProposals(), context: undefined }],
		['context without records', { ...storedPausedInProposals(), context: { settings: {} } }]
	])('refuses a snapshot that is %s', (_, persisted) => {
		expect(() => migrateSnapshot(1, persisted)).toThrow(SnapshotShapeError);
	});
});
