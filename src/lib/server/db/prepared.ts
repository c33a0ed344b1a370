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
 *
 * A prepared select of plain columns (no nested objects) also reads its rows leaner than Drizzle does (`leanRows`):
 * Drizzle maps each row with an iterator per column and a closure per row, the largest source of garbage in the
 * meetings bench, whose young-generation collections delay an event now and then (issue 14). The same decoders
 * turn SQLite's values into the column's (JSON, booleans, timestamps); `prepared.spec.ts` compares the two.
 */
import { Column, fillPlaceholders, is, SQL } from 'drizzle-orm';
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
		query = leanRows(build(reader));
		queries.set(key, query);
	}
	return query;
}

interface Decoder {
	mapFromDriverValue(value: unknown): unknown;
}

/** What `leanRows` reads of a Drizzle prepared select (its own fields, not in its public types). */
interface DrizzlePreparedSelect {
	fields?: { path: string[]; field: unknown }[];
	customResultMapper?: unknown;
	stmt?: {
		raw(toggle?: boolean): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown };
	};
	query?: { sql: string; params: unknown[] };
	logger?: { logQuery(sql: string, params: unknown[]): void };
	get?: unknown;
	all?: unknown;
}

/**
 * A prepared select of one level of named columns (or `sql` expressions) gets `get` and `all` that map a row in one
 * loop; anything else (nested selections, custom mappers, writes) is left to Drizzle. Exported for its spec.
 */
export function leanRows<T>(query: T): T {
	const q = query as DrizzlePreparedSelect;
	const { fields, stmt, query: built, logger } = q;
	if (!fields || q.customResultMapper || !stmt || !built || !logger) return query;
	if (typeof q.get !== 'function' || typeof q.all !== 'function') return query;
	const keys: string[] = [];
	const decoders: Decoder[] = [];
	for (const { path, field } of fields) {
		const decoder = is(field, Column)
			? field
			: is(field, SQL)
				? (field as unknown as { decoder: Decoder }).decoder
				: null;
		if (path.length !== 1 || !decoder) return query;
		keys.push(path[0]!);
		decoders.push(decoder);
	}
	// Raw mode is set on every call, as Drizzle does: the statement cache (`cacheStatements`) hands the same statement
	// to anything that prepares the same SQL, and may have switched it back.
	const rows = () => stmt.raw(true);
	const mapRow = (row: unknown[]): Record<string, unknown> => {
		const result: Record<string, unknown> = {};
		for (let i = 0; i < keys.length; i++) {
			const value = row[i];
			result[keys[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
		}
		return result;
	};
	const params = (values: Record<string, unknown> | undefined) => {
		const filled = fillPlaceholders(built.params, values ?? {});
		logger.logQuery(built.sql, filled);
		return filled;
	};
	q.get = (values?: Record<string, unknown>) => {
		const row = rows().get(...params(values)) as unknown[] | undefined;
		return row === undefined ? undefined : mapRow(row);
	};
	q.all = (values?: Record<string, unknown>) => {
		const found = rows().all(...params(values)) as unknown[][];
		const result = new Array<Record<string, unknown>>(found.length);
		for (let i = 0; i < found.length; i++) result[i] = mapRow(found[i]!);
		return result;
	};
	return query;
}
