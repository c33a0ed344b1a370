/**
 * Runtime configuration, read from the environment. Plain `process.env` rather than `$env` so that
 * the CLI scripts (demo, setup) share this module with the server.
 */
import path from 'node:path';

/**
 * SQLite's `synchronous` setting in WAL mode. `normal` (the default) syncs at checkpoints only: a power cut can
 * lose the last transactions acknowledged before it, never corrupts the file. `full` syncs the WAL at every commit:
 * nothing acknowledged is lost, at the cost of a disk flush per write.
 */
export type SynchronousMode = 'normal' | 'full';

export interface ServerConfig {
	databasePath: string;
	synchronous: SynchronousMode;
	/** How long a staff sign-in lasts at most, however active the person is (`HEARTH_SESSION_MAX_HOURS`). */
	sessionMaxAgeMs: number;
}

/** A working day and an evening session (signed in at 8, still in at midnight): staff sign in once a day, not once a month. */
export const DEFAULT_SESSION_MAX_HOURS = 16;

/** A positive number of hours (fractions allowed, for tests), else the default. */
function hours(raw: string | undefined, fallback: number): number {
	const value = Number(raw?.trim());
	return raw?.trim() && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const synchronous = env.HEARTH_SYNCHRONOUS?.trim().toLowerCase();
	return {
		databasePath: path.resolve(env.DATABASE_PATH?.trim() || './data/hearth.db'),
		synchronous: synchronous === 'full' ? 'full' : 'normal',
		sessionMaxAgeMs: hours(env.HEARTH_SESSION_MAX_HOURS, DEFAULT_SESSION_MAX_HOURS) * 60 * 60 * 1000
	};
}
