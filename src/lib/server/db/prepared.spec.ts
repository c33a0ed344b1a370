import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './index';
import { prepared } from './prepared';

/** A table of the spec's own, next to the app's (whose rows need a dialogue and a session first). */
const note = sqliteTable('prepared_spec_note', { id: text('id').primaryKey(), body: text('body').notNull() });

const opened: Db[] = [];
function database(): Db {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-prepared-'));
	const db = openDatabase(path.join(dir, 'hearth.db'));
	db.$client.exec('CREATE TABLE prepared_spec_note (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
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
