// live/phones: what phones send (contributions, endorsements, answers), its screening and limits, addresses.
/**
 * What phones send: concerns and proposals, endorsements and answers. Every submission carries the phone's
 * `clientRequestId` and is stored once however often it is retried (a retry answers with the first result,
 * even after the phase moved on). Nothing stored here references the participant: contributions not at all,
 * endorsements and answers only through a voter key under the session's secret.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { isLivePhase, LIVE_PHASES } from '$lib/dialogue';
import {
	contributionSchema,
	endorsementSchema,
	responseSchema,
	type ContributionInput,
	type ResponseInput
} from '$lib/live/schemas';
import type { ConsentGradient } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';
import { countFigure } from '$lib/privacy/small-groups';
import type { Db } from '../../db';
import { prepared } from '../../db/prepared';
import { contribution, endorsement, response, sessionEvent } from '../../db/schema';
import type { ParticipantPrincipal } from '../http/access';
import { consentValue, isCheckOutPrompt, promptAggregate, promptIsOpen } from '../views/aggregates';
import { LiveError } from '../errors';
import { contributionLimiter, pendingLimiter, voteLimiter, type WindowLimiter } from './rate-limit';
import { screenText } from './screening';
import { endorsementCount, shownEndorsementsOf } from '../views/reads';
import { toModerationItem } from '../views/shapes';
import {
	afterCommit,
	commit,
	readSessionState,
	requireOpenForPhones,
	voterKey,
	type Emit,
	type SessionState,
	type Tx
} from '../store';
import { parseInput } from '../validate';

/** Which phase takes which kind: concerns while fears are shared, proposals while proposals are made. */
export const PHASE_FOR_KIND = { concern: 'fearsAndStigma', proposal: 'proposals' } as const;

/**
 * Checks the phone's limit; the hit counts only once the write commits (a failed write uses up no quota). Rate
 * windows are durations: measured on the limiter's monotonic clock, not on the request's wall time.
 */
function limit(limiter: WindowLimiter, key: string): void {
	const decision = limiter.check(key);
	if (!decision.allowed) {
		throw new LiveError(429, 'tooManySubmissions', m.live_error_too_many_submissions(), {
			retryAfterSeconds: decision.retryAfterSeconds
		});
	}
	afterCommit(() => limiter.hit(key));
}

/** This phone's voter key in the session (409 `sessionClosed` once the session's secret is gone). */
function phoneKey(state: SessionState, participant: ParticipantPrincipal): string {
	if (!state.voterSecret) throw new LiveError(409, 'sessionClosed', m.live_error_session_closed());
	return voterKey(state.voterSecret, participant.token);
}

/** Endorsing and taking support back: only in the proposals phase. */
function requireProposalsPhase(state: SessionState): void {
	if (state.phase !== 'proposals') {
		throw new LiveError(409, 'wrongPhase', m.live_error_endorse_phase(), { phase: state.phase });
	}
}

/** One move of a phone: a transaction on its session, with the session's state read first. */
function phoneCommit<T>(
	db: Db,
	participant: ParticipantPrincipal,
	now: number,
	fn: (tx: Tx, emit: Emit, state: SessionState, sessionId: string) => T
): T {
	const sessionId = participant.sessionId;
	return commit(db, sessionId, (tx, emit) => fn(tx, emit, readSessionState(tx, sessionId), sessionId), now);
}

export interface Submitted {
	id: string;
	/** False for a retry of a submission already stored. */
	created: boolean;
}

/**
 * The answer to a retry (the row stored under the same `clientRequestId`, if any): the first result, or 409
 * `requestIdReused` when the retry says something else. Null when it is no retry.
 */
function retried<T extends { id: string }>(
	existing: T | undefined,
	same: (row: T) => boolean
): Submitted | null {
	if (!existing) return null;
	if (!same(existing)) throw new LiveError(409, 'requestIdReused', m.live_error_request_id_reused());
	return { id: existing.id, created: false };
}

function sameSubmission(row: typeof contribution.$inferSelect, input: ContributionInput): boolean {
	const isProposal = input.kind === 'proposal';
	return (
		row.kind === input.kind &&
		row.text === input.text &&
		row.proposedRole === (isProposal ? input.proposedRole : '') &&
		row.resources === (isProposal ? input.resources : '')
	);
}

/** Which of these contributions still wait for moderation. */
function stillPending(tx: Tx, sessionId: string, ids: string[]): Set<string> {
	// One prepared lookup per id (a phone has at most a handful waiting): an `IN` list of varying length was a query
	// built anew on every submission.
	const pending = prepared(tx, 'contributionPending', (reader) =>
		reader
			.select({ id: contribution.id })
			.from(contribution)
			.where(
				and(
					eq(contribution.id, sql.placeholder('id')),
					eq(contribution.sessionId, sql.placeholder('sessionId')),
					eq(contribution.status, 'pending')
				)
			)
			.prepare()
	);
	return new Set(ids.filter((id) => pending.get({ id, sessionId }) !== undefined));
}

/**
 * Whether a contribution received outside its phase was written in it: the phone says it was in that phase at
 * the last event it had seen, the log agrees (the last move at or before that event went into that phase), and
 * the session has since moved past it. Going back (a revisit) makes the claim false.
 */
function arrivesLate(tx: Tx, state: SessionState, data: ContributionInput): boolean {
	const phase = PHASE_FOR_KIND[data.kind];
	const written = data.writtenIn;
	if (!written || written.phase !== phase || written.seq > state.lastSeq) return false;
	if (!isLivePhase(state.phase) || LIVE_PHASES.indexOf(state.phase) <= LIVE_PHASES.indexOf(phase))
		return false;
	const move = tx
		.select({ payload: sessionEvent.payload })
		.from(sessionEvent)
		.where(
			and(
				eq(sessionEvent.sessionId, state.id),
				lte(sessionEvent.seq, written.seq),
				inArray(sessionEvent.type, ['phase.advance', 'phase.revisit'])
			)
		)
		.orderBy(desc(sessionEvent.seq))
		.limit(1)
		.get();
	if (!move) return false;
	try {
		return (JSON.parse(move.payload) as { to?: unknown }).to === phase;
	} catch {
		return false;
	}
}

/**
 * Stores a concern or proposal, pending moderation, with the screening flags. 201 on first receipt, 200 with
 * the same id on a retry; 409 in a phase that does not take this kind, while paused, or when the same
 * `clientRequestId` comes with different content; 429 above ten a minute per phone, and while five of the
 * phone's contributions still wait for moderation (a flood must not bury the facilitator's queue). One written in its phase on a
 * phone that was offline and sent after the session moved on (`writtenIn`) goes into that phase's list, `late`.
 */
export function submitContribution(
	db: Db,
	participant: ParticipantPrincipal,
	input: unknown,
	now = Date.now()
): Submitted {
	const data = parseInput(contributionSchema, input);
	return phoneCommit(db, participant, now, (tx, emit, state, sessionId) => {
		const existing = prepared(tx, 'contributionByRequest', (reader) =>
			reader
				.select()
				.from(contribution)
				.where(
					and(
						eq(contribution.sessionId, sql.placeholder('sessionId')),
						eq(contribution.clientRequestId, sql.placeholder('clientRequestId'))
					)
				)
				.prepare()
		).get({ sessionId, clientRequestId: data.clientRequestId });
		const again = retried(existing, (row) => sameSubmission(row, data));
		if (again) return again;
		requireOpenForPhones(state);
		const late = state.phase !== PHASE_FOR_KIND[data.kind];
		if (late && !arrivesLate(tx, state, data)) {
			throw new LiveError(
				409,
				'wrongPhase',
				data.kind === 'concern' ? m.live_error_concern_phase() : m.live_error_proposal_phase(),
				{ phase: state.phase, kind: data.kind }
			);
		}
		const waiting = pendingLimiter.waiting(participant.id, (ids) => stillPending(tx, sessionId, ids));
		if (waiting >= pendingLimiter.limit) {
			throw new LiveError(
				429,
				'tooManyPending',
				m.live_error_too_many_pending({ limit: pendingLimiter.limit }),
				{ retryAfterSeconds: 30 }
			);
		}
		limit(contributionLimiter, participant.id);
		const isProposal = data.kind === 'proposal';
		const proposedRole = isProposal ? data.proposedRole : '';
		const resources = isProposal ? data.resources : '';
		const flags = screenText([data.text, proposedRole, resources].filter(Boolean).join('\n'));
		const row = prepared(tx, 'insertContribution', (reader) =>
			reader
				.insert(contribution)
				.values({
					id: sql.placeholder('id'),
					sessionId: sql.placeholder('sessionId'),
					kind: sql.placeholder('kind'),
					text: sql.placeholder('text'),
					clientRequestId: sql.placeholder('clientRequestId'),
					status: 'pending',
					flags: sql.placeholder('flags'),
					proposedRole: sql.placeholder('proposedRole'),
					resources: sql.placeholder('resources'),
					phase: sql.placeholder('phase'),
					late: sql.placeholder('late'),
					createdAt: sql.placeholder('createdAt')
				})
				.returning()
				.prepare()
		).get({
			id: randomUUID(),
			sessionId,
			kind: data.kind,
			text: data.text,
			clientRequestId: data.clientRequestId,
			flags: JSON.stringify(flags),
			proposedRole,
			resources,
			phase: PHASE_FOR_KIND[data.kind],
			// As SQLite keeps booleans: 0 or 1.
			late: late ? 1 : 0,
			createdAt: now
		});
		if (!row) throw new Error('the contribution was not stored');
		emit('contribution.submitted', toModerationItem(row), { audience: 'staff' });
		pendingLimiter.add(participant.id, row.id);
		return { id: row.id, created: true };
	});
}

/** Endorsements this phone has given to proposals that are still shown (what counts against the cap). */
function usedEndorsements(tx: Tx, sessionId: string, key: string): number {
	return shownEndorsementsOf(tx, sessionId, key).length;
}

/**
 * Tells every screen a proposal's support changed by `change` to `now`, only when the figure shown changed: an
 * event per endorsement below the minimum group size would let anyone count them (the small-group rule 6).
 */
function emitSupport(
	emit: Emit,
	contributionId: string,
	now: number,
	change: 1 | -1,
	state: SessionState
): void {
	const min = state.settings.minGroupSize;
	const shown = countFigure(now, min);
	if (shown === countFigure(now - change, min)) return;
	emit('endorsement.counted', { contributionId, endorsements: shown });
}

export interface Endorsed extends Submitted {
	endorsementsLeft: number;
}

/**
 * Supports an approved proposal: one per proposal and phone, at most `endorsementCap` per phone (default 3),
 * in the proposals phase. Idempotent on `clientRequestId`.
 */
export function endorse(
	db: Db,
	participant: ParticipantPrincipal,
	input: unknown,
	now = Date.now()
): Endorsed {
	const data = parseInput(endorsementSchema, input);
	return phoneCommit(db, participant, now, (tx, emit, state, sessionId) => {
		const key = phoneKey(state, participant);
		const cap = state.settings.endorsementCap;
		const existing = tx
			.select({ id: endorsement.id, voterKey: endorsement.voterKey })
			.from(endorsement)
			.where(and(eq(endorsement.sessionId, sessionId), eq(endorsement.clientRequestId, data.clientRequestId)))
			.get();
		const again = retried(existing, (row) => row.voterKey === key);
		if (again) {
			return { ...again, endorsementsLeft: Math.max(0, cap - usedEndorsements(tx, sessionId, key)) };
		}
		requireOpenForPhones(state);
		requireProposalsPhase(state);
		const target = tx
			.select({ kind: contribution.kind, status: contribution.status })
			.from(contribution)
			.where(and(eq(contribution.id, data.contributionId), eq(contribution.sessionId, sessionId)))
			.get();
		// A pending or hidden contribution does not exist for phones: the answer must not reveal it.
		if (!target || target.status !== 'approved') {
			throw new LiveError(404, 'contributionNotFound', m.live_error_contribution_not_found());
		}
		if (target.kind !== 'proposal') throw new LiveError(409, 'notProposal', m.live_error_not_proposal());
		limit(voteLimiter, participant.id);
		const already = tx
			.select({ id: endorsement.id })
			.from(endorsement)
			.where(and(eq(endorsement.contributionId, data.contributionId), eq(endorsement.voterKey, key)))
			.get();
		if (already) throw new LiveError(409, 'alreadyEndorsed', m.live_error_already_endorsed());
		const used = usedEndorsements(tx, sessionId, key);
		if (used >= cap) {
			throw new LiveError(409, 'endorsementCap', m.live_error_endorsement_cap({ cap }), { cap });
		}
		const id = randomUUID();
		tx.insert(endorsement)
			.values({
				id,
				sessionId,
				contributionId: data.contributionId,
				voterKey: key,
				clientRequestId: data.clientRequestId,
				createdAt: now
			})
			.run();
		emitSupport(emit, data.contributionId, endorsementCount(tx, data.contributionId), 1, state);
		return { id, created: true, endorsementsLeft: cap - used - 1 };
	});
}

/** Takes this phone's support back from a proposal (nothing happens when it had none). */
export function withdrawEndorsement(
	db: Db,
	participant: ParticipantPrincipal,
	contributionId: string,
	now = Date.now()
): { endorsementsLeft: number } {
	return phoneCommit(db, participant, now, (tx, emit, state, sessionId) => {
		const key = phoneKey(state, participant);
		requireOpenForPhones(state);
		requireProposalsPhase(state);
		const removed = tx
			.delete(endorsement)
			.where(
				and(
					eq(endorsement.sessionId, sessionId),
					eq(endorsement.contributionId, contributionId),
					eq(endorsement.voterKey, key)
				)
			)
			.returning({ id: endorsement.id })
			.all();
		if (removed.length > 0)
			emitSupport(emit, contributionId, endorsementCount(tx, contributionId), -1, state);
		return {
			endorsementsLeft: Math.max(0, state.settings.endorsementCap - usedEndorsements(tx, sessionId, key))
		};
	});
}

/** Whether a phone may answer `prompt` now: the ground rules always, anything else only while it is open. */
function promptTakesAnswers(state: SessionState, prompt: ResponseInput['prompt']): boolean {
	if (prompt === 'groundRules.affirm') return true;
	if (prompt === 'consent') return state.phase === 'agreement' && state.controls.openPrompt === 'consent';
	if (isCheckOutPrompt(prompt)) return state.phase === 'closing' && state.controls.checkOutOpen;
	return state.controls.openPrompt === prompt;
}

/**
 * A role a person said they could play ("Is there a role you could play yourself?") is the meeting's most useful
 * answer: besides being counted, it goes to the moderation queue as a proposal of the proposals phase, screened
 * like any other, so that once approved the group can support it and the report keeps it. The proposal carries no
 * key and a request id of its own (the answer itself is kept like every answer: keyed per phone until the session
 * ends and the key is erased). A changed answer is offered again; the earlier one stays with the facilitator, who
 * may hide it; a phone with five offers and submissions still waiting offers no more until some are moderated.
 */
function offerRole(tx: Tx, emit: Emit, participant: ParticipantPrincipal, role: string, now: number): void {
	const sessionId = participant.sessionId;
	// A phone changing its answer over and over must not bury the queue: offers count against the same limit of
	// waiting items as its concerns and proposals (kept in memory only). Beyond it the answer is still counted.
	const waiting = pendingLimiter.waiting(participant.id, (ids) => stillPending(tx, sessionId, ids));
	if (waiting >= pendingLimiter.limit) return;
	const row = tx
		.insert(contribution)
		.values({
			id: randomUUID(),
			sessionId,
			kind: 'proposal',
			text: role,
			clientRequestId: randomUUID(),
			status: 'pending',
			flags: JSON.stringify(screenText(role)),
			phase: PHASE_FOR_KIND.proposal,
			createdAt: now
		})
		.returning()
		.get();
	emit('contribution.submitted', toModerationItem(row), { audience: 'staff' });
	pendingLimiter.add(participant.id, row.id);
}

/**
 * Answers a prompt: one answer per phone and prompt, a new answer replacing the old. The ground rules are
 * affirmed in any phase before closing; every other prompt only while the facilitator has it open. A consent
 * answer is given on the draft version the phone showed: when the draft changed meanwhile it is refused with
 * 409 `draftChanged` (and the current `version`), so nobody consents to words they did not see.
 */
export function respond(
	db: Db,
	participant: ParticipantPrincipal,
	input: unknown,
	now = Date.now()
): Submitted {
	const data = parseInput(responseSchema, input);
	return phoneCommit(db, participant, now, (tx, emit, state, sessionId) => {
		const key = phoneKey(state, participant);
		const value =
			data.prompt === 'consent' && data.draftVersion !== undefined
				? consentValue(data.value as ConsentGradient, data.draftVersion)
				: data.value;
		const existing = tx
			.select({
				id: response.id,
				voterKey: response.voterKey,
				prompt: response.prompt,
				value: response.value
			})
			.from(response)
			.where(and(eq(response.sessionId, sessionId), eq(response.clientRequestId, data.clientRequestId)))
			.get();
		const again = retried(
			existing,
			(row) => row.voterKey === key && row.prompt === data.prompt && row.value === value
		);
		if (again) return again;
		requireOpenForPhones(state);
		if (!promptTakesAnswers(state, data.prompt)) {
			throw new LiveError(409, 'promptNotOpen', m.live_error_prompt_not_open(), { prompt: data.prompt });
		}
		if (data.prompt === 'consent' && data.draftVersion !== state.controls.agreement.version) {
			throw new LiveError(409, 'draftChanged', m.outcome_error_draft_changed(), {
				version: state.controls.agreement.version
			});
		}
		limit(voteLimiter, participant.id);
		const open = promptIsOpen(data.prompt, state.controls);
		const min = state.settings.minGroupSize;
		const before = promptAggregate(tx, sessionId, data.prompt, min, open);
		// Which answer came after which resolution is told by the session's sequence, never by the clock: a
		// resolution keeps the sequence number it was made at and logs an event, so every answer after it reads a
		// higher number here, and every answer before it this number or less. (Answers log an event only when the
		// shown figure changes, so an answer's own event cannot be the marker.)
		const answeredSeq = state.lastSeq;
		const previous =
			data.prompt === 'role.named'
				? tx
						.select({ value: response.value })
						.from(response)
						.where(
							and(
								eq(response.sessionId, sessionId),
								eq(response.prompt, data.prompt),
								eq(response.voterKey, key)
							)
						)
						.get()
				: undefined;
		const row = tx
			.insert(response)
			.values({
				id: randomUUID(),
				sessionId,
				prompt: data.prompt,
				value,
				voterKey: key,
				clientRequestId: data.clientRequestId,
				createdAt: now,
				updatedAt: now,
				answeredSeq
			})
			.onConflictDoUpdate({
				target: [response.sessionId, response.prompt, response.voterKey],
				set: { value, clientRequestId: data.clientRequestId, updatedAt: now, answeredSeq }
			})
			.returning({ id: response.id })
			.get();
		// Only when what the console shows changed (small-group rule 6): one event per answer below the minimum
		// group size would count the answers all the same.
		const after = promptAggregate(tx, sessionId, data.prompt, min, open);
		if (JSON.stringify(after) !== JSON.stringify(before)) {
			emit('response.counted', after, { audience: 'staff' });
		}
		if (data.prompt === 'role.named' && previous?.value !== value) {
			offerRole(tx, emit, participant, value, now);
		}
		return { id: row.id, created: true };
	});
}
