// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * Opening a live session from a prepared dialogue, the projector's secret link, phones joining with a code,
 * and what closing erases. The machine decides when the dialogue may leave preparation: opening the session
 * only creates it (in `preparation`); the facilitator's first `phase.advance` moves it to `opening`.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { isFinishedPhase, normaliseSettings, type DialogueSettings } from '$lib/dialogue';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normaliseJoinCode } from '$lib/live/schemas';
import { m } from '$lib/paraglide/messages';
import { countFigure } from '$lib/privacy/small-groups';
import type { StaffPrincipal } from '../../auth/principal';
import type { Db } from '../../db';
import { dialogue, liveSession, participant } from '../../db/schema';
import { createSession } from '../../sessions/service';
import { requireDialogueAccess, requireSessionAccess } from '../http/access';
import { chooseOrigin, phoneUrl, type AddressOptions } from '../phones/addresses';
import { openSessionOf } from '../views/lookup';
import { eraseVoterKeysIn } from './closing';
import { LiveError } from '../errors';
import { joinFailureLimiter } from '../phones/rate-limit';
import { commit, defaultControls, randomToken, readSessionState, sha256, type Reader } from '../store';
import { participantCount } from '../views/reads';

/** Where the screens live (built by the screens; listed here so that the links are made in one place). */
export const projectorPath = (sessionId: string, token: string) =>
	`/projector/${sessionId}?display=${encodeURIComponent(token)}`;
export const consolePath = (sessionId: string) => `/facilitate/${sessionId}`;

/** The participant cookie of one session: one per session, so a phone can be in two sessions on one device. */
export function participantCookieName(sessionId: string): string {
	return `hearth_participant_${sessionId.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** A random join code from the unambiguous alphabet. */
export function generateJoinCode(): string {
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return code;
}

function codeInUse(db: Reader, code: string): boolean {
	return !!db
		.select({ id: liveSession.id })
		.from(liveSession)
		.where(and(eq(liveSession.joinCode, code), isNull(liveSession.closedAt)))
		.get();
}

function parseSettings(json: string): Partial<DialogueSettings> {
	try {
		const value: unknown = JSON.parse(json);
		return typeof value === 'object' && value !== null ? (value as Partial<DialogueSettings>) : {};
	} catch {
		return {};
	}
}

export interface OpenedSession {
	sessionId: string;
	joinCode: string;
	/** The projector's secret token; the session's staff see it again in the console's view until it closes. */
	displayToken: string;
	projectorPath: string;
	consolePath: string;
	phoneUrl: string;
}

/**
 * Opens a live session of a dialogue with the dialogue's settings: a join code unique among open sessions, a
 * projector link (checked against its SHA-256; the token itself is kept for the console's view until the session
 * closes) and a fresh voter secret. One open session per dialogue: a second is refused with the first one's id.
 */
export function openLiveSession(
	db: Db,
	staff: StaffPrincipal | null,
	dialogueId: string,
	options: AddressOptions & { now?: number }
): OpenedSession {
	const access = requireDialogueAccess(db, staff, dialogueId);
	const open = openSessionOf(db, dialogueId);
	if (open) {
		throw new LiveError(409, 'sessionAlreadyOpen', m.live_error_session_already_open(), {
			sessionId: open.id
		});
	}
	const row = db
		.select({ settings: dialogue.settings })
		.from(dialogue)
		.where(eq(dialogue.id, dialogueId))
		.get();
	const at = options.now ?? Date.now();
	const session = createSession(db, {
		dialogueId: access.dialogueId,
		settings: parseSettings(row?.settings ?? '{}'),
		actorId: staff?.id ?? null,
		now: at
	});
	const displayToken = randomToken();
	const controls = { ...defaultControls(), origin: chooseOrigin(null, options) };
	try {
		const joinCode = commit(
			db,
			session.id,
			(tx, emit) => {
				let code = generateJoinCode();
				for (let tries = 0; codeInUse(tx, code); tries++) {
					// 24^6 ≈ 191 million codes: a clash is rare, twenty in a row means something else is wrong.
					if (tries > 20) throw new Error('No free join code found.');
					code = generateJoinCode();
				}
				tx.update(liveSession)
					.set({
						joinCode: code,
						displayTokenHash: sha256(displayToken),
						displayToken,
						voterSecret: randomToken(),
						controls: JSON.stringify(controls),
						openedAt: at,
						updatedAt: at
					})
					.where(eq(liveSession.id, session.id))
					.run();
				tx.update(dialogue).set({ status: 'live', updatedAt: at }).where(eq(dialogue.id, dialogueId)).run();
				emit('session.opened', { phase: session.phase }, { audience: 'staff', actorId: staff?.id ?? null });
				return code;
			},
			at
		);
		return {
			sessionId: session.id,
			joinCode,
			displayToken,
			projectorPath: projectorPath(session.id, displayToken),
			consolePath: consolePath(session.id),
			phoneUrl: phoneUrl(controls.origin, joinCode)
		};
	} catch (error) {
		// Half-opened sessions would hold the dialogue's one open slot; remove it (cascades to its events).
		db.delete(liveSession).where(eq(liveSession.id, session.id)).run();
		throw error;
	}
}

/** A new projector link; the old one stops working (its kept token is replaced) and its projectors are disconnected. */
export function rotateDisplayLink(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string
): { displayToken: string; projectorPath: string } {
	requireSessionAccess(db, staff, sessionId);
	const displayToken = randomToken();
	commit(db, sessionId, (tx, emit, at) => {
		const closed = !!tx
			.select({ closedAt: liveSession.closedAt })
			.from(liveSession)
			.where(eq(liveSession.id, sessionId))
			.get()?.closedAt;
		tx.update(liveSession)
			// A closed session keeps no token: the new link is shown once, here.
			.set({
				displayTokenHash: sha256(displayToken),
				displayToken: closed ? null : displayToken,
				updatedAt: at
			})
			.where(eq(liveSession.id, sessionId))
			.run();
		emit('display.rotated', {}, { audience: 'staff', actorId: staff?.id ?? null });
	});
	return { displayToken, projectorPath: projectorPath(sessionId, displayToken) };
}

function participantCapOf(db: Reader, dialogueId: string, fallback: number): number {
	const row = db
		.select({ settings: dialogue.settings })
		.from(dialogue)
		.where(eq(dialogue.id, dialogueId))
		.get();
	return row ? normaliseSettings(parseSettings(row.settings)).participantCap : fallback;
}

export interface JoinResult {
	sessionId: string;
	participantId: string;
	/** Goes into the participant cookie; only its hash is stored. */
	token: string;
	/** False when the phone already belonged to this session (its cookie was sent again). */
	created: boolean;
}

/**
 * Joins a phone to the open session with this code. Wrong codes count against the client address (in memory
 * only) and, past the limit, are answered 429; a correct code is never refused for its address, since a hall
 * shares one address and a prankster's typos must not lock the room out. A phone that already joined keeps its
 * participant (and its answers) when it joins again, also while the door is closed; a new phone is refused
 * while the facilitator has closed the door, and once the session holds `participantCap` phones.
 */
export function joinSession(
	db: Db,
	input: {
		code: string;
		/** Used only for the failed-attempt limit, in memory; never stored. */
		clientAddress: string;
		/** The token in this phone's cookie for a session, if it has one. */
		existingToken?: (sessionId: string) => string | undefined;
		/** The phone's language (from its choice, else its browser's); kept so the server can answer in it. */
		locale?: string;
		now?: number;
	}
): JoinResult {
	const now = input.now ?? Date.now();
	const code = normaliseJoinCode(input.code);
	const session = db
		.select({ id: liveSession.id, phase: liveSession.phase })
		.from(liveSession)
		.where(and(eq(liveSession.joinCode, code), isNull(liveSession.closedAt)))
		.get();
	if (!session || isFinishedPhase(session.phase)) {
		// Only failures are limited: the code is looked up first, so a correct one always gets through.
		const limit = joinFailureLimiter.take(input.clientAddress);
		if (!limit.allowed) {
			throw new LiveError(429, 'tooManyJoinAttempts', m.live_error_too_many_join_attempts(), {
				retryAfterSeconds: limit.retryAfterSeconds
			});
		}
		// A meeting that has ended says so (its code stays with it until retention deletes it): a phone that
		// comes back after the close, or someone typing the code from a flyer, should not be told the code is wrong.
		const ended =
			session ??
			db
				.select({ id: liveSession.id })
				.from(liveSession)
				.where(and(eq(liveSession.joinCode, code), isNotNull(liveSession.closedAt)))
				.get();
		if (ended) throw new LiveError(410, 'sessionEnded', m.live_error_session_ended());
		throw new LiveError(404, 'joinCodeUnknown', m.live_error_join_code_unknown());
	}
	const existing = input.existingToken?.(session.id);
	if (existing && existing.length <= 100) {
		const known = db
			.select({ id: participant.id, sessionId: participant.sessionId })
			.from(participant)
			.where(eq(participant.tokenHash, sha256(existing)))
			.get();
		if (known?.sessionId === session.id) {
			if (input.locale) setParticipantLocale(db, known.id, input.locale);
			return { sessionId: session.id, participantId: known.id, token: existing, created: false };
		}
	}
	const token = randomToken();
	const participantId = randomUUID();
	commit(
		db,
		session.id,
		(tx, emit) => {
			// Read inside the write transaction: a burst of joins cannot slip past a door closed meanwhile or the cap.
			const state = readSessionState(tx, session.id);
			if (!state.controls.doorOpen) throw new LiveError(403, 'doorClosed', m.live_error_door_closed());
			const before = participantCount(tx, session.id);
			// The dialogue's current setting, not the session's copy: an organiser who raises the cap for a larger
			// crowd than expected lets people in at once.
			const cap = state.dialogueId
				? participantCapOf(tx, state.dialogueId, state.settings.participantCap)
				: state.settings.participantCap;
			if (before >= cap) {
				throw new LiveError(403, 'sessionFull', m.live_error_session_full({ limit: cap }), { limit: cap });
			}
			tx.insert(participant)
				.values({
					id: participantId,
					sessionId: session.id,
					tokenHash: sha256(token),
					locale: input.locale ?? null,
					joinedAt: now
				})
				.run();
			const joined = before + 1;
			// Staff too see no count of people below the minimum group size, nor an event per phone that joins then.
			const min = state.settings.minGroupSize;
			const shown = countFigure(joined, min);
			if (shown !== countFigure(joined - 1, min))
				emit('participant.joined', { joined: shown }, { audience: 'staff' });
		},
		now
	);
	return { sessionId: session.id, participantId, token, created: true };
}

/**
 * A phone's language, chosen on the phone: the server answers it in that language (the cookie carries the choice
 * on every request; the column keeps it for what the server says outside a request of the phone's). Only the
 * phone's own row; never shown to staff per phone, never exported.
 */
export function setParticipantLocale(db: Db, participantId: string, locale: string): void {
	// Only a change is written: a phone that joins again or says its language twice costs a read, not a write.
	db.update(participant)
		.set({ locale })
		.where(
			and(eq(participant.id, participantId), or(isNull(participant.locale), ne(participant.locale, locale)))
		)
		.run();
}

/**
 * What closing a session erases: the voter secret and every voter key, after which no stored endorsement or
 * answer can be tied to a device even by someone holding its cookie. The join code is freed for reuse.
 */
export function eraseVoterKeys(db: Db, sessionId: string, at = Date.now()): void {
	db.transaction((tx) => eraseVoterKeysIn(tx, sessionId, at), { behavior: 'immediate' });
}

/**
 * The session an observer's watch link (`/s/{code}/watch`) follows: by its join code, open or ended (an ended
 * meeting says so). Nothing is stored and no cookie is set: an observer has no identity. Wrong codes count
 * against the same limit as wrong joins, so the watch link cannot be used to guess codes.
 */
export function watchSession(
	db: Reader,
	input: { code: string; clientAddress: string }
): { sessionId: string } {
	const code = normaliseJoinCode(input.code);
	const found = db
		.select({ id: liveSession.id })
		.from(liveSession)
		.where(eq(liveSession.joinCode, code))
		.orderBy(sql`${liveSession.closedAt} is not null`)
		.get();
	if (found) return { sessionId: found.id };
	const limit = joinFailureLimiter.take(input.clientAddress);
	if (!limit.allowed) {
		throw new LiveError(429, 'tooManyJoinAttempts', m.live_error_too_many_join_attempts(), {
			retryAfterSeconds: limit.retryAfterSeconds
		});
	}
	throw new LiveError(404, 'joinCodeUnknown', m.live_error_join_code_unknown());
}
