/**
 * Runtime configuration, read from the environment. Plain `process.env` rather than `$env` so that
 * the CLI scripts (demo, setup) share this module with the server.
 */
import path from 'node:path';

export interface ServerConfig {
	databasePath: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	return {
		databasePath: path.resolve(env.DATABASE_PATH?.trim() || './data/hearth.db')
	};
}
