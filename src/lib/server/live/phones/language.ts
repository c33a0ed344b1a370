/**
 * A phone's language change (issue 12), from the JSON API (`PUT /api/v1/sessions/{id}/language`, the picker with
 * JavaScript) and from the picker's form on `/s` without it alike: ten a minute per phone, and written only when it
 * changed. Only the participant's row is written; the choice itself lives in the phone's language cookie.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { normaliseJoinCode } from '$lib/live/schemas';
import type { Locale } from '$lib/paraglide/runtime';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../../db';
import { liveSession } from '../../db/schema';
import { setParticipantLocale } from '../commands/sessions';
import { findParticipant, type ParticipantPrincipal } from '../http/access';
import { participantToken } from '../http/http';
import { languageLimiter, type LimitDecision } from './rate-limit';

/** Counts the change against the phone's limit and, when allowed, keeps the language with the participant. */
export function changePhoneLanguage(db: Db, participantId: string, language: Locale): LimitDecision {
	const decision = languageLimiter.check(participantId);
	if (!decision.allowed) return decision;
	languageLimiter.hit(participantId);
	setParticipantLocale(db, participantId, language);
	return decision;
}

/**
 * The phone that joined the open session with this join code, by its cookie for that session; null when the code
 * names no open session or this phone has not joined it (a phone choosing its language before joining).
 */
export function phoneOfJoinCode(db: Db, cookies: Cookies, code: string): ParticipantPrincipal | null {
	const normalised = normaliseJoinCode(code);
	if (!normalised || normalised.length > 20) return null;
	const session = db
		.select({ id: liveSession.id })
		.from(liveSession)
		.where(and(eq(liveSession.joinCode, normalised), isNull(liveSession.closedAt)))
		.get();
	if (!session) return null;
	return findParticipant(db, session.id, participantToken(cookies, session.id));
}
