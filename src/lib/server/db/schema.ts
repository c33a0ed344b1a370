/**
 * The database schema. Portable SQL on purpose (text ids, integer millisecond timestamps, JSON as text)
 * so that a Postgres schema can follow without rewriting the services.
 */
import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One live session of a dialogue: the persisted state of its XState machine. */
export const liveSession = sqliteTable('live_session', {
	id: text('id').primaryKey(),
	/** The dialogue this session belongs to (nullable until dialogues exist for every caller). */
	dialogueId: text('dialogue_id'),
	/** Version of the dialogue machine that wrote `snapshot`. */
	machineVersion: integer('machine_version').notNull(),
	/** Optimistic concurrency: bumped on every write; a writer with a stale revision loses. */
	revision: integer('revision').notNull().default(0),
	/** `getPersistedSnapshot()` of the machine, as JSON. */
	snapshot: text('snapshot').notNull(),
	/** Denormalised from the snapshot for listing and filtering. */
	phase: text('phase').notNull(),
	/** The last event sequence number taken for this session (gapless, per session). */
	lastSeq: integer('last_seq').notNull().default(0),
	createdAt: integer('created_at').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/** Append-only log of everything that happened in a session, in per-session order. */
export const sessionEvent = sqliteTable(
	'session_event',
	{
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		type: text('type').notNull(),
		/** Event payload as JSON; never holds a participant token. */
		payload: text('payload')
			.notNull()
			.default(sql`'{}'`),
		/** Who may read this event on a live stream: 'all' | 'staff'. */
		audience: text('audience').notNull().default('all'),
		/** Staff member who caused it, if any. */
		actorId: text('actor_id'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.seq] })]
);

/** Bookkeeping for start-up and maintenance jobs (e.g. the last retention sweep). */
export const meta = sqliteTable(
	'meta',
	{
		key: text('key').notNull(),
		value: text('value').notNull()
	},
	(t) => [uniqueIndex('meta_key_unique').on(t.key)]
);
