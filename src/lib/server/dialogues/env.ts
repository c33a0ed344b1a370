/**
 * How a service call finds its database and clock. Routes pass nothing (the process database, the real clock);
 * specs pass a database on a temporary file and a fixed time.
 */
import { getDb, type Db } from '../db';

export interface ServiceEnv {
	db?: Db;
	/** Milliseconds since the epoch; defaults to now. */
	now?: number;
}

export function resolveEnv(env: ServiceEnv = {}): { db: Db; now: number } {
	return { db: env.db ?? getDb(), now: env.now ?? Date.now() };
}

/** A transaction handle (or the database itself): what the helpers below write through. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Reader = Db | Tx;
