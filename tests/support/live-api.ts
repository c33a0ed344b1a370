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

export interface Facilitator {
	organisationId: string;
	facilitatorId: string;
	/** `Cookie` header value that signs the facilitator in. */
	staffCookie: string;
	/** A new dialogue of the organisation (with these settings) led by the facilitator; returns its id. */
	addDialogue: (settings?: Record<string, unknown>) => string;
}

/**
 * An organisation with a signed-in facilitator, written straight into a database file (WAL lets a running server
 * and the spec both write): what every live spec needs before the part it is about.
 */
export function seedFacilitator(db: Db, options: { organisationName?: string } = {}): Facilitator {
	const now = Date.now();
	const organisationId = randomUUID();
	const facilitatorId = randomUUID();
	db.insert(organisation)
		.values({ id: organisationId, name: options.organisationName ?? 'Probation', createdAt: now })
		.run();
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
	const addDialogue = (settings: Record<string, unknown> = {}) => {
		const id = randomUUID();
		const at = Date.now();
		db.insert(dialogue)
			.values({
				id,
				organisationId,
				codename: `Oak ${id.slice(0, 8)}`,
				settings: JSON.stringify(settings),
				createdAt: at,
				updatedAt: at
			})
			.run();
		db.insert(dialogueFacilitator)
			.values({ dialogueId: id, userId: facilitatorId, role: 'lead', assignedAt: at })
			.run();
		return id;
	};
	const staffCookie = `${SESSION_COOKIE}=${createStaffSession(db, facilitatorId, now).token}`;
	return { organisationId, facilitatorId, staffCookie, addDialogue };
}

export interface LiveApi extends Facilitator {
	server: RunningServer;
	db: Db;
	/** A dialogue of the organisation without a session. */
	dialogueId: string;
	call: (method: string, path: string, cookie: string, body?: unknown) => Promise<Response>;
	/** `POST /api/v1/sessions/{id}/commands` as the facilitator. */
	command: (sessionId: string, body: Record<string, unknown>) => Promise<Response>;
	/** Opens a live session (in `preparation`) of a new dialogue of the organisation, with these settings. */
	open: (
		settings?: Record<string, unknown>
	) => Promise<{ sessionId: string; joinCode: string; projectorPath: string }>;
	/** A phone joins; returns its cookie. */
	join: (joinCode: string) => Promise<string>;
	/**
	 * Stops the server (SIGTERM, or `signal`) and starts a new process on the same database file, port and
	 * environment; `server` is the new one afterwards.
	 */
	restart: (signal?: NodeJS.Signals) => Promise<RunningServer>;
	/** Stops the server and closes the spec's database handle (call it in `afterAll`). */
	stop: () => Promise<void>;
}

/**
 * The production server on a database file of its own (`startServer` options: environment, database path), with
 * an organisation and a signed-in facilitator in it. Start it in `beforeAll`, stop it in `afterAll`.
 */
export async function startLiveApi(options: Parameters<typeof startServer>[0] = {}): Promise<LiveApi> {
	let server = await startServer(options);
	const db = openDatabase(server.databasePath);
	const facilitator = seedFacilitator(db);
	const { staffCookie } = facilitator;
	const call = (method: string, path: string, cookie: string, body?: unknown) =>
		fetch(`${api.server.baseUrl}${path}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const api: LiveApi = {
		...facilitator,
		server,
		db,
		dialogueId: facilitator.addDialogue(),
		call,
		command: (sessionId, body) => call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body),
		async open(settings) {
			const id = facilitator.addDialogue(settings);
			const opened = await call('POST', `/api/v1/dialogues/${id}/sessions`, staffCookie);
			if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
			return (await opened.json()) as { sessionId: string; joinCode: string; projectorPath: string };
		},
		async join(joinCode: string) {
			const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
			if (joined.status !== 201) throw new Error(`join: ${joined.status} ${await joined.text()}`);
			const cookie = joined.headers.getSetCookie().find((c) => c.startsWith('hearth_participant_')) ?? '';
			return cookie.split(';')[0] ?? '';
		},
		async restart(signal) {
			await api.server.stop(signal);
			server = await startServer({ ...options, databasePath: server.databasePath, port: server.port });
			api.server = server;
			return server;
		},
		async stop() {
			await api.server.stop();
			db.$client.close();
		}
	};
	return api;
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
