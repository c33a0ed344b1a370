// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * The speaking round as each role sees it (issue 11, the talking piece). Phones and the projector: who holds the
 * piece and who is next, by the first name or seat number given for the round only (or "someone"). The console:
 * also the queue in order and how many turns and passes so far (passes under the small-group rule). Read from the
 * session's controls (the round, its holder, its counts) and the in-memory queue (the labels).
 */
import type { MySpeakingPlace, SpeakingRoundStaffView, SpeakingRoundView } from '$lib/live/speaking';
import { countFigure } from '$lib/privacy/small-groups';
import { myPlace, seatOfTurn, waitingSeats } from '../speaking-queue';
import type { SessionState } from '../store';

export function speakingView(state: SessionState): SpeakingRoundView | null {
	const round = state.controls.speaking;
	if (!round) return null;
	return {
		id: round.id,
		purpose: round.purpose,
		holder: seatOfTurn(state.id, round.id, round.holder),
		next: waitingSeats(state.id, round.id)[0] ?? null,
		turnStartedAt: round.holder === null ? null : round.turnStartedAt,
		barSeconds: round.barSeconds
	};
}

export function speakingStaffView(state: SessionState): SpeakingRoundStaffView | null {
	const round = state.controls.speaking;
	const shown = speakingView(state);
	if (!round || !shown) return null;
	return {
		...shown,
		queue: waitingSeats(state.id, round.id),
		turns: round.turns,
		passes: countFigure(round.passes, state.settings.minGroupSize)
	};
}

/** A phone's own place in the round now, if it asked or passed. */
export function mySpeakingPlace(state: SessionState, participantId: string): MySpeakingPlace | null {
	const round = state.controls.speaking;
	return round ? myPlace(state.id, round.id, participantId) : null;
}
