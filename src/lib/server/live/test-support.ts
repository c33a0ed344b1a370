// live/: what every folder here shares; the transaction and its hashes, errors, input parsing, spec helpers.
/**
 * Helpers for the live-session specs: a real SQLite file in a temporary folder, an organisation with a
 * facilitator assigned to a dialogue, sessions opened and moved to a phase, phones joined, and a reader that
 * parses an SSE stream into frames.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DialogueSettings, LivePhase } from '$lib/dialogue';
import { passingFacts } from '$lib/dialogue/testing';
import type { StaffPrincipal } from '../auth/principal';
import { openDatabase, type Db } from '../db';
import { dialogue, dialogueFacilitator, organisation, staffUser, type StaffRole } from '../db/schema';
import { applyEvent } from '../sessions/service';
import { findParticipant, type ParticipantPrincipal } from './http/access';
import type { AddressOptions } from './phones/addresses';
import { clearPresence } from './streams/presence';
import { readSessionState } from './store';
import { clearLimits } from './phones/rate-limit';
import { joinSession, openLiveSession, type OpenedSession } from './commands/sessions';
import { LiveError } from './errors';

export const ADDRESS: AddressOptions = {
	requestOrigin: 'http://192.168.1.20:3000',
	env: { ORIGIN: 'http://hall.example:3000' }
};

export interface LiveFixture {
	db: Db;
	organisationId: string;
	facilitator: StaffPrincipal;
	organiser: StaffPrincipal;
	dialogueId: string;
	close(): void;
}

export function addStaff(db: Db, organisationId: string, role: StaffRole): StaffPrincipal {
	const id = randomUUID();
	const email = `${id}@example.org`;
	const name = role === 'organiser' ? 'Org Aniser' : 'Fac Ilitator';
	db.insert(staffUser)
		.values({ id, organisationId, email, name, role, passwordHash: null, createdAt: Date.now() })
		.run();
	return { id, organisationId, role, email, name };
}

export function addOrganisation(db: Db): string {
	const id = randomUUID();
	db.insert(organisation).values({ id, name: 'Probation service', createdAt: Date.now() }).run();
	return id;
}

export function addDialogue(
	db: Db,
	organisationId: string,
	facilitator: StaffPrincipal | null,
	settings: Partial<DialogueSettings> = {}
): string {
	const id = randomUUID();
	const now = Date.now();
	db.insert(dialogue)
		.values({
			id,
			organisationId,
			codename: `Oak ${id.slice(0, 6)}`,
			settings: JSON.stringify(settings),
			createdAt: now,
			updatedAt: now
		})
		.run();
	if (facilitator) {
		db.insert(dialogueFacilitator)
			.values({ dialogueId: id, userId: facilitator.id, role: 'lead', assignedAt: now })
			.run();
	}
	return id;
}

export function liveFixture(settings: Partial<DialogueSettings> = {}): LiveFixture {
	clearLimits();
	clearPresence();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-live-'));
	const db = openDatabase(path.join(dir, 'hearth.db'));
	const organisationId = addOrganisation(db);
	const facilitator = addStaff(db, organisationId, 'facilitator');
	const organiser = addStaff(db, organisationId, 'organiser');
	const dialogueId = addDialogue(db, organisationId, facilitator, settings);
	return {
		db,
		organisationId,
		facilitator,
		organiser,
		dialogueId,
		close() {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function openSession(fx: LiveFixture): OpenedSession {
	return openLiveSession(fx.db, fx.facilitator, fx.dialogueId, ADDRESS);
}

const ORDER: readonly LivePhase[] = ['opening', 'fearsAndStigma', 'proposals', 'agreement', 'closing'];

/** Moves a session forward from preparation to `phase` with facts under which every check passes. */
export function moveTo(fx: LiveFixture, sessionId: string, phase: LivePhase): void {
	for (const step of ORDER.slice(0, ORDER.indexOf(phase) + 1)) {
		const result = applyEvent(fx.db, sessionId, {
			type: 'phase.advance',
			facts: passingFacts(),
			at: Date.now()
		});
		if (result.status !== 'applied') throw new Error(`could not move to ${step}`);
	}
}

/**
 * A command as a console showing the session right now sends it: phase moves name the phase they move from,
 * a consent resolution the draft version and the resolutions on screen. Values the caller gives are kept, so
 * that a spec can send what a stale console saw.
 */
export function asShown(db: Db, sessionId: string, command: unknown): unknown {
	if (!command || typeof command !== 'object') return command;
	const body = command as Record<string, unknown>;
	const state = readSessionState(db, sessionId);
	if (body.type === 'phase.advance' || body.type === 'phase.revisit') return { from: state.phase, ...body };
	if (body.type === 'consent.resolve') {
		const { agreement } = state.controls;
		return { version: agreement.version, resolutions: agreement.resolutions.length, ...body };
	}
	return command;
}

let phoneCount = 0;

/** A phone joins with the session's code (each from its own made-up address). */
export function joinPhone(fx: LiveFixture, opened: OpenedSession): ParticipantPrincipal {
	const joined = joinSession(fx.db, { code: opened.joinCode, clientAddress: `10.0.0.${++phoneCount % 250}` });
	const found = findParticipant(fx.db, joined.sessionId, joined.token);
	if (!found) throw new Error('joined phone not found');
	return found;
}

export const requestId = () => randomUUID();

/** The `LiveError` a call throws; any other outcome (another error, or none) fails the test. */
export function liveFailure(fn: () => unknown): LiveError {
	try {
		fn();
	} catch (error) {
		if (error instanceof LiveError) return error;
		throw error;
	}
	throw new Error('expected a LiveError');
}

// ---------------------------------------------------------------------------------------------------------------
// Reading an SSE stream
// ---------------------------------------------------------------------------------------------------------------

export interface Frame {
	id?: string;
	retry?: number;
	comment?: string;
	data?: unknown;
}

/** Parses the frames of an SSE stream as they arrive. */
export class FrameReader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	readonly #decoder = new TextDecoder();
	#buffer = '';
	readonly #frames: Frame[] = [];
	done = false;

	constructor(stream: ReadableStream<Uint8Array>) {
		this.#reader = stream.getReader();
	}

	#parse(): void {
		let end = this.#buffer.indexOf('\n\n');
		while (end >= 0) {
			const block = this.#buffer.slice(0, end);
			this.#buffer = this.#buffer.slice(end + 2);
			const frame: Frame = {};
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) frame.comment = line.slice(1).trim();
				else if (line.startsWith('id: ')) frame.id = line.slice(4);
				else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
				else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
			}
			this.#frames.push(frame);
			end = this.#buffer.indexOf('\n\n');
		}
	}

	/** The next frame, or null when none arrives within `timeoutMs` (or the stream ended). */
	async next(timeoutMs = 500): Promise<Frame | null> {
		const deadline = Date.now() + timeoutMs;
		while (this.#frames.length === 0 && !this.done) {
			const left = deadline - Date.now();
			if (left <= 0) return null;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<'timeout'>((resolve) => {
				timer = setTimeout(() => resolve('timeout'), left);
			});
			const read = this.#pending ?? (this.#pending = this.#reader.read());
			let result: ReadableStreamReadResult<Uint8Array> | 'timeout';
			try {
				result = await Promise.race([read, timeout]);
			} catch {
				// The connection was cut (a server that went away): the stream is over.
				result = { done: true, value: undefined };
			} finally {
				clearTimeout(timer);
			}
			if (result === 'timeout') return null;
			this.#take(result);
		}
		return this.#frames.shift() ?? null;
	}

	/** A read's chunk into frames (or the end of the stream). */
	#take(result: ReadableStreamReadResult<Uint8Array>): void {
		this.#pending = null;
		if (result.done) this.done = true;
		else {
			this.#buffer += this.#decoder.decode(result.value, { stream: true });
			this.#parse();
		}
	}

	#pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

	/**
	 * The next frame if the server has already written it, looking without letting the event loop go on (microtasks
	 * only: no timer, no `setImmediate` and no I/O runs meanwhile); null when none is there yet.
	 */
	async nextWritten(): Promise<Frame | null> {
		const soon = (hops: number) =>
			new Promise<'nothing'>((resolve) => {
				const hop = (left: number) => (left === 0 ? resolve('nothing') : queueMicrotask(() => hop(left - 1)));
				hop(hops);
			});
		while (this.#frames.length === 0 && !this.done) {
			const read = this.#pending ?? (this.#pending = this.#reader.read());
			const result = await Promise.race([read, soon(100)]);
			if (result === 'nothing') return null;
			this.#take(result);
		}
		return this.#frames.shift() ?? null;
	}

	/** Every frame that arrives until nothing comes for `quietMs`. */
	async drain(quietMs = 100): Promise<Frame[]> {
		const frames: Frame[] = [];
		for (let frame = await this.next(quietMs); frame; frame = await this.next(quietMs)) frames.push(frame);
		return frames;
	}

	async cancel(): Promise<void> {
		await this.#reader.cancel();
	}
}

/** The logged events among frames: `[seq, type]`. */
export function loggedEvents(frames: Frame[]): { seq: number; type: string; data: unknown }[] {
	return frames
		.filter((f) => f.id !== undefined)
		.map((f) => f.data as { seq: number; type: string; data: unknown });
}
