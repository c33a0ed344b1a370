/**
 * The live JSON API from an integration spec: the production server on its own database file, a facilitator
 * (written into the same file; WAL lets both write) with a signed-in cookie, and helpers to open a session,
 * join phones and send commands the way the console and the phones do.
 */
import { randomUUID } from 'node:crypto';
import { PHASES, type LivePhase } from '$lib/dialogue';
import { passingFacts } from '$lib/dialogue/testing';
import { createSession as createStaffSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { openDatabase, type Db } from '$lib/server/db';
import { dialogue, dialogueFacilitator, organisation, staffUser } from '$lib/server/db/schema';
import { applyEvent, loadSession } from '$lib/server/sessions/service';
import { startServer, type RunningServer } from './server';

export interface LiveApi {
	server: RunningServer;
	db: Db;
	organisationId: string;
	facilitatorId: string;
	staffCookie: string;
	/** A dialogue of the organisation without a session. */
	dialogueId: string;
	call: (method: string, path: string, cookie: string, body?: unknown) => Promise<Response>;
	/** `POST /api/v1/sessions/{id}/commands` as the facilitator. */
	command: (sessionId: string, body: Record<string, unknown>) => Promise<Response>;
	/** Opens a live session (in `preparation`) of a new dialogue of the organisation. */
	open: () => Promise<{ sessionId: string; joinCode: string }>;
	/** A phone joins; returns its cookie. */
	join: (joinCode: string) => Promise<string>;
	stop: () => Promise<void>;
}

export async function startLiveApi(): Promise<LiveApi> {
	const server = await startServer();
	const db = openDatabase(server.databasePath);
	const now = Date.now();
	const organisationId = randomUUID();
	const facilitatorId = randomUUID();
	const dialogueId = randomUUID();
	db.insert(organisation).values({ id: organisationId, name: 'Probation', createdAt: now }).run();
	db.insert(staffUser)
		.values({
			id: facilitatorId,
			organisationId,
			email: `${facilitatorId}@example.org`,
			name: 'Facilitator',
			role: 'facilitator',
			createdAt: now
		})
		.run();
	// A dialogue holds one open session at a time: each session gets its own dialogue.
	const addDialogue = (id: string) => {
		db.insert(dialogue)
			.values({ id, organisationId, codename: `Oak ${id.slice(0, 8)}`, createdAt: now, updatedAt: now })
			.run();
		db.insert(dialogueFacilitator)
			.values({ dialogueId: id, userId: facilitatorId, role: 'lead', assignedAt: now })
			.run();
	};
	addDialogue(dialogueId);
	const staffCookie = `${SESSION_COOKIE}=${createStaffSession(db, facilitatorId, now).token}`;
	const call = (method: string, path: string, cookie: string, body?: unknown) =>
		fetch(`${server.baseUrl}${path}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	return {
		server,
		db,
		organisationId,
		facilitatorId,
		staffCookie,
		dialogueId,
		call,
		command: (sessionId, body) => call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body),
		async open() {
			const id = randomUUID();
			addDialogue(id);
			const opened = await call('POST', `/api/v1/dialogues/${id}/sessions`, staffCookie);
			if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
			return (await opened.json()) as { sessionId: string; joinCode: string };
		},
		async join(joinCode: string) {
			const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
			if (joined.status !== 201) throw new Error(`join: ${joined.status} ${await joined.text()}`);
			const cookie = joined.headers.getSetCookie().find((c) => c.startsWith('hearth_participant_')) ?? '';
			return cookie.split(';')[0] ?? '';
		},
		async stop() {
			await server.stop();
			db.$client.close();
		}
	};
}

/**
 * Moves a session forward to `phase` directly through the session service, with facts under which every check
 * passes: the specs test what happens there, not the way there.
 */
export function moveSessionTo(db: Db, sessionId: string, phase: LivePhase): void {
	for (let step = 0; loadSession(db, sessionId).phase !== phase; step++) {
		const result = applyEvent(db, sessionId, {
			type: 'phase.advance',
			facts: passingFacts(),
			at: Date.now()
		});
		if (result.status !== 'applied' || step > PHASES.length) throw new Error(`could not move to ${phase}`);
	}
}
