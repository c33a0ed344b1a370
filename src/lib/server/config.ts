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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const synchronous = env.HEARTH_SYNCHRONOUS?.trim().toLowerCase();
	return {
		databasePath: path.resolve(env.DATABASE_PATH?.trim() || './data/hearth.db'),
		synchronous: synchronous === 'full' ? 'full' : 'normal'
	};
}
