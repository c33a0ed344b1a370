/**
 * Queries built once per connection and run many times (Drizzle's `.prepare()` with `sql.placeholder`).
 *
 * Drizzle builds a query's SQL text anew each time it runs: for the small lookups of every live request (the
 * session's state, the phone's cookie, the events after a cursor) that costs more CPU than SQLite running them
 * (CPU profile of `npm run bench`, 100 meetings × 20 phones). A prepared query keeps its SQL and SQLite statement.
 *
 * A prepared query belongs to the connection it was built on. A transaction (`db.transaction((tx) => …)`) and its
 * database share one Drizzle session over the one better-sqlite3 connection, so the cache is keyed by that
 * session: a query prepared outside a transaction runs inside one on the same connection, as part of it
 * (`prepared.spec.ts` holds this, a rollback included). `session` is Drizzle's own field, not in its public types.
 */
import type { Db } from './index';

type Reader = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

const byConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * The query `build` makes, prepared once for this reader's connection under `key` (unique per query in the
 * codebase). `build` gets the reader to build on and must not depend on anything but placeholders.
 */
export function prepared<T>(reader: Reader, key: string, build: (reader: Reader) => T): T {
	const connection = (reader as unknown as { session?: object }).session ?? reader;
	let queries = byConnection.get(connection);
	if (!queries) {
		queries = new Map();
		byConnection.set(connection, queries);
	}
	let query = queries.get(key) as T | undefined;
	if (query === undefined) {
		query = build(reader);
		queries.set(key, query);
	}
	return query;
}
