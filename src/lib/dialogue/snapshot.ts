/**
 * Bringing a stored snapshot back to the current machine version. The server stores the version next to every
 * snapshot; this module is the single place that knows how to read older ones.
 */
import type { Snapshot } from 'xstate';
import { DIALOGUE_MACHINE_VERSION, phaseOf } from './machine';
import { normaliseSettings } from './types';

/** The snapshot was written by a machine version this code cannot read. */
export class SnapshotVersionError extends Error {
	readonly version: unknown;
	constructor(version: unknown, message: string) {
		super(message);
		this.name = 'SnapshotVersionError';
		this.version = version;
	}
}

/** The snapshot's version is known but its content is not a dialogue snapshot (corrupt or hand-edited). */
export class SnapshotShapeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SnapshotShapeError';
	}
}

type PersistedRecord = Record<string, unknown>;

function isRecord(value: unknown): value is PersistedRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Steps that turn a snapshot of version N into version N + 1, keyed by N. A change to the machine adds a step here and bumps DIALOGUE_MACHINE_VERSION.
 */
const MIGRATIONS: Readonly<Record<number, (persisted: PersistedRecord) => PersistedRecord>> = {
	// 1 → 2: the `endedEarly` state and `context.ending` (null: a version 1 session never ended early).
	1: (persisted) => ({
		...persisted,
		context: { ...(isRecord(persisted['context']) ? persisted['context'] : {}), ending: null }
	})
};

/** Throws unless `persisted` looks like a dialogue snapshot; returns its context. */
function checkShape(persisted: PersistedRecord): PersistedRecord {
	const { value, context, status } = persisted;
	if (status !== 'active' && status !== 'done') {
		throw new SnapshotShapeError(`Dialogue snapshot has status ${JSON.stringify(status)}.`);
	}
	if (typeof value !== 'string' && !isRecord(value)) {
		throw new SnapshotShapeError('Dialogue snapshot has no state value.');
	}
	try {
		phaseOf({ value });
	} catch {
		throw new SnapshotShapeError(`Dialogue snapshot is in an unknown state: ${JSON.stringify(value)}.`);
	}
	if (!isRecord(context)) throw new SnapshotShapeError('Dialogue snapshot has no context.');
	for (const key of ['transitions', 'revisits', 'pauses']) {
		if (!Array.isArray(context[key])) throw new SnapshotShapeError(`Dialogue snapshot context lacks ${key}.`);
	}
	return context;
}

/**
 * Returns a snapshot for `createActor(dialogueMachine, { snapshot })` from one persisted by machine `version`.
 * Throws SnapshotVersionError for versions this code does not know (including newer ones, written by a newer
 * Hearth: reading those would silently drop what that version added), SnapshotShapeError for malformed content.
 */
export function migrateSnapshot(version: number, persisted: unknown): Snapshot<unknown> {
	if (!Number.isInteger(version) || version < 1) {
		throw new SnapshotVersionError(
			version,
			`Unknown dialogue snapshot version ${String(version)}: versions start at 1.`
		);
	}
	if (version > DIALOGUE_MACHINE_VERSION) {
		throw new SnapshotVersionError(
			version,
			`Dialogue snapshot version ${version} is newer than this Hearth understands ` +
				`(${DIALOGUE_MACHINE_VERSION}). Update Hearth before opening this dialogue.`
		);
	}
	if (!isRecord(persisted)) throw new SnapshotShapeError('Dialogue snapshot is not an object.');

	// Copy so that migrating never changes the caller's object.
	let current = copyJson(persisted);
	for (let v = version; v < DIALOGUE_MACHINE_VERSION; v++) {
		const step = MIGRATIONS[v];
		if (!step) {
			throw new SnapshotVersionError(
				version,
				`No migration from dialogue snapshot version ${v} to ${v + 1}.`
			);
		}
		current = step(current);
	}
	const context = checkShape(current);

	// Settings added in later versions get their defaults, and stored values are clamped as new ones would be.
	const settings = normaliseSettings(isRecord(context['settings']) ? context['settings'] : {});
	current = { ...current, context: { ...context, settings } };
	// The shape was checked above; xstate validates the rest of the state when the actor starts.
	return current as unknown as Snapshot<unknown>;
}

/** A deep copy of plain JSON data (what a persisted snapshot is). */
function copyJson(value: PersistedRecord): PersistedRecord {
	return JSON.parse(JSON.stringify(value)) as PersistedRecord;
}
