/**
 * Deleted means gone from the disk (issue 10, point 1). SQLite leaves deleted rows in free pages and old WAL
 * frames, where `strings hearth.db` finds them. A session's raw data is written with marker texts, the production
 * server purges it at start (retention), and the raw bytes of the database file and its WAL are scanned for the
 * markers; then a second dialogue is run and deleted by its organiser through the real form, and scanned again.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession as createStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { openDatabase } from '$lib/server/db';
import { contribution, dialogue, liveSession } from '$lib/server/db/schema';
import { addDialogue, liveFixture } from '$lib/server/live/test-support';
import { runToClosed } from '$lib/server/outcome/test-support';
import { startServer, type RunningServer } from '../support/server';

const DAY = 86_400_000;
/** Texts only participants wrote (approved concerns and hidden ones); no report or commitment keeps them. */
const MARKERS = ['Worry number 1 about the walk to school', 'Something unkind 0', 'Something unkind 1'];

let server: RunningServer | undefined;

afterAll(async () => {
	await server?.stop();
});

/** Which markers the raw bytes of the database file and its WAL still hold. */
function markersOnDisk(databasePath: string): string[] {
	const files = [databasePath, `${databasePath}-wal`].filter((file) => fs.existsSync(file));
	const bytes = Buffer.concat(files.map((file) => fs.readFileSync(file)));
	return MARKERS.filter((marker) => bytes.includes(Buffer.from(marker, 'utf8')));
}

describe('deleted data is gone from the database file and its WAL', () => {
	it('after the retention sweep and after an organiser deletes a dialogue', async () => {
		const fx = liveFixture({ minParticipants: 1, minGroupSize: 3, retentionDays: 30 });
		const databasePath = fx.db.$client.name;
		const old = runToClosed(fx, { phones: 4, hidden: 2 });
		// The session closed 31 days ago: its retention period has passed.
		fx.db
			.update(liveSession)
			.set({ closedAt: Date.now() - 31 * DAY })
			.where(eq(liveSession.id, old.sessionId))
			.run();
		expect(markersOnDisk(databasePath)).toEqual(MARKERS);
		fx.db.$client.close();

		// The server runs retention at start, before it answers its first request.
		server = await startServer({ databasePath });
		const db = openDatabase(databasePath);
		expect(db.select().from(contribution).where(eq(contribution.sessionId, old.sessionId)).all()).toEqual([]);
		expect(markersOnDisk(databasePath)).toEqual([]);

		// A second dialogue, run to its end and then deleted by its organiser through the follow-up page's form.
		const dialogueId = addDialogue(db, fx.organisationId, fx.facilitator, {
			minParticipants: 1,
			minGroupSize: 3
		});
		runToClosed({ ...fx, db, dialogueId }, { phones: 4, hidden: 2 });
		expect(markersOnDisk(databasePath)).toEqual(MARKERS);
		const codename = db.select().from(dialogue).where(eq(dialogue.id, dialogueId)).get()?.codename ?? '';
		const cookie = `${SESSION_COOKIE}=${createStaffSession(db, fx.organiser.id).token}`;
		db.$client.close();

		const response = await fetch(`${server.baseUrl}/review/${dialogueId}?/delete`, {
			method: 'POST',
			headers: {
				cookie,
				origin: server.baseUrl,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ confirm: codename }),
			redirect: 'manual'
		});
		expect(response.status, await response.text()).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/review\?deleted=/);
		expect(markersOnDisk(databasePath)).toEqual([]);
	}, 60_000);
});
