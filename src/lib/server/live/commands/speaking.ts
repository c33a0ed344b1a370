// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * The speaking round (issue 11, the talking piece): the facilitator starts one in any live phase (an open round,
 * or the check-in or check-out spoken), passes the piece on, shows or hides the projector's gentle bar, and ends
 * it. The round, its holder (a random turn id), when the turn began and how many turns and passes there were are
 * kept in the session's controls; who asked, and under which first name or seat, only in memory
 * (`../speaking-queue.ts`), forgotten when the round ends. Every change is logged as `speaking.changed` carrying
 * the round's id only: streams read the round as it is now (`streams/replay.ts`), so no name ever enters the log.
 *
 * Passing is guarded: the console names the holder it showed (`from`), and a pass is refused when someone else
 * holds the piece by now, so two consoles pressing at once move it one step, not two.
 */
import { randomBytes } from 'node:crypto';
import { isLivePhase } from '$lib/dialogue';
import type { SpeakingPurpose } from '$lib/live/speaking';
import { m } from '$lib/paraglide/messages';
import type { StaffPrincipal } from '../../auth/principal';
import { monotonicNow } from '../../clock';
import type { Db } from '../../db';
import { requireSessionAccess } from '../http/access';
import { LiveError } from '../errors';
import { forgetSpeakingRound, movePiece, waitingSeats } from '../speaking-queue';
import {
	afterCommit,
	commit,
	readSessionState,
	writeControls,
	type Controls,
	type Emit,
	type SpeakingRoundState
} from '../store';

export type SpeakingChange =
	| { type: 'speaking.start'; purpose: SpeakingPurpose; barSeconds: number | null }
	| { type: 'speaking.pass'; roundId: string; from: string | null }
	| { type: 'speaking.bar'; roundId: string; barSeconds: number | null }
	| { type: 'speaking.end'; roundId: string };

/** The controls once the running round ended: kept for the report as counts only. */
export function withRoundEnded(controls: Controls, at: number): Controls {
	const round = controls.speaking;
	if (!round) return controls;
	return {
		...controls,
		speaking: null,
		speakingRounds: [
			...controls.speakingRounds,
			{
				purpose: round.purpose,
				phase: round.phase,
				turns: round.turns,
				passes: round.passes,
				startedAt: round.startedAt,
				endedAt: at
			}
		]
	};
}

function requireRound(round: SpeakingRoundState | null, roundId: string): SpeakingRoundState {
	if (!round || round.id !== roundId) {
		throw new LiveError(409, 'speakingRoundEnded', m.live_error_speaking_round_ended());
	}
	return round;
}

/** Logs that the round changed: its id only (streams read the round as it is now). */
export function announceSpeaking(emit: Emit, roundId: string, actorId: string | null): void {
	emit('speaking.changed', { roundId }, { actorId });
}

/** Applies one change to the speaking round and logs it. Returns the round's id (null once ended). */
export function changeSpeaking(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	change: SpeakingChange,
	options: { now?: number; clock?: number } = {}
): string | null {
	requireSessionAccess(db, staff, sessionId);
	const actorId = staff?.id ?? null;
	const clock = options.clock ?? options.now ?? monotonicNow();
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			const state = readSessionState(tx, sessionId);
			const controls = state.controls;
			switch (change.type) {
				case 'speaking.start': {
					if (!isLivePhase(state.phase) || state.closedAt !== null) {
						throw new LiveError(409, 'wrongPhase', m.live_error_speaking_not_live(), { phase: state.phase });
					}
					if (controls.speaking) {
						throw new LiveError(409, 'speakingRunning', m.live_error_speaking_running(), {
							roundId: controls.speaking.id
						});
					}
					const round: SpeakingRoundState = {
						id: randomBytes(12).toString('base64url'),
						purpose: change.purpose,
						phase: state.phase,
						startedAt: at,
						holder: null,
						turnStartedAt: null,
						barSeconds: change.barSeconds,
						turns: 0,
						passes: 0
					};
					writeControls(tx, sessionId, { ...controls, speaking: round }, at);
					announceSpeaking(emit, round.id, actorId);
					afterCommit(() => forgetSpeakingRound(sessionId));
					return round.id;
				}
				case 'speaking.pass': {
					const round = requireRound(controls.speaking, change.roundId);
					if (round.holder !== change.from) {
						throw new LiveError(409, 'speakingMoved', m.live_error_speaking_moved(), {
							holder: round.holder
						});
					}
					const next = waitingSeats(sessionId, round.id)[0] ?? null;
					if (round.holder === null && next === null) {
						throw new LiveError(409, 'speakingQueueEmpty', m.live_error_speaking_queue_empty());
					}
					const moved: SpeakingRoundState = {
						...round,
						holder: next?.turnId ?? null,
						turnStartedAt: next ? clock : null,
						turns: round.turns + (next ? 1 : 0)
					};
					writeControls(tx, sessionId, { ...controls, speaking: moved }, at);
					announceSpeaking(emit, round.id, actorId);
					afterCommit(() => movePiece(sessionId, round.id, round.holder, next?.turnId ?? null));
					return round.id;
				}
				case 'speaking.bar': {
					const round = requireRound(controls.speaking, change.roundId);
					if (round.barSeconds === change.barSeconds) return round.id;
					writeControls(
						tx,
						sessionId,
						{ ...controls, speaking: { ...round, barSeconds: change.barSeconds } },
						at
					);
					announceSpeaking(emit, round.id, actorId);
					return round.id;
				}
				case 'speaking.end': {
					const round = requireRound(controls.speaking, change.roundId);
					writeControls(tx, sessionId, withRoundEnded(controls, at), at);
					announceSpeaking(emit, round.id, actorId);
					afterCommit(() => forgetSpeakingRound(sessionId));
					return null;
				}
			}
		},
		options.now
	);
}
