// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * The facilitator's commands (`POST /api/v1/sessions/{id}/commands`): one entry point that validates the
 * command, checks the person may run this session, and hands it to the service that does it. Phase changes go
 * through the dialogue machine via `applyEvent`; an advance whose values check does not pass is refused here,
 * with the unmet values and their reasons, without being sent.
 */
import {
	checkAdvance,
	checkRevisit,
	endingRefusal,
	isFinishedPhase,
	VALUES,
	type Overrides,
	type ValuesCheck
} from '$lib/dialogue';
import { commandSchema, type Command } from '$lib/live/schemas';
import { shownCheck } from '$lib/privacy/small-groups';
import type { CommandResult, UnmetValues } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';
import type { StaffPrincipal } from '../../auth/principal';
import { monotonicNow } from '../../clock';
import { reclaimFreedSpace, type Db } from '../../db';
import { applyEvent, PhaseMovedError, RevisionConflictError, type ApplyResult } from '../../sessions/service';
import { requireSessionAccess } from '../http/access';
import type { AddressOptions } from '../phones/addresses';
import { changeControls, closeRoundsIn, type ControlChange } from './controls';
import { LiveError } from '../errors';
import { pendingSeenBy, sessionFacts } from '../views/facts';
import {
	answerTheme,
	approveContribution,
	approveUnflagged,
	assignToTheme,
	createTheme,
	hideContribution,
	hideContributions,
	mergeThemes,
	redactContribution,
	renameTheme,
	setProposalOwnerRole,
	setProposalRiskNote,
	shortlistProposal,
	suggestThemes,
	tieProposal
} from './moderation';
import {
	addCommitment,
	moveCommitment,
	readBackAgreement,
	recordRitual,
	removeCommitment,
	resolveConsent,
	setFollowUp,
	updateCommitment
} from './agreement';
import { finishClosedSession } from './closing';
import { endSessionEarly } from './ending';
import { recordSafeguarding } from './safeguarding';
import { rotateDisplayLink } from './sessions';
import { changeSpeaking } from './speaking';
import { clearPauseRequests } from '../streams/presence';
import { readSessionState, type SessionState } from '../store';
import { parseInput } from '../validate';
import { currentCheck } from '../views/views';

/** The unmet values of a refused advance, as staff may see them (no count of people below the minimum group size). */
export function unmetValues(raw: ValuesCheck, minGroupSize: number): UnmetValues {
	const check = shownCheck(raw, minGroupSize);
	return {
		check,
		unmet: VALUES.filter((v) => check.results[v].state === 'unmet').map((value) => ({
			value,
			reasons: check.results[value].reasons
		}))
	};
}

function phaseMoved(current: { phase: string; revision: number; seq: number }): LiveError {
	return new LiveError(409, 'phaseMoved', m.live_error_phase_moved(), { state: current });
}

/**
 * A phase move names the phase it moves from (the one the console showed). Refused, with where the session is
 * now, when it is no longer there: the second of two presses must not move the session a second step.
 */
function requireFrom(state: SessionState, from: string): void {
	if (state.phase !== from) {
		throw phaseMoved({ phase: state.phase, revision: state.revision, seq: state.lastSeq });
	}
}

/** Runs a machine event, turning a stale revision or a phase already left into a 409 a person can act on. */
function apply(run: () => ApplyResult): ApplyResult {
	try {
		return run();
	} catch (error) {
		if (error instanceof RevisionConflictError) {
			throw new LiveError(409, 'staleRevision', m.live_error_stale_revision());
		}
		if (error instanceof PhaseMovedError) throw phaseMoved(error.current);
		throw error;
	}
}

function advance(
	db: Db,
	staff: StaffPrincipal,
	sessionId: string,
	command: Extract<Command, { type: 'phase.advance' }>,
	at: number,
	requestOrigin: string
): ValuesCheck {
	const state = readSessionState(db, sessionId);
	requireFrom(state, command.from);
	if (state.phase === 'paused' || state.phase === 'closed') {
		throw new LiveError(
			409,
			'machineRefused',
			state.phase === 'paused' ? m.live_error_advance_paused() : m.live_error_session_closed()
		);
	}
	const facts = sessionFacts(db, sessionId, at);
	const min = state.settings.minGroupSize;
	if (command.seenSeq !== undefined) facts.moderationQueue = pendingSeenBy(db, sessionId, command.seenSeq);
	const snapshot = { value: state.machineValue, context: { settings: state.settings } };
	const check = checkAdvance(snapshot, facts, command.overrides);
	if (!check) throw new LiveError(409, 'machineRefused', m.live_error_machine_refused());
	if (!check.passed) {
		throw new LiveError(409, 'valuesUnmet', m.live_error_values_unmet(), { ...unmetValues(check, min) });
	}
	// An override of a value that is met is ignored, and is not recorded as if it had been needed.
	const overrides: Overrides = {};
	for (const value of VALUES) {
		const text = check.results[value].override;
		if (check.results[value].state === 'overridden' && text) overrides[value] = text;
	}
	const result = apply(() =>
		applyEvent(
			db,
			sessionId,
			{
				type: 'phase.advance',
				facts,
				...(Object.keys(overrides).length > 0 ? { overrides } : {}),
				at,
				by: staff.id
			},
			{
				expectedRevision: command.expectedRevision,
				expectedPhase: command.from,
				actorId: staff.id,
				// Closing and everything it entails (report, erasing voter keys) commit with the move, or not at all;
				// so does closing the questions of the phase that ends.
				within: (tx, session) => {
					closeRoundsIn(tx, sessionId, at, requestOrigin, staff.id);
					if (session.phase === 'closed') finishClosedSession(tx, sessionId, session.snapshot.context, at);
				}
			}
		)
	);
	if (result.status === 'refused') {
		// Facts changed between the check and the write (another request in between): report the fresh check.
		const fresh = result.check ?? check;
		throw new LiveError(409, 'valuesUnmet', m.live_error_values_unmet(), { ...unmetValues(fresh, min) });
	}
	// Closing erased the voter secret and keys; their old copies must not stay readable in the WAL or free pages.
	if (state.phase === 'closing') reclaimFreedSpace(db);
	return shownCheck(result.check ?? check, min);
}

/**
 * Ends the session early (issue 11): irreversible, so refused with a plain reason when the session has already
 * finished or has not started. The report of how far the meeting got is stored and the voter secret erased in the
 * same transaction as the move, exactly as closing does.
 */
function endEarly(
	db: Db,
	staff: StaffPrincipal,
	sessionId: string,
	command: Extract<Command, { type: 'session.endEarly' }>,
	at: number,
	requestOrigin: string
): void {
	if (command.reason === 'other' && !command.note) {
		throw new LiveError(422, 'invalid', m.live_error_invalid(), {
			errors: { note: m.live_field_end_note() }
		});
	}
	const state = readSessionState(db, sessionId);
	if (isFinishedPhase(state.phase) || state.closedAt !== null) {
		throw new LiveError(409, 'sessionEnded', m.live_error_end_early_finished());
	}
	if (state.phase === 'preparation') {
		throw new LiveError(409, 'machineRefused', m.live_error_end_early_not_started());
	}
	const refused = endingRefusal(command.reason, command.note);
	if (refused)
		throw new LiveError(409, 'machineRefused', m.live_error_machine_refused(), { reason: refused });
	const result = apply(() =>
		endSessionEarly(db, sessionId, {
			reason: command.reason,
			note: command.note,
			at,
			by: staff.id,
			requestOrigin
		})
	);
	if (result.status === 'refused') throw new LiveError(409, 'machineRefused', m.live_error_machine_refused());
}

/**
 * Runs one facilitator command. Returns the session's phase, revision and last sequence number after it, the
 * values check (of the advance, or the current one), and a `result` for commands that answer something.
 */
export function commandSession(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	input: unknown,
	options: AddressOptions & { now?: number }
): CommandResult {
	return answerCommand(db, runCommand(db, staff, sessionId, input, options));
}

/** A command carried out, before its answer is put together (`answerCommand`). */
export interface CommandDone {
	sessionId: string;
	at: number;
	/** The values check the command computed itself (a phase advance), if it did. */
	check: ValuesCheck | null | undefined;
	result: Record<string, unknown> | undefined;
}

/**
 * The answer to a command: the session's state now and the values check the next advance would get. Computing the
 * check reads the whole session (tens of queries), so the API route does it in the next turn of the event loop,
 * after the command's events have been written to every open stream, not before.
 */
export function answerCommand(db: Db, done: CommandDone): CommandResult {
	const state = readSessionState(db, done.sessionId);
	return {
		state: { phase: state.phase, revision: state.revision, seq: state.lastSeq },
		check: done.check === undefined ? currentCheck(db, state, done.at) : done.check,
		...(done.result ? { result: done.result } : {})
	};
}

/** Carries out one staff command (validated, authorised, applied and logged); see `commandSession`. */
export function runCommand(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	input: unknown,
	options: AddressOptions & { now?: number }
): CommandDone {
	const command = parseInput(commandSchema, input);
	requireSessionAccess(db, staff, sessionId);
	// requireSessionAccess refuses a missing principal; this narrows the type for the calls below.
	if (!staff) throw new LiveError(401, 'signInRequired', m.live_error_sign_in());
	const at = options.now ?? Date.now();
	// Timers run on the monotonic clock: a wall clock set back must not lengthen them (tests give `now`).
	const clock = options.now ?? monotonicNow();
	let check: ValuesCheck | null | undefined;
	let result: Record<string, unknown> | undefined;
	/** A change of what the room's screens show; timers on the monotonic clock. */
	const controls = (change: ControlChange) =>
		changeControls(db, staff, sessionId, change, { ...options, now: at, clock });

	switch (command.type) {
		case 'phase.advance':
			check = advance(db, staff, sessionId, command, at, options.requestOrigin);
			break;
		case 'phase.revisit': {
			const state = readSessionState(db, sessionId);
			requireFrom(state, command.from);
			const refusal = checkRevisit({ value: state.machineValue }, command.phase, command.reason);
			if (refusal) {
				throw new LiveError(409, 'revisitRefused', m.live_error_revisit_refused(), { reason: refusal });
			}
			const applied = apply(() =>
				applyEvent(
					db,
					sessionId,
					{ type: 'phase.revisit', phase: command.phase, reason: command.reason, at, by: staff.id },
					{
						expectedRevision: command.expectedRevision,
						expectedPhase: command.from,
						actorId: staff.id,
						within: (tx) => closeRoundsIn(tx, sessionId, at, options.requestOrigin, staff.id)
					}
				)
			);
			if (applied.status === 'refused')
				throw new LiveError(409, 'revisitRefused', m.live_error_revisit_refused());
			break;
		}
		case 'session.pause': {
			const applied = apply(() =>
				applyEvent(db, sessionId, {
					type: 'session.pause',
					at,
					by: staff.id,
					...(command.reason ? { reason: command.reason } : {})
				})
			);
			if (applied.status === 'refused')
				throw new LiveError(409, 'machineRefused', m.live_error_pause_refused());
			// Pausing answers every "I need a moment".
			clearPauseRequests(sessionId);
			break;
		}
		case 'session.endEarly':
			endEarly(db, staff, sessionId, command, at, options.requestOrigin);
			break;
		case 'pauseRequests.seen':
			clearPauseRequests(sessionId);
			break;
		case 'session.resume': {
			const applied = apply(() => applyEvent(db, sessionId, { type: 'session.resume', at, by: staff.id }));
			if (applied.status === 'refused')
				throw new LiveError(409, 'machineRefused', m.live_error_resume_refused());
			break;
		}
		case 'contribution.approve':
			approveContribution(db, staff, sessionId, command.contributionId, {
				themeId: command.themeId,
				now: at
			});
			break;
		case 'contribution.hide':
			hideContribution(db, staff, sessionId, command.contributionId, {
				note: command.note || undefined,
				now: at
			});
			break;
		case 'contributions.hide':
		case 'contributions.hideFlagged':
			result = {
				hidden: hideContributions(
					db,
					staff,
					sessionId,
					command.type === 'contributions.hide'
						? { contributionIds: command.contributionIds }
						: { flagged: true },
					{ note: command.note || undefined, now: at }
				)
			};
			break;
		case 'contributions.approveUnflagged':
			result = {
				approved: approveUnflagged(db, staff, sessionId, { seenSeq: command.seenSeq, now: at })
			};
			break;
		case 'contribution.safeguard':
			result = {
				record: recordSafeguarding(
					db,
					staff,
					sessionId,
					command.contributionId,
					{ action: command.action, note: command.note ?? '' },
					at
				)
			};
			break;
		case 'contribution.redact':
			redactContribution(db, staff, sessionId, command.contributionId, command.text, command.note, at);
			break;
		case 'theme.create':
			result = {
				themeId: createTheme(db, staff, sessionId, command.title, command.contributionIds ?? [], at)
			};
			break;
		case 'theme.assign':
			assignToTheme(db, staff, sessionId, command.contributionIds, command.themeId, at);
			break;
		case 'theme.merge':
			mergeThemes(db, staff, sessionId, command.themeIds, command.into, at);
			break;
		case 'theme.rename':
			renameTheme(db, staff, sessionId, command.themeId, command.title, at);
			break;
		case 'theme.answer':
			answerTheme(db, staff, sessionId, command.themeId, command.note, at);
			break;
		case 'theme.suggest':
			result = { suggestions: suggestThemes(db, sessionId) };
			break;
		case 'proposal.shortlist':
			shortlistProposal(db, staff, sessionId, command.contributionId, command.shortlisted, at);
			break;
		case 'proposal.owner':
			setProposalOwnerRole(db, staff, sessionId, command.contributionId, command.ownerRole, at);
			break;
		case 'proposal.risk':
			setProposalRiskNote(db, staff, sessionId, command.contributionId, command.riskNote, at);
			break;
		case 'proposal.tie': {
			const tie = command.themeId
				? { themeId: command.themeId }
				: command.need
					? { need: command.need }
					: null;
			tieProposal(db, staff, sessionId, command.contributionId, tie, at);
			break;
		}
		case 'speaking.start':
		case 'speaking.pass':
		case 'speaking.bar':
		case 'speaking.end':
			result = { roundId: changeSpeaking(db, staff, sessionId, command, { now: at, clock }) };
			break;
		case 'display.rotate':
			result = { ...rotateDisplayLink(db, staff, sessionId) };
			break;
		case 'purpose.explained':
			controls({ type: 'purpose.explained', explained: command.explained });
			break;
		case 'prompt.open':
			controls({ type: 'prompt.open', prompt: command.prompt });
			break;
		case 'timer.start':
			controls({ type: 'timer.start', durationSeconds: command.durationSeconds });
			break;
		case 'display.languages':
			controls({ type: 'display.languages', first: command.first, second: command.second });
			break;
		case 'address.choose':
			controls({ type: 'address.choose', origin: command.origin });
			break;
		case 'consent.open':
			controls({ type: 'prompt.open', prompt: 'consent' });
			break;
		case 'consent.close':
			// Closes the consent round only: another prompt that happens to be open stays open.
			if (readSessionState(db, sessionId).controls.openPrompt === 'consent') {
				controls({ type: 'prompt.close' });
			}
			break;
		case 'agreement.commitment.add':
			result = addCommitment(db, staff, sessionId, command, at);
			break;
		case 'agreement.commitment.update':
			result = updateCommitment(db, staff, sessionId, command, at);
			break;
		case 'agreement.commitment.remove':
			result = removeCommitment(db, staff, sessionId, command.commitmentId, command.expectedVersion, at);
			break;
		case 'agreement.commitment.move':
			result = moveCommitment(
				db,
				staff,
				sessionId,
				command.commitmentId,
				command.position,
				command.expectedVersion,
				at
			);
			break;
		case 'agreement.readBack':
			readBackAgreement(db, staff, sessionId, command.version, at);
			break;
		case 'consent.resolve':
			resolveConsent(db, staff, sessionId, command.note, at, {
				version: command.version,
				resolutions: command.resolutions
			});
			break;
		case 'closing.ritualRecorded':
			recordRitual(db, staff, sessionId, command.note ?? '', at);
			break;
		case 'closing.followUp':
			setFollowUp(db, staff, sessionId, command.date, at);
			break;
		case 'checkOut.open':
		case 'checkOut.close':
		case 'objections.resolved':
		case 'prompt.close':
		case 'timer.pause':
		case 'timer.reset':
		case 'join.show':
		case 'join.hide':
		case 'door.close':
		case 'door.open':
		case 'groundRules.show':
		case 'groundRules.hide':
		case 'spotlight.clear':
			controls({ type: command.type });
			break;
		case 'spotlight.set':
			controls({ type: 'spotlight.set', kind: command.kind, id: command.id });
			break;
	}

	return { sessionId, at, check, result };
}
