import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, count, eq, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './index';
import { leanRows, prepared } from './prepared';

/** A table of the spec's own, next to the app's (whose rows need a dialogue and a session first). */
const note = sqliteTable('prepared_spec_note', { id: text('id').primaryKey(), body: text('body').notNull() });

/** Columns whose values Drizzle decodes: JSON, booleans, timestamps, and nulls. */
const shaped = sqliteTable('prepared_spec_shaped', {
	id: text('id').primaryKey(),
	body: text('body'),
	tags: text('tags', { mode: 'json' }).$type<string[]>(),
	done: integer('done', { mode: 'boolean' }),
	at: integer('at', { mode: 'timestamp_ms' }),
	n: integer('n')
});

const opened: Db[] = [];
function database(): Db {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-prepared-'));
	const db = openDatabase(path.join(dir, 'hearth.db'));
	db.$client.exec('CREATE TABLE prepared_spec_note (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
	db.$client.exec(
		'CREATE TABLE prepared_spec_shaped (id TEXT PRIMARY KEY, body TEXT, tags TEXT, done INTEGER, at INTEGER, n INTEGER)'
	);
	opened.push(db);
	return db;
}

afterEach(() => {
	for (const db of opened.splice(0)) db.$client.close();
});

let builds = 0;
const byId = (reader: Parameters<typeof prepared>[0]) =>
	prepared(reader, 'prepared.spec.byId', (on) => {
		builds += 1;
		return on
			.select()
			.from(note)
			.where(eq(note.id, sql.placeholder('id')))
			.prepare();
	});

describe('prepared queries', () => {
	it('are built once per connection and run inside a transaction as part of it', () => {
		const db = database();
		builds = 0;
		const query = byId(db);
		expect(query.get({ id: 'a' })).toBeUndefined();
		db.transaction((tx) => {
			// The transaction shares the database's connection: the same prepared query, not a second one.
			expect(byId(tx)).toBe(query);
			tx.insert(note).values({ id: 'a', body: 'inside' }).run();
			expect(byId(tx).get({ id: 'a' })).toEqual({ id: 'a', body: 'inside' });
		});
		expect(query.get({ id: 'a' })).toEqual({ id: 'a', body: 'inside' });
		expect(builds).toBe(1);
	});

	it('see a rolled-back row no more, and a second database gets queries of its own', () => {
		const db = database();
		builds = 0;
		expect(() =>
			db.transaction((tx) => {
				tx.insert(note).values({ id: 'b', body: 'undone' }).run();
				expect(byId(tx).get({ id: 'b' })?.body).toBe('undone');
				throw new Error('roll back');
			})
		).toThrow('roll back');
		expect(byId(db).get({ id: 'b' })).toBeUndefined();

		const other = database();
		other.insert(note).values({ id: 'b', body: 'elsewhere' }).run();
		expect(byId(other)).not.toBe(byId(db));
		expect(byId(other).get({ id: 'b' })?.body).toBe('elsewhere');
		expect(byId(db).get({ id: 'b' })).toBeUndefined();
		expect(builds).toBe(2);
	});
});

describe('the rows of a prepared select', () => {
	function seeded(): Db {
		const db = database();
		db.insert(shaped)
			.values([
				{ id: 'a', body: 'one', tags: ['x', 'y'], done: true, at: new Date(1_700_000_000_123), n: 3 },
				{ id: 'b', body: null, tags: null, done: false, at: null, n: null },
				{ id: 'c', body: 'Ärger', tags: [], done: null, at: new Date(0), n: 0 }
			])
			.run();
		return db;
	}

	it('are what Drizzle makes of them: JSON, booleans, timestamps, nulls and sql expressions', () => {
		const db = seeded();
		const build = () =>
			db
				.select({
					id: shaped.id,
					body: shaped.body,
					tags: shaped.tags,
					done: shaped.done,
					at: shaped.at,
					n: shaped.n,
					twice: sql<number>`${shaped.n} * 2`.mapWith(Number)
				})
				.from(shaped)
				.where(eq(shaped.id, sql.placeholder('id')))
				.orderBy(asc(shaped.id))
				.prepare();
		const drizzle = build();
		const lean = leanRows(build());
		expect(lean.get).not.toBe(drizzle.get);
		for (const id of ['a', 'b', 'c', 'none']) {
			expect(lean.get({ id })).toStrictEqual(drizzle.get({ id }));
			expect(lean.all({ id })).toStrictEqual(drizzle.all({ id }));
		}
		expect(lean.get({ id: 'a' })).toStrictEqual({
			id: 'a',
			body: 'one',
			tags: ['x', 'y'],
			done: true,
			at: new Date(1_700_000_000_123),
			n: 3,
			twice: 6
		});
		// The statement cache hands the same statement to the next query of the same SQL, in object mode: the lean
		// query still reads rows as arrays after that.
		const again = db.$client.prepare(drizzle.getQuery().sql).get('a') as Record<string, unknown>;
		expect(again.id).toBe('a');
		expect(lean.get({ id: 'a' })).toStrictEqual(drizzle.get({ id: 'a' }));
		const everything = () => db.select().from(shaped).orderBy(asc(shaped.id)).prepare();
		expect(leanRows(everything()).all()).toStrictEqual(everything().all());
		const counted = () => db.select({ n: count() }).from(shaped).prepare();
		expect(leanRows(counted()).get()).toStrictEqual({ n: 3 });
	});

	it('of a join into nested objects are left to Drizzle', () => {
		const db = seeded();
		const joined = db
			.select({ note: { id: note.id }, shaped: { id: shaped.id } })
			.from(shaped)
			.leftJoin(note, eq(note.id, shaped.id))
			.prepare();
		const before = joined.all;
		expect(leanRows(joined).all).toBe(before);
		expect(joined.all()).toContainEqual({ note: null, shaped: { id: 'a' } });
	});
});
