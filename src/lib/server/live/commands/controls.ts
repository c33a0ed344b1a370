// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * The facilitator's live controls: purpose explained, which prompt phones answer now, the timer, whether the
 * projector shows the join code, which address the join link uses, and talked-through objections. Stored in
 * the session row so that a restart loses none of it (also whether the projector shows "our ground rules" over
 * everything, issue 11); every change is logged as `controls.changed` with the
 * server's clock, so that phones and the projector can correct their own clock's skew.
 */
import { and, count, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import {
	CHECK_OUT_PROMPTS,
	type JoinInfo,
	type OpenablePrompt,
	type PublicControls,
	RESULT_PROMPTS,
	type ResultPrompt,
	type SpotlightTarget,
	type TimerView
} from '$lib/live/types';
import type { StaffPrincipal } from '../../auth/principal';
import { recordAudit } from '../../audit';
import { monotonicNow } from '../../clock';
import type { Db } from '../../db';
import { commitment, contribution, theme } from '../../db/schema';
import { requireSessionAccess } from '../http/access';
import { reachableAddresses, phoneUrl, type AddressOptions } from '../phones/addresses';
import { promptAggregate } from '../views/aggregates';
import { LiveError } from '../errors';
import { sharePartners } from '../views/share';
import { appendEvent } from '../../sessions/service';
import { forgetSpeakingRound } from '../speaking-queue';
import { announceSpeaking, withRoundEnded } from './speaking';
import {
	commit,
	readSessionState,
	writeControls,
	type Controls,
	type Emit,
	type SessionState,
	type TimerState,
	type Tx
} from '../store';

/**
 * How long a timer has run, on the monotonic clock (`monotonicNow`). Bounded by 0 and its duration: after a
 * restart the clock starts from the wall clock again, and a wall clock set back meanwhile must not give a
 * 60-second timer an hour.
 */
function elapsedOf(timer: TimerState, now: number): number {
	const running = timer.startedAt === null ? 0 : Math.max(0, now - timer.startedAt);
	return Math.min(timer.durationMs, Math.max(0, timer.elapsedMs) + running);
}

export function timerView(timer: TimerState | null, now: number): TimerView | null {
	if (!timer) return null;
	const running = timer.startedAt !== null;
	const elapsed = elapsedOf(timer, now);
	const remainingMs = Math.max(0, timer.durationMs - elapsed);
	return {
		durationMs: timer.durationMs,
		remainingMs,
		running: running && remainingMs > 0,
		endsAt: running ? now + remainingMs : null
	};
}

export function publicControls(controls: Controls, now: number): PublicControls {
	return {
		purposeExplained: controls.purposeExplained,
		openPrompt: controls.openPrompt,
		timer: timerView(controls.timer, now),
		joinVisible: controls.joinVisible,
		doorOpen: controls.doorOpen,
		groundRulesShown: controls.groundRulesShown,
		checkOutOpen: controls.checkOutOpen,
		spotlight: controls.spotlight,
		languages: controls.languages
	};
}

export function qrPath(sessionId: string): string {
	return `/api/v1/sessions/${sessionId}/qr.svg`;
}

/** The join details of a session (whether or not the projector shows them). */
export function joinInfo(
	state: Pick<SessionState, 'id' | 'joinCode' | 'controls'>,
	fallbackOrigin: string
): JoinInfo {
	const code = state.joinCode ?? '';
	return {
		code,
		phoneUrl: phoneUrl(state.controls.origin ?? fallbackOrigin, code),
		qrPath: qrPath(state.id)
	};
}

export type ControlChange =
	| { type: 'purpose.explained'; explained: boolean }
	| { type: 'objections.resolved' }
	| { type: 'prompt.open'; prompt: OpenablePrompt }
	| { type: 'prompt.close' }
	| { type: 'timer.start'; durationSeconds?: number }
	| { type: 'timer.pause' }
	| { type: 'timer.reset' }
	| { type: 'join.show' }
	| { type: 'join.hide' }
	| { type: 'door.close' }
	| { type: 'door.open' }
	| { type: 'groundRules.show' }
	| { type: 'groundRules.hide' }
	| { type: 'address.choose'; origin: string }
	| { type: 'checkOut.open' }
	| { type: 'checkOut.close' }
	| { type: 'spotlight.set'; kind: SpotlightTarget['kind']; id: string }
	| { type: 'spotlight.clear' }
	| { type: 'display.languages'; first: string; second: string | null };

/** The round whose result the room sees once `prompt` closes; none for a question that has no chart. */
function resultOf(prompt: OpenablePrompt | null): ResultPrompt | null {
	return prompt && (RESULT_PROMPTS as readonly string[]).includes(prompt) ? (prompt as ResultPrompt) : null;
}

/**
 * The new controls after one change. `now` is the monotonic clock (timers); `at` the wall clock (records);
 * `lastSeq` the session's sequence number before this change (objections answered up to it are talked through).
 */
function applyChange(
	controls: Controls,
	change: ControlChange,
	time: { now: number; at: number; lastSeq: number },
	addresses: () => string[]
): Controls {
	const { now } = time;
	switch (change.type) {
		case 'purpose.explained':
			return { ...controls, purposeExplained: change.explained };
		case 'objections.resolved':
			return { ...controls, objectionsResolvedAt: time.at, objectionsResolvedSeq: time.lastSeq };
		case 'prompt.open':
			// One thing at a time on the phones: a prompt replaces the check-out round (and the last round's result).
			return { ...controls, openPrompt: change.prompt, checkOutOpen: false, resultShown: null };
		case 'prompt.close':
			// The room sees the result of the round it just answered (a chart once enough answered); a second close
			// (a double click) leaves it up.
			return {
				...controls,
				openPrompt: null,
				resultShown: controls.openPrompt ? resultOf(controls.openPrompt) : controls.resultShown
			};
		case 'checkOut.open':
			return { ...controls, openPrompt: null, checkOutOpen: true, resultShown: null };
		case 'checkOut.close':
			return { ...controls, checkOutOpen: false };
		case 'timer.start': {
			if (change.durationSeconds !== undefined) {
				return {
					...controls,
					timer: { durationMs: change.durationSeconds * 1000, startedAt: now, elapsedMs: 0 }
				};
			}
			// Without a duration: carry on with a paused timer.
			const timer = controls.timer;
			if (!timer || timer.startedAt !== null) return controls;
			return { ...controls, timer: { ...timer, startedAt: now } };
		}
		case 'timer.pause': {
			const timer = controls.timer;
			if (!timer || timer.startedAt === null) return controls;
			return {
				...controls,
				timer: { ...timer, startedAt: null, elapsedMs: elapsedOf(timer, now) }
			};
		}
		case 'timer.reset':
			return { ...controls, timer: null };
		case 'join.show':
			return { ...controls, joinVisible: true };
		case 'join.hide':
			return { ...controls, joinVisible: false };
		case 'door.close':
			return { ...controls, doorOpen: false };
		case 'door.open':
			return { ...controls, doorOpen: true };
		case 'groundRules.show':
			return { ...controls, groundRulesShown: true };
		case 'groundRules.hide':
			return { ...controls, groundRulesShown: false };
		case 'spotlight.set':
			return { ...controls, spotlight: { kind: change.kind, id: change.id } };
		case 'spotlight.clear':
			return { ...controls, spotlight: null };
		case 'display.languages':
			// Two lines of the same language would only repeat each other; the field says so in plain words.
			if (change.second === change.first) {
				throw new LiveError(422, 'invalid', m.live_field_languages_same(), {
					errors: { second: m.live_field_languages_same() }
				});
			}
			return { ...controls, languages: { first: change.first, second: change.second } };
		case 'address.choose':
			if (!addresses().includes(change.origin)) {
				throw new LiveError(422, 'originUnknown', m.live_error_origin_unknown(), {
					errors: { origin: m.live_error_origin_unknown() }
				});
			}
			return { ...controls, origin: change.origin };
	}
}

/**
 * Only what the room may see goes in the spotlight: a theme of this session that still exists, or a contribution
 * of this session that a facilitator approved (and did not hide since).
 */
function requireOnWall(tx: Tx, sessionId: string, target: SpotlightTarget): void {
	const found =
		target.kind === 'theme'
			? tx
					.select({ id: theme.id })
					.from(theme)
					.where(and(eq(theme.id, target.id), eq(theme.sessionId, sessionId)))
					.get()
			: tx
					.select({ id: contribution.id })
					.from(contribution)
					.where(
						and(
							eq(contribution.id, target.id),
							eq(contribution.sessionId, sessionId),
							eq(contribution.status, 'approved')
						)
					)
					.get();
	if (!found) {
		throw new LiveError(409, 'notOnWall', m.live_error_spotlight_not_on_wall(), {
			errors: { id: m.live_error_spotlight_not_on_wall() }
		});
	}
}

/**
 * Applies one control change and logs it. Closing a prompt also logs its final aggregate for the console (a
 * prompt's mean is withheld while it is open). Returns the new controls.
 */
export function changeControls(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	change: ControlChange,
	options: AddressOptions & {
		now?: number;
		/** The monotonic clock's reading for timers (`monotonicNow`); `now` when only that is given (tests). */
		clock?: number;
	}
): Controls {
	const access = requireSessionAccess(db, staff, sessionId);
	const actorId = staff?.id ?? null;
	const clock = options.clock ?? options.now ?? monotonicNow();
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			const state = readSessionState(tx, sessionId);
			// The consent round asks about a draft, and the check-out round ends the meeting: each has its phase.
			if (change.type === 'prompt.open' && change.prompt === 'consent') {
				if (state.phase !== 'agreement') {
					throw new LiveError(409, 'wrongPhase', m.outcome_error_consent_phase(), { phase: state.phase });
				}
				const commitments =
					tx.select({ n: count() }).from(commitment).where(eq(commitment.sessionId, sessionId)).get()?.n ?? 0;
				if (commitments === 0) throw new LiveError(409, 'noCommitments', m.outcome_error_no_commitments());
			}
			// Sharing asks about the agreement and names the follow-up's partners: the agreement phase, with partners.
			if (change.type === 'prompt.open' && change.prompt === 'share') {
				if (state.phase !== 'agreement' || sharePartners(tx, sessionId).length === 0) {
					throw new LiveError(409, 'wrongPhase', m.outcome_error_share_phase(), { phase: state.phase });
				}
			}
			if (change.type === 'spotlight.set') requireOnWall(tx, sessionId, change);
			if (change.type === 'checkOut.open' && state.phase !== 'closing') {
				throw new LiveError(409, 'wrongPhase', m.outcome_error_check_out_phase(), { phase: state.phase });
			}
			const next = applyChange(state.controls, change, { now: clock, at, lastSeq: state.lastSeq }, () =>
				reachableAddresses(options).map((a) => a.origin)
			);
			if (JSON.stringify(next) === JSON.stringify(state.controls)) return next;
			announceControls(tx, emit, state, next, { at, clock }, options.requestOrigin, actorId);
			if (JSON.stringify(next.spotlight) !== JSON.stringify(state.controls.spotlight)) {
				// What was put before the whole room, and by whom, is a staff action worth keeping (ids only).
				recordAudit(tx, {
					organisationId: access.organisationId,
					actorId,
					action: next.spotlight ? 'session.spotlight.set' : 'session.spotlight.clear',
					targetType: 'session',
					targetId: sessionId,
					detail: next.spotlight ? { kind: next.spotlight.kind, id: next.spotlight.id } : {},
					at
				});
			}
			if (next.doorOpen !== state.controls.doorOpen) {
				// Who shut the room to newcomers, and when, is a staff action worth keeping.
				recordAudit(tx, {
					organisationId: access.organisationId,
					actorId,
					action: next.doorOpen ? 'session.door.open' : 'session.door.close',
					targetType: 'session',
					targetId: sessionId,
					at
				});
			}
			return next;
		},
		options.now
	);
}

/**
 * Writes new controls and logs them. Closing a prompt or the check-out round also logs their final aggregates
 * for the console (a prompt's mean is withheld while it is open).
 */
function announceControls(
	tx: Tx,
	emit: Emit,
	state: SessionState,
	next: Controls,
	{ at, clock }: { at: number; clock: number },
	requestOrigin: string,
	actorId: string | null
): void {
	const sessionId = state.id;
	writeControls(tx, sessionId, next, at);
	emit(
		'controls.changed',
		{
			// The timer and the time phones correct their skew by, both on the monotonic clock.
			...publicControls(next, clock),
			serverNow: clock,
			// A closed door hides the code too: the room is not invited to use a code that lets no one in.
			join: next.joinVisible && next.doorOpen ? joinInfo({ ...state, controls: next }, requestOrigin) : null
		},
		{ actorId }
	);
	const closed = state.controls.openPrompt;
	if (closed && next.openPrompt !== closed) {
		emit('response.counted', promptAggregate(tx, sessionId, closed, state.settings.minGroupSize, false), {
			audience: 'staff',
			actorId
		});
	}
	if (state.controls.checkOutOpen && !next.checkOutOpen) {
		for (const prompt of CHECK_OUT_PROMPTS) {
			emit('response.counted', promptAggregate(tx, sessionId, prompt, state.settings.minGroupSize, false), {
				audience: 'staff',
				actorId
			});
		}
	}
}

/**
 * Closes an open prompt and the check-out round, stops the timer and clears the spotlight, inside the transaction that moves the
 * session to another phase (forward, back, or to `closed`): a question and a timer belong to the phase they were
 * started in. The next phase's screens would otherwise be hidden behind the question (or ask for answers the
 * server no longer takes), and show a countdown, or "time is up", that no longer means anything.
 */
export function closeRoundsIn(
	tx: Tx,
	sessionId: string,
	at: number,
	requestOrigin: string,
	actorId: string | null
): void {
	const state = readSessionState(tx, sessionId);
	const { openPrompt, checkOutOpen, timer, spotlight, resultShown, speaking } = state.controls;
	if (!openPrompt && !checkOutOpen && !timer && !spotlight && !resultShown && !speaking) return;
	const emit: Emit = (type, payload, options = {}) =>
		appendEvent(tx, sessionId, type, payload, { ...options, at }).seq;
	// A speaking round belongs to its phase too: it ends with the move, kept for the report as counts only.
	const next = withRoundEnded(
		{
			...state.controls,
			openPrompt: null,
			checkOutOpen: false,
			timer: null,
			spotlight: null,
			resultShown: null
		},
		at
	);
	announceControls(tx, emit, state, next, { at, clock: monotonicNow() }, requestOrigin, actorId);
	if (speaking) {
		announceSpeaking(emit, speaking.id, actorId);
		// Who asked, and under which name, is forgotten with the round (in memory only; nothing to roll back on disk).
		forgetSpeakingRound(sessionId);
	}
}
