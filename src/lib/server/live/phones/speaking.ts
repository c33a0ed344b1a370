// live/phones: what phones send; contributions, endorsements, answers, screening, limits, addresses.
/**
 * A phone in a speaking round (issue 11, the talking piece): "I'd like to speak" (with a first name, a seat number,
 * or as "someone") or "pass". One place per phone, however often it asks; the console passes the piece on.
 *
 * The label is screened like other text: a first name is allowed here by choice (short, letters only), a seat is a
 * number; an address, a phone number, a handle or a threat is refused with a field message. It is held in memory
 * only for as long as the round runs (`../speaking-queue.ts`). What is logged is that the round changed, by its id.
 */
import {
	SPEAKER_NAME_MAX,
	SPEAKER_SEAT_PATTERN,
	speakerLabel,
	type MySpeakingPlace,
	type SpeakerKind
} from '$lib/live/speaking';
import { m } from '$lib/paraglide/messages';
import { countFigure } from '$lib/privacy/small-groups';
import { removeInvisible } from '$lib/validation/invisible';
import type { Db } from '../../db';
import type { ParticipantPrincipal } from '../http/access';
import { LiveError } from '../errors';
import { planAsk, planPass } from '../speaking-queue';
import { afterCommit, commit, readSessionState, requireOpenForPhones, writeControls } from '../store';
import { announceSpeaking } from '../commands/speaking';
import { speakingLimiter } from './rate-limit';
import { screenReasons } from './screening';

/**
 * A first name: one word of letters (any script), with a hyphen, apostrophe or dot inside (Anne-Marie, O’Neill); no
 * digits, no second word (two words read as a full name).
 */
const FIRST_NAME = /^\p{L}[\p{L}\p{M}'’.-]*$/u;

function labelError(message: string): LiveError {
	return new LiveError(422, 'invalid', m.live_error_invalid(), { errors: { label: message } });
}

/** The label as it may be shown for the round, or a 422 with a field message. */
export function checkSpeakerLabel(kind: SpeakerKind, raw: string | undefined): string | null {
	const label = speakerLabel(kind, raw === undefined ? undefined : removeInvisible(raw));
	if (kind === 'someone') return null;
	if (label === null) {
		throw labelError(kind === 'seat' ? m.live_field_speaker_seat() : m.live_field_speaker_name());
	}
	if (kind === 'seat') {
		if (!SPEAKER_SEAT_PATTERN.test(label)) throw labelError(m.live_field_speaker_seat());
		return label;
	}
	if ([...label].length > SPEAKER_NAME_MAX || !FIRST_NAME.test(label)) {
		throw labelError(m.live_field_speaker_name());
	}
	// A name is allowed here by choice; anything else the screening sees (an address, a handle, a threat) is not.
	if (screenReasons(label).some((reason) => reason !== 'name')) {
		throw labelError(m.live_field_speaker_screened());
	}
	return label;
}

export type SpeakingAction =
	{ action: 'ask'; roundId: string; kind: SpeakerKind; label?: string } | { action: 'pass'; roundId: string };

/** Applies a phone's ask or pass; returns its own place. A repeat changes nothing and logs nothing. */
export function speakInRound(
	db: Db,
	viewer: ParticipantPrincipal,
	input: SpeakingAction,
	options: { now?: number } = {}
): MySpeakingPlace {
	const sessionId = viewer.sessionId;
	const label = input.action === 'ask' ? checkSpeakerLabel(input.kind, input.label) : null;
	const decision = speakingLimiter.check(viewer.id);
	if (!decision.allowed) {
		throw new LiveError(429, 'tooManySubmissions', m.live_error_too_many_submissions(), {
			retryAfterSeconds: decision.retryAfterSeconds
		});
	}
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			const state = readSessionState(tx, sessionId);
			requireOpenForPhones(state);
			const round = state.controls.speaking;
			if (!round || round.id !== input.roundId) {
				throw new LiveError(409, 'speakingRoundEnded', m.live_error_speaking_round_ended());
			}
			const plan =
				input.action === 'ask'
					? planAsk(sessionId, round.id, viewer.id, input.kind, label)
					: planPass(sessionId, round.id, viewer.id);
			afterCommit(() => speakingLimiter.hit(viewer.id));
			if (!plan.change.changed) return plan.change.place;
			const passes = Math.max(0, round.passes + plan.change.passDelta);
			if (passes !== round.passes) {
				writeControls(tx, sessionId, { ...state.controls, speaking: { ...round, passes } }, at);
			}
			if (plan.change.visible) announceSpeaking(emit, round.id, null);
			else {
				// Only the count of passes changed: a frame for staff only, and only when the figure they are shown
				// changed, so that counting frames never gives a hidden count back (small-group rule 6).
				const min = state.settings.minGroupSize;
				if (countFigure(passes, min) !== countFigure(round.passes, min)) {
					emit('speaking.changed', { roundId: round.id }, { audience: 'staff', actorId: null });
				}
			}
			afterCommit(plan.commit);
			return plan.change.place;
		},
		options.now
	);
}
