import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyFacts, SnapshotVersionError } from '$lib/dialogue';
import { passingFacts } from '$lib/dialogue/testing';
import { openDatabase, type Db } from '../db';
import { liveSession } from '../db/schema';
import { getBus } from '../events/bus';
import {
	appendEvent,
	applyEvent,
	createSession,
	loadSession,
	readEvents,
	RevisionConflictError
} from './service';
import { eq } from 'drizzle-orm';

let dir: string;
let file: string;
let db: Db;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-service-'));
	file = path.join(dir, 'hearth.db');
	db = openDatabase(file);
});

afterEach(() => {
	db.$client.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const advance = (at = Date.now()) => ({
	type: 'phase.advance' as const,
	facts: passingFacts(),
	at,
	by: 'staff-1'
});

describe('session service on a real SQLite file', () => {
	it('opens the database in WAL mode with foreign keys and a busy timeout', () => {
		expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
	});

	it('creates a session in preparation and logs it as event 1', () => {
		const session = createSession(db, { settings: { minGroupSize: 7 } });
		expect(session.phase).toBe('preparation');
		expect(session.revision).toBe(0);
		expect(session.snapshot.context.settings.minGroupSize).toBe(7);
		expect(readEvents(db, session.id).map((e) => [e.seq, e.type])).toEqual([[1, 'session.created']]);
	});

	it('applies an event, bumps the revision, appends to the log and publishes after commit', () => {
		const session = createSession(db);
		const published: number[] = [];
		const unsubscribe = getBus().subscribe(session.id, (e) => published.push(e.seq));
		const result = applyEvent(db, session.id, advance());
		unsubscribe();
		expect(result.status).toBe('applied');
		if (result.status !== 'applied') return;
		expect(result.session.phase).toBe('opening');
		expect(result.session.revision).toBe(1);
		expect(result.seq).toBe(2);
		expect(result.check?.passed).toBe(true);
		expect(published).toEqual([2]);
		const events = readEvents(db, session.id);
		expect(events.map((e) => e.type)).toEqual(['session.created', 'phase.advance']);
		expect(events[1]?.payload).toMatchObject({ from: 'preparation', to: 'opening' });
		expect(loadSession(db, session.id).phase).toBe('opening');
	});

	it('refuses an advance with unmet values and writes nothing', () => {
		const session = createSession(db);
		const result = applyEvent(db, session.id, { type: 'phase.advance', facts: emptyFacts(), at: Date.now() });
		expect(result.status).toBe('refused');
		expect(result.check?.passed).toBe(false);
		expect(result.check?.results.respect.state).toBe('unmet');
		expect(loadSession(db, session.id).revision).toBe(0);
		expect(readEvents(db, session.id)).toHaveLength(1);
	});

	it('keeps sequence numbers gapless across machine and non-machine events', () => {
		const session = createSession(db);
		applyEvent(db, session.id, advance());
		const { seq } = db.transaction((tx) =>
			appendEvent(tx, session.id, 'contribution.submitted', { id: 'c1' })
		);
		applyEvent(db, session.id, { type: 'session.pause', at: Date.now() });
		expect(seq).toBe(3);
		expect(readEvents(db, session.id).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
		expect(readEvents(db, session.id, 2).map((e) => e.seq)).toEqual([3, 4]);
	});

	it('lets only one of two writers with the same revision win', () => {
		const session = createSession(db);
		const other = openDatabase(file);
		try {
			applyEvent(db, session.id, advance(), { expectedRevision: 0 });
			expect(() => applyEvent(other, session.id, advance(), { expectedRevision: 0 })).toThrow(
				RevisionConflictError
			);
			expect(loadSession(other, session.id).phase).toBe('opening');
			expect(readEvents(other, session.id)).toHaveLength(2);
		} finally {
			other.$client.close();
		}
	});

	it('resumes exactly where it was after the database is closed and reopened', () => {
		const session = createSession(db);
		applyEvent(db, session.id, advance());
		applyEvent(db, session.id, advance());
		applyEvent(db, session.id, { type: 'session.pause', at: Date.now(), reason: 'raised voices' });
		db.$client.close();
		db = openDatabase(file);
		const reloaded = loadSession(db, session.id);
		expect(reloaded.phase).toBe('paused');
		expect(reloaded.revision).toBe(3);
		const resumed = applyEvent(db, session.id, { type: 'session.resume', at: Date.now() });
		expect(resumed.status === 'applied' && resumed.session.phase).toBe('fearsAndStigma');
	});

	it('refuses a snapshot written by an unknown machine version with a clear error', () => {
		const session = createSession(db);
		db.update(liveSession).set({ machineVersion: 99 }).where(eq(liveSession.id, session.id)).run();
		expect(() => loadSession(db, session.id)).toThrow(SnapshotVersionError);
		expect(() => loadSession(db, session.id)).toThrow(/newer than this Hearth understands/);
		expect(() => applyEvent(db, session.id, advance())).toThrow(SnapshotVersionError);
	});
});
