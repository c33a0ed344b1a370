// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * The agreement and the closing: the facilitator turns shortlisted proposals into SMART commitments (a specific
 * action, a responsible role — never a person —, a due date, how it is reviewed), reads the draft back, holds
 * the consent round with gradients of agreement and talks through any "cannot live with it", records the closing
 * ritual and sets the follow-up date.
 *
 * The draft has a version that changes with every change to its commitments. Consent answers and the read-back
 * count only for the version they were given on, so a changed draft has to be read back and consented to again.
 * People count versions by read-backs, not by saved fields (`number`): version 1 is the draft until it is first
 * read back to the room, and a change after a read-back starts the next one.
 * Everything is written with its log event in one transaction (`commit`), like every other live change.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, like, max } from 'drizzle-orm';
import type { DialogueFacts } from '$lib/dialogue';
import type { Command } from '$lib/live/schemas';
import type {
	AgreementDraft,
	AgreementEventData,
	AgreementEventType,
	ConsentResolution,
	PublicCommitment
} from '$lib/live/types';
import { m } from '$lib/paraglide/messages';
import { isoDay } from '$lib/validation/fields';
import type { StaffPrincipal } from '../../auth/principal';
import type { Db } from '../../db';
import { commitment, contribution, liveSession, response, type CommitmentStatus } from '../../db/schema';
import { planOf } from '../../dialogues/plans';
import { requireSessionAccess } from '../http/access';
import { consentValue } from '../views/aggregates';
import { LiveError } from '../errors';
import {
	commit,
	readSessionState,
	writeControls,
	type AgreementControls,
	type Emit,
	type Reader,
	type SessionState,
	type Tx
} from '../store';

type CommitmentRow = typeof commitment.$inferSelect;

/** A commitment without an action, an owner role or a due date is not SMART yet. */
export function isIncomplete(row: Pick<CommitmentRow, 'action' | 'ownerRole' | 'dueOn'>): boolean {
	return row.action.trim() === '' || row.ownerRole.trim() === '' || !row.dueOn;
}

export function toPublicCommitment(row: CommitmentRow): PublicCommitment {
	return {
		id: row.id,
		position: row.position,
		action: row.action,
		ownerRole: row.ownerRole,
		dueOn: row.dueOn,
		reviewHow: row.reviewHow,
		proposalId: row.proposalId,
		status: row.status,
		incomplete: isIncomplete(row)
	};
}

/** The session's commitment rows in their agreed order (ties, which renumbering removes, by age then id). */
export function commitmentRows(db: Reader, sessionId: string): CommitmentRow[] {
	return db
		.select()
		.from(commitment)
		.where(eq(commitment.sessionId, sessionId))
		.orderBy(asc(commitment.position), asc(commitment.createdAt), asc(commitment.id))
		.all();
}

/** The session's commitments in their agreed order. */
export function commitmentsOf(db: Reader, sessionId: string): PublicCommitment[] {
	return commitmentRows(db, sessionId).map(toPublicCommitment);
}

function readBackNow(agreement: AgreementControls): boolean {
	return agreement.readBackVersion !== null && agreement.readBackVersion === agreement.version;
}

/**
 * The version of the draft as people count it: the number of the read-back it had, or, not read back yet, the
 * number it takes when it is (one more than the read-backs so far). Saving fields does not move it on.
 */
export function draftNumber(agreement: AgreementControls): number {
	return readBackNow(agreement) ? agreement.readBacks : agreement.readBacks + 1;
}

/** The draft as every screen shows it. */
export function agreementDraft(db: Reader, state: Pick<SessionState, 'id' | 'controls'>): AgreementDraft {
	const agreement = state.controls.agreement;
	return {
		version: agreement.version,
		number: draftNumber(agreement),
		commitments: commitmentsOf(db, state.id),
		readBack: readBackNow(agreement) && agreement.version > 0
	};
}

/** Resolutions as the console shows them (without the count, which only the report shows, suppressed). */
export function resolutionsOf(agreement: AgreementControls): ConsentResolution[] {
	return agreement.resolutions.map(({ at, version, number, note }) => ({ at, version, number, note }));
}

/**
 * Which consent answers came after the last "cannot live with it" on this version was talked through: those
 * given after its sequence number (not after its time: a clock set back would let an objection slip past).
 * Undefined when nothing on this version was resolved; a resolution stored before sequence numbers were kept
 * falls back to its time.
 */
function afterLastResolution(agreement: AgreementControls) {
	const last = agreement.resolutions.filter((r) => r.version === agreement.version).at(-1);
	if (!last) return undefined;
	return last.seq !== null ? gt(response.answeredSeq, last.seq) : gt(response.updatedAt, last.at);
}

/** Answers to the consent round on the current version, and how many "cannot live with it" are unresolved. */
export function consentTally(
	db: Reader,
	sessionId: string,
	agreement: AgreementControls
): { responses: number; blocks: number } {
	const onVersion = and(
		eq(response.sessionId, sessionId),
		eq(response.prompt, 'consent'),
		like(response.value, `%@${agreement.version}`)
	);
	const responses = db.select({ n: count() }).from(response).where(onVersion).get()?.n ?? 0;
	const blocks =
		db
			.select({ n: count() })
			.from(response)
			.where(
				and(
					eq(response.sessionId, sessionId),
					eq(response.prompt, 'consent'),
					eq(response.value, consentValue('cannotLiveWith', agreement.version)),
					afterLastResolution(agreement)
				)
			)
			.get()?.n ?? 0;
	return { responses, blocks };
}

/**
 * Phones that answered at least one check-out question, told apart by voter key while the session is open.
 * After closing the keys are erased: then the largest single question is the best lower bound.
 */
function checkOutVoters(db: Reader, sessionId: string): number {
	const checkOut = and(eq(response.sessionId, sessionId), like(response.prompt, 'checkOut.%'));
	const keys = db.selectDistinct({ key: response.voterKey }).from(response).where(checkOut).all();
	if (keys.every((row) => row.key !== null)) return keys.length;
	return db
		.select({ n: count() })
		.from(response)
		.where(checkOut)
		.groupBy(response.prompt)
		.all()
		.reduce((most, row) => Math.max(most, row.n), 0);
}

export type AgreementFacts = Pick<
	DialogueFacts,
	| 'consentRoundOpen'
	| 'consentResponses'
	| 'consentBlocks'
	| 'agreementReadBack'
	| 'commitments'
	| 'commitmentsIncomplete'
	| 'checkOutResponses'
	| 'closingRitualPlanned'
	| 'closingRitualRecorded'
	| 'followUpDateSet'
>;

/** The facts of the agreement → closing and closing → closed checks. */
export function agreementFacts(db: Reader, state: SessionState): AgreementFacts {
	const agreement = state.controls.agreement;
	const rows = commitmentRows(db, state.id);
	const roundOpen = state.controls.openPrompt === 'consent';
	const consent = roundOpen ? { responses: 0, blocks: 0 } : consentTally(db, state.id, agreement);
	const plan = state.dialogueId ? planOf(db, state.dialogueId) : null;
	return {
		consentRoundOpen: roundOpen,
		consentResponses: consent.responses,
		consentBlocks: consent.blocks,
		agreementReadBack: rows.length > 0 && readBackNow(agreement),
		commitments: rows.length,
		commitmentsIncomplete: rows.filter(isIncomplete).length,
		checkOutResponses: checkOutVoters(db, state.id),
		closingRitualPlanned: (plan?.closingCeremony.trim() ?? '') !== '',
		closingRitualRecorded: agreement.ritual !== null,
		followUpDateSet: state.followUpOn !== null
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

function emitAgreement<K extends AgreementEventType>(
	emit: Emit,
	type: K,
	data: AgreementEventData[K],
	options: { audience?: 'all' | 'staff'; actorId: string | null }
): void {
	emit(type, data, options);
}

/** The session must be in `phase` (and not paused or closed) for this change. */
function requirePhase(state: SessionState, phases: readonly string[], message: () => string): void {
	if (state.phase === 'closed' || state.closedAt !== null) {
		throw new LiveError(409, 'sessionClosed', m.live_error_session_closed());
	}
	if (state.phase === 'paused') throw new LiveError(409, 'paused', m.live_error_paused());
	if (!phases.includes(state.phase)) {
		throw new LiveError(409, 'wrongPhase', message(), { phase: state.phase });
	}
}

function requireVersion(state: SessionState, expected: number | undefined): void {
	if (expected !== undefined && expected !== state.controls.agreement.version) {
		throw new LiveError(409, 'draftChanged', m.outcome_error_draft_changed(), {
			version: state.controls.agreement.version
		});
	}
}

function findCommitment(tx: Tx, sessionId: string, commitmentId: string): CommitmentRow {
	const row = tx
		.select()
		.from(commitment)
		.where(and(eq(commitment.id, commitmentId), eq(commitment.sessionId, sessionId)))
		.get();
	if (!row) throw new LiveError(404, 'commitmentNotFound', m.outcome_error_commitment_not_found());
	return row;
}

/** Writes positions 0…n-1 in the given order. */
function renumber(tx: Tx, rows: CommitmentRow[], at: number): void {
	rows.forEach((row, position) => {
		if (row.position !== position) {
			tx.update(commitment).set({ position, updatedAt: at }).where(eq(commitment.id, row.id)).run();
		}
	});
}

/**
 * Runs one change to the draft: in the agreement phase, on the version the console showed; then the version
 * moves on (consent and read-back are asked again) and every screen gets the new draft.
 */
function changeDraft<T>(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	expectedVersion: number | undefined,
	at: number,
	change: (tx: Tx, state: SessionState) => T
): T {
	requireSessionAccess(db, staff, sessionId);
	const actorId = staff?.id ?? null;
	return commit(
		db,
		sessionId,
		(tx, emit) => {
			const state = readSessionState(tx, sessionId);
			requirePhase(state, ['agreement'], () => m.outcome_error_agreement_phase());
			requireVersion(state, expectedVersion);
			const result = change(tx, state);
			const controls = {
				...state.controls,
				agreement: { ...state.controls.agreement, version: state.controls.agreement.version + 1 }
			};
			writeControls(tx, sessionId, controls, at);
			emitAgreement(emit, 'agreement.changed', agreementDraft(tx, { id: sessionId, controls }), { actorId });
			return result;
		},
		at
	);
}

type AddCommand = Extract<Command, { type: 'agreement.commitment.add' }>;
type UpdateCommand = Extract<Command, { type: 'agreement.commitment.update' }>;

/**
 * A new commitment at the end of the draft: from a shortlisted proposal (its text and volunteer role as the
 * starting action and owner, unless given) or blank. Returns its id and the new draft version.
 */
export function addCommitment(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	command: AddCommand,
	at = Date.now()
): { commitmentId: string; version: number } {
	const id = randomUUID();
	return changeDraft(db, staff, sessionId, command.expectedVersion, at, (tx, state) => {
		let fromProposal: { action: string; ownerRole: string } | null = null;
		if (command.proposalId) {
			const proposal = tx
				.select()
				.from(contribution)
				.where(and(eq(contribution.id, command.proposalId), eq(contribution.sessionId, sessionId)))
				.get();
			if (!proposal || proposal.kind !== 'proposal' || proposal.status !== 'approved') {
				throw new LiveError(404, 'contributionNotFound', m.live_error_contribution_not_found());
			}
			if (!proposal.shortlisted)
				throw new LiveError(409, 'notShortlisted', m.outcome_error_not_shortlisted());
			fromProposal = {
				action: proposal.redactedText ?? proposal.text,
				ownerRole: proposal.ownerRole || proposal.proposedRole
			};
		}
		const last =
			tx
				.select({ position: max(commitment.position) })
				.from(commitment)
				.where(eq(commitment.sessionId, sessionId))
				.get()?.position ?? -1;
		if (!state.dialogueId) throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
		tx.insert(commitment)
			.values({
				id,
				sessionId,
				dialogueId: state.dialogueId,
				proposalId: command.proposalId ?? null,
				action: command.action || fromProposal?.action || '',
				ownerRole: command.ownerRole || fromProposal?.ownerRole || '',
				dueOn: command.dueOn ?? null,
				reviewHow: command.reviewHow ?? '',
				position: last + 1,
				createdAt: at,
				updatedAt: at
			})
			.run();
		return { commitmentId: id, version: state.controls.agreement.version + 1 };
	});
}

/** Changes the fields given; the others stay. */
export function updateCommitment(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	command: UpdateCommand,
	at = Date.now()
): { version: number } {
	return changeDraft(db, staff, sessionId, command.expectedVersion, at, (tx, state) => {
		findCommitment(tx, sessionId, command.commitmentId);
		const set: Partial<CommitmentRow> = { updatedAt: at };
		if (command.action !== undefined) set.action = command.action;
		if (command.ownerRole !== undefined) set.ownerRole = command.ownerRole;
		if (command.dueOn !== undefined) set.dueOn = command.dueOn;
		if (command.reviewHow !== undefined) set.reviewHow = command.reviewHow;
		tx.update(commitment).set(set).where(eq(commitment.id, command.commitmentId)).run();
		return { version: state.controls.agreement.version + 1 };
	});
}

export function removeCommitment(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	commitmentId: string,
	expectedVersion: number | undefined,
	at = Date.now()
): { version: number } {
	return changeDraft(db, staff, sessionId, expectedVersion, at, (tx, state) => {
		findCommitment(tx, sessionId, commitmentId);
		tx.delete(commitment).where(eq(commitment.id, commitmentId)).run();
		renumber(tx, commitmentRows(tx, sessionId), at);
		return { version: state.controls.agreement.version + 1 };
	});
}

/** Moves a commitment to `position` (0-based; beyond the end means last). */
export function moveCommitment(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	commitmentId: string,
	position: number,
	expectedVersion: number | undefined,
	at = Date.now()
): { version: number } {
	return changeDraft(db, staff, sessionId, expectedVersion, at, (tx, state) => {
		const moving = findCommitment(tx, sessionId, commitmentId);
		const others = commitmentRows(tx, sessionId).filter((row) => row.id !== moving.id);
		others.splice(Math.min(position, others.length), 0, moving);
		renumber(tx, others, at);
		return { version: state.controls.agreement.version + 1 };
	});
}

function changeAgreement(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	at: number,
	change: (tx: Tx, state: SessionState, emit: Emit) => AgreementControls
): void {
	requireSessionAccess(db, staff, sessionId);
	commit(
		db,
		sessionId,
		(tx, emit) => {
			const state = readSessionState(tx, sessionId);
			const agreement = change(tx, state, emit);
			writeControls(tx, sessionId, { ...state.controls, agreement }, at);
		},
		at
	);
}

/** The facilitator read this version of the draft back to the room. */
export function readBackAgreement(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	version: number,
	at = Date.now()
): void {
	const actorId = staff?.id ?? null;
	changeAgreement(db, staff, sessionId, at, (tx, state, emit) => {
		requirePhase(state, ['agreement'], () => m.outcome_error_agreement_phase());
		requireVersion(state, version);
		if (commitmentRows(tx, sessionId).length === 0) {
			throw new LiveError(409, 'noCommitments', m.outcome_error_no_commitments());
		}
		const before = state.controls.agreement;
		// A new version for the room only when this draft was not read back yet (again, it is the same version).
		const readBacks = readBackNow(before) ? before.readBacks : before.readBacks + 1;
		const agreement = { ...before, readBackVersion: version, readBackAt: at, readBacks };
		emitAgreement(
			emit,
			'agreement.changed',
			agreementDraft(tx, { id: sessionId, controls: { ...state.controls, agreement } }),
			{ actorId }
		);
		return agreement;
	});
}

/**
 * Records that the "cannot live with it" answers given so far on this version were talked through and resolved,
 * with a note of how. Nobody is named and the log holds no count (in a small group it would point at people);
 * answering "cannot live with it" again afterwards blocks again.
 */
export function resolveConsent(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	note: string,
	at: number,
	/** What the console showed: the draft version and how many resolutions it listed. */
	seen: { version: number; resolutions: number }
): void {
	const actorId = staff?.id ?? null;
	changeAgreement(db, staff, sessionId, at, (tx, state, emit) => {
		requirePhase(state, ['agreement'], () => m.outcome_error_agreement_phase());
		// Whether anyone objected is told once the round is closed; a refusal here would tell it sooner.
		if (state.controls.openPrompt === 'consent') {
			throw new LiveError(409, 'consentRoundOpen', m.outcome_error_consent_round_open());
		}
		requireVersion(state, seen.version);
		const agreement = state.controls.agreement;
		if (agreement.resolutions.length !== seen.resolutions) {
			throw new LiveError(409, 'consentResolvedMeanwhile', m.live_error_consent_resolved_meanwhile(), {
				resolutions: agreement.resolutions.length
			});
		}
		const { blocks } = consentTally(tx, sessionId, agreement);
		if (blocks === 0) throw new LiveError(409, 'nothingToResolve', m.outcome_error_nothing_to_resolve());
		emitAgreement(
			emit,
			'consent.resolved',
			{ version: agreement.version, at, note },
			{ audience: 'staff', actorId }
		);
		return {
			...agreement,
			resolutions: [
				...agreement.resolutions,
				// Answers up to the last sequence number are the ones talked through now.
				{
					at,
					seq: state.lastSeq,
					version: agreement.version,
					number: draftNumber(agreement),
					note,
					resolved: blocks
				}
			]
		};
	});
}

function emitClosing(
	emit: Emit,
	agreement: AgreementControls,
	followUpOn: string | null,
	actorId: string | null
): void {
	emitAgreement(
		emit,
		'closing.changed',
		{
			ritualRecorded: agreement.ritual !== null,
			followUpOn,
			staff: { ritualNote: agreement.ritual?.note ?? '' }
		},
		{ actorId }
	);
}

/** The closing ceremony or ritual was held; the note says what was done (it goes into the outcome report). */
export function recordRitual(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	note: string,
	at = Date.now()
): void {
	const actorId = staff?.id ?? null;
	changeAgreement(db, staff, sessionId, at, (_tx, state, emit) => {
		requirePhase(state, ['closing'], () => m.outcome_error_closing_phase());
		const agreement = { ...state.controls.agreement, ritual: { note, at } };
		emitClosing(emit, agreement, state.followUpOn, actorId);
		return agreement;
	});
}

/** The date of the follow-up review meeting (null clears it); from today on, in the agreement or closing. */
export function setFollowUp(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	date: string | null,
	at = Date.now()
): void {
	const actorId = staff?.id ?? null;
	if (date !== null && date < isoDay(at, -1)) {
		// One day of slack: the person typing may be behind UTC.
		throw new LiveError(422, 'invalid', m.live_error_invalid(), {
			errors: { date: m.outcome_field_date_past() }
		});
	}
	changeAgreement(db, staff, sessionId, at, (tx, state, emit) => {
		requirePhase(state, ['agreement', 'closing'], () => m.outcome_error_follow_up_phase());
		tx.update(liveSession)
			.set({ followUpOn: date, updatedAt: at })
			.where(eq(liveSession.id, sessionId))
			.run();
		emitClosing(emit, state.controls.agreement, date, actorId);
		return state.controls.agreement;
	});
}

/** Carries the commitments of a reviewed session into a new one, with their follow-up state. */
export function copyCommitments(
	tx: Tx,
	fromSessionId: string,
	to: { sessionId: string; dialogueId: string },
	at: number
): number {
	const rows = commitmentRows(tx, fromSessionId);
	rows.forEach((row, position) => {
		tx.insert(commitment)
			.values({
				id: randomUUID(),
				sessionId: to.sessionId,
				dialogueId: to.dialogueId,
				// The proposal belongs to the earlier session (and retention may delete it): not carried over.
				proposalId: null,
				action: row.action,
				ownerRole: row.ownerRole,
				dueOn: row.dueOn,
				reviewHow: row.reviewHow,
				status: row.status as CommitmentStatus,
				statusNote: row.statusNote,
				statusChangedAt: row.statusChangedAt,
				position,
				createdAt: at,
				updatedAt: at
			})
			.run();
	});
	return rows.length;
}
