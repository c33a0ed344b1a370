// live/http: the edge of the live JSON API; reading requests, recognising who asks, answering with problems.
/**
 * Who may see and steer a live session. Staff act on a session only when its dialogue belongs to their
 * organisation and, for facilitators, when they are assigned to that dialogue; organisers of the organisation
 * may act on all of its dialogues. A session of another organisation is reported as not found, so that its
 * existence is not revealed. Phones are recognised by the token in their cookie, the projector by its link.
 */
import { and, eq, sql } from 'drizzle-orm';
import { normaliseJoinCode } from '$lib/live/schemas';
import { m } from '$lib/paraglide/messages';
import type { StaffPrincipal } from '../../auth/principal';
import type { Db } from '../../db';
import { prepared } from '../../db/prepared';
import { dialogue, dialogueFacilitator, liveSession, participant } from '../../db/schema';
import { LiveError } from '../errors';
import { sameDigest, sha256, type Reader } from '../store';

export interface DialogueAccess {
	dialogueId: string;
	organisationId: string;
}

/**
 * The dialogue, when this staff member may run it; throws 401 or 404 otherwise. A facilitator who is not assigned
 * gets the same 404 as another organisation: facilitators see only the dialogues assigned to them.
 */
export function requireDialogueAccess(
	db: Reader,
	staff: StaffPrincipal | null,
	dialogueId: string
): DialogueAccess {
	if (!staff) throw new LiveError(401, 'signInRequired', m.live_error_sign_in());
	const row = prepared(db, 'dialogueOrganisation', (reader) =>
		reader
			.select({ id: dialogue.id, organisationId: dialogue.organisationId })
			.from(dialogue)
			.where(eq(dialogue.id, sql.placeholder('dialogueId')))
			.prepare()
	).get({ dialogueId });
	if (!row || row.organisationId !== staff.organisationId) {
		throw new LiveError(404, 'dialogueNotFound', m.live_error_dialogue_not_found());
	}
	if (staff.role !== 'organiser') {
		const assigned = prepared(db, 'dialogueFacilitator', (reader) =>
			reader
				.select({ userId: dialogueFacilitator.userId })
				.from(dialogueFacilitator)
				.where(
					and(
						eq(dialogueFacilitator.dialogueId, sql.placeholder('dialogueId')),
						eq(dialogueFacilitator.userId, sql.placeholder('userId'))
					)
				)
				.prepare()
		).get({ dialogueId, userId: staff.id });
		if (!assigned) throw new LiveError(404, 'dialogueNotFound', m.live_error_dialogue_not_found());
	}
	return { dialogueId: row.id, organisationId: row.organisationId };
}

/** The session's dialogue, when this staff member may run it; a session without a dialogue has no staff. */
export function requireSessionAccess(
	db: Reader,
	staff: StaffPrincipal | null,
	sessionId: string
): DialogueAccess {
	if (!staff) throw new LiveError(401, 'signInRequired', m.live_error_sign_in());
	const row = prepared(db, 'sessionDialogue', (reader) =>
		reader
			.select({ dialogueId: liveSession.dialogueId })
			.from(liveSession)
			.where(eq(liveSession.id, sql.placeholder('sessionId')))
			.prepare()
	).get({ sessionId });
	if (!row?.dialogueId) throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
	try {
		return requireDialogueAccess(db, staff, row.dialogueId);
	} catch (error) {
		// Another organisation's dialogue: its session does not exist as far as this person can tell.
		if (error instanceof LiveError && error.code === 'dialogueNotFound') {
			throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
		}
		throw error;
	}
}

/** Whether this staff member may run the session (for choosing a role, without throwing). */
export function mayRunSession(db: Reader, staff: StaffPrincipal | null, sessionId: string): boolean {
	try {
		requireSessionAccess(db, staff, sessionId);
		return true;
	} catch {
		return false;
	}
}

/** A phone of one session, recognised by its cookie. `token` stays in memory; only its hash is stored. */
export interface ParticipantPrincipal {
	id: string;
	sessionId: string;
	token: string;
}

/** The participant whose token this is, in this session, or null. */
export function findParticipant(
	db: Reader,
	sessionId: string,
	token: string | undefined
): ParticipantPrincipal | null {
	if (!token || token.length > 100) return null;
	const row = prepared(db, 'findParticipant', (reader) =>
		reader
			.select({ id: participant.id, sessionId: participant.sessionId })
			.from(participant)
			.where(eq(participant.tokenHash, sql.placeholder('tokenHash')))
			.prepare()
	).get({ tokenHash: sha256(token) });
	if (!row || row.sessionId !== sessionId) return null;
	return { id: row.id, sessionId, token };
}

/** Whether `token` is the session's current projector token. */
export function isDisplayToken(db: Db, sessionId: string, token: string | null | undefined): boolean {
	if (!token || token.length > 100) return false;
	const row = db
		.select({ hash: liveSession.displayTokenHash })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	return !!row?.hash && sameDigest(row.hash, sha256(token));
}

/**
 * Whether `code` is the session's join code (an observer's watch link). The code is what the room sees on the
 * wall, so it opens no more than the wall shows: the projector's content, to follow without taking part.
 */
export function isWatchCode(db: Reader, sessionId: string, code: string | null | undefined): boolean {
	if (!code || code.length > 20) return false;
	const row = db
		.select({ joinCode: liveSession.joinCode })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	return !!row?.joinCode && row.joinCode === normaliseJoinCode(code);
}
