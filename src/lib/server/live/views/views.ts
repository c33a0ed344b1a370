// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * What each role sees of a live session: small view models built for that role, never a raw snapshot. Phones
 * and the projector get approved text only; the console gets the moderation queue and the full values check.
 * Aggregates of answers appear only on the console, and below the minimum group size only as `tooFew`.
 * Each view is read in one transaction and carries the sequence number it includes, so that a stream can
 * continue exactly after it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import {
	checkAdvance,
	revisitTargets,
	type LivePhase,
	type SessionPhase,
	type ValuesCheck,
	isFinishedPhase
} from '$lib/dialogue';
import type {
	ConcernWall,
	ConsoleAgreement,
	ConsoleView,
	ModerationItem,
	PhoneView,
	ProjectorView,
	Prompt,
	PublicBoard,
	ConsoleProposal,
	PublicProposal,
	ValuesPanel,
	WallConcern
} from '$lib/live/types';
import { monotonicNow } from '../../clock';
import type { Db } from '../../db';
import { prepared } from '../../db/prepared';
import { contribution, liveSession, participant, response, theme } from '../../db/schema';
import { groundRulesOf } from '../../dialogues/ground-rules';
import { planOf } from '../../dialogues/plans';
import type { ParticipantPrincipal } from '../http/access';
import { chooseOrigin, reachableAddresses, type AddressOptions } from '../phones/addresses';
import {
	agreementDraft,
	commitmentsOf,
	consentTally,
	isIncomplete,
	resolutionsOf
} from '../commands/agreement';
import { compareFigures, countFigure, shownCheck } from '$lib/privacy/small-groups';
import { allAggregates, parseConsentValue } from './aggregates';
import { sharePartners } from './share';
import { reportPath } from '../commands/closing';
import { projectorPath } from '../commands/sessions';
import { joinInfo, publicControls } from '../commands/controls';
import { sessionFacts } from './facts';
import { suggestThemes } from '../commands/moderation';
import { endorsementCounts, shownEndorsementsOf, themeTitles, participantCount } from './reads';
import { pausedSince, withheldDuringPause } from './pause';
import { presenceOf, shownPresence } from '../streams/presence';
import { roomFigures } from './room';
import { phoneContent } from './content';
import { toApproved, toModerationItem } from './shapes';
import { mySpeakingPlace, speakingStaffView, speakingView } from './speaking';
import { readSessionState, voterKey, type Reader, type SessionState } from '../store';

export interface ViewOptions extends AddressOptions {
	now?: number;
}

/** Reads in one transaction, so that every part of a view (and its `seq`) comes from the same moment. */
function consistent<T>(db: Db, read: (tx: Reader) => T): T {
	return db.transaction((tx) => read(tx), { behavior: 'deferred' });
}

export function guidingQuestionKey(phase: SessionPhase): string {
	return `live_question_${phase}`;
}

function concernOf(row: typeof contribution.$inferSelect): WallConcern {
	return { id: row.id, text: row.redactedText ?? row.text, redacted: row.redactedText !== null };
}

/** The session's approved contributions of one kind, oldest first (a query prepared once: every view reads it). */
function approvedOfKind(
	db: Reader,
	sessionId: string,
	kind: 'concern' | 'proposal'
): (typeof contribution.$inferSelect)[] {
	return prepared(db, 'approvedOfKind', (reader) =>
		reader
			.select()
			.from(contribution)
			.where(
				and(
					eq(contribution.sessionId, sql.placeholder('sessionId')),
					eq(contribution.kind, sql.placeholder('kind')),
					eq(contribution.status, 'approved')
				)
			)
			.orderBy(asc(contribution.createdAt), asc(contribution.id))
			.prepare()
	).all({ sessionId, kind });
}

/**
 * Approved concerns grouped by theme (themes in their order, concerns oldest first). `pausedSince` (the current
 * pause's sequence number) leaves out what was approved during the pause: the room sees it after the resume.
 */
export function concernWall(db: Reader, sessionId: string, pausedSince: number | null = null): ConcernWall {
	const themes = prepared(db, 'wallThemes', (reader) =>
		reader
			.select()
			.from(theme)
			.where(eq(theme.sessionId, sql.placeholder('sessionId')))
			.orderBy(asc(theme.position))
			.prepare()
	).all({ sessionId });
	const concerns = approvedOfKind(db, sessionId, 'concern');
	const byTheme = new Map<string, WallConcern[]>();
	const unthemed: WallConcern[] = [];
	for (const row of concerns) {
		if (withheldDuringPause(row.shownSeq, pausedSince)) continue;
		if (!row.themeId) {
			unthemed.push(concernOf(row));
			continue;
		}
		const inTheme = byTheme.get(row.themeId);
		if (inTheme) inTheme.push(concernOf(row));
		else byTheme.set(row.themeId, [concernOf(row)]);
	}
	return {
		themes: themes.map((t) => ({
			id: t.id,
			title: t.title,
			answer: t.answeredAt === null ? null : t.answer,
			answeredAt: t.answeredAt,
			concerns: byTheme.get(t.id) ?? []
		})),
		unthemed
	};
}

/**
 * Approved proposals, most endorsed first (then oldest first), with the moderator's note for the console. Support
 * below the minimum group size is shown as null on every screen, and ranked as the figures shown rank. Without
 * those approved during the current pause when `pausedSince` is given (see `concernWall`).
 */
function approvedProposals(
	db: Reader,
	sessionId: string,
	minGroupSize: number,
	pausedSince: number | null = null
): ConsoleProposal[] {
	const rows = approvedOfKind(db, sessionId, 'proposal');
	const counts = endorsementCounts(db, sessionId);
	const titles = themeTitles(db, sessionId);
	return rows
		.filter((row) => !withheldDuringPause(row.shownSeq, pausedSince))
		.map((row) => {
			const shown = toApproved(row, countFigure(counts.get(row.id) ?? 0, minGroupSize), titles);
			return {
				id: shown.id,
				text: shown.text,
				redacted: shown.redacted,
				proposedRole: shown.proposedRole,
				resources: shown.resources,
				endorsements: shown.endorsements,
				shortlisted: shown.shortlisted,
				ownerRole: shown.ownerRole,
				tiedTo: shown.tiedTo,
				moderatorNote: row.moderatorNote,
				riskNote: row.riskNote
			};
		})
		.sort((a, b) => compareFigures(a.endorsements, b.endorsements));
}

function publicProposal({
	moderatorNote: _note,
	riskNote: _risk,
	...proposal
}: ConsoleProposal): PublicProposal {
	return proposal;
}

/** The wall and the proposals as the room may see them now (a resume hands them to every phone at once). */
export function publicBoard(
	db: Reader,
	sessionId: string,
	minGroupSize: number,
	pausedSince: number | null
): PublicBoard {
	return {
		wall: concernWall(db, sessionId, pausedSince),
		proposals: approvedProposals(db, sessionId, minGroupSize, pausedSince).map(publicProposal)
	};
}

/**
 * The check the next `phase.advance` would get now, as staff may see it: a reason whose count of people is below
 * the minimum group size comes without numbers. Null when paused or closed.
 */
export function currentCheck(db: Reader, state: SessionState, now: number): ValuesCheck | null {
	if (state.phase === 'paused' || isFinishedPhase(state.phase)) return null;
	const check = checkAdvance(
		{ value: state.machineValue, context: { settings: state.settings } },
		sessionFacts(db, state.id, now, state)
	);
	return shownCheck(check, state.settings.minGroupSize);
}

export function valuesPanel(check: ValuesCheck | null): ValuesPanel | null {
	if (!check) return null;
	const { respect, relationship, responsibility } = check.results;
	return {
		from: check.from,
		to: check.to,
		values: {
			respect: { state: respect.state },
			relationship: { state: relationship.state },
			responsibility: { state: responsibility.state }
		},
		passed: check.passed
	};
}

/** The join details with the origin phones can reach now: the stored choice while it is still reachable. */
function shownJoin(state: SessionState, options: AddressOptions) {
	const origin = chooseOrigin(state.controls.origin, options);
	return joinInfo({ ...state, controls: { ...state.controls, origin } }, origin);
}

function base(state: SessionState, now: number) {
	return {
		sessionId: state.id,
		seq: state.lastSeq,
		serverNow: now,
		phase: state.phase,
		paused: state.phase === 'paused'
	};
}

/** The language stored with the participant (at join, or by `PUT …/language`), if any. */
function storedLocale(db: Reader, participantId: string): string | null {
	return (
		db.select({ locale: participant.locale }).from(participant).where(eq(participant.id, participantId)).get()
			?.locale ?? null
	);
}

export function phoneView(
	db: Db,
	sessionId: string,
	viewer: ParticipantPrincipal,
	options: {
		now?: number;
		/** The language the phone asks in (the request's); the one stored with the participant when not given. */
		locale?: string;
	} = {}
): PhoneView {
	// What phones count timers down with (and correct their skew by) is on the monotonic clock.
	const clock = options.now ?? monotonicNow();
	return consistent(db, (tx) => {
		const state = readSessionState(tx, sessionId);
		const key = state.voterSecret ? voterKey(state.voterSecret, viewer.token) : null;
		const mine = new Set(key ? shownEndorsementsOf(tx, sessionId, key) : []);
		const myAnswers: Partial<Record<Prompt, string>> = {};
		const version = state.controls.agreement.version;
		if (key) {
			for (const r of tx
				.select({ prompt: response.prompt, value: response.value })
				.from(response)
				.where(and(eq(response.sessionId, sessionId), eq(response.voterKey, key)))
				.all()) {
				if (r.prompt === 'consent') {
					// Only an answer to the draft as it is now counts; after a change the phone is asked again.
					const consent = parseConsentValue(r.value);
					if (consent?.version === version) myAnswers.consent = consent.gradient;
				} else {
					myAnswers[r.prompt as Prompt] = r.value;
				}
			}
		}
		const dialogueId = state.dialogueId;
		const cap = state.settings.endorsementCap;
		const since = pausedSince(tx, sessionId, state.phase);
		const live = state.phase !== 'paused' && !isFinishedPhase(state.phase) && state.closedAt === null;
		return {
			...base(state, clock),
			role: 'participant',
			purposeKey: 'live_purpose_statement',
			confidentialityKey: 'live_confidentiality_statement',
			guidingQuestionKey: guidingQuestionKey(state.phase),
			...phoneContent(tx, dialogueId, options.locale ?? storedLocale(tx, viewer.id) ?? 'en'),
			stepOut: dialogueId ? planOf(tx, dialogueId).stepOut : '',
			wall: concernWall(tx, sessionId, since),
			proposals: approvedProposals(tx, sessionId, state.settings.minGroupSize, since).map((p) => ({
				...publicProposal(p),
				endorsedByMe: mine.has(p.id)
			})),
			endorsementCap: cap,
			endorsementsLeft: Math.max(0, cap - mine.size),
			controls: publicControls(state.controls, clock),
			myAnswers,
			affirmed: myAnswers['groundRules.affirm'] === 'yes',
			accepts: {
				concern: live && state.phase === 'fearsAndStigma',
				proposal: live && state.phase === 'proposals',
				endorsement: live && state.phase === 'proposals' && mine.size < cap
			},
			agreement: {
				...agreementDraft(tx, state),
				consentOpen: live && state.phase === 'agreement' && state.controls.openPrompt === 'consent',
				checkOutOpen: live && state.phase === 'closing' && state.controls.checkOutOpen,
				followUpOn: state.followUpOn,
				ritualRecorded: state.controls.agreement.ritual !== null,
				// Always sent (a phase move brings no fresh view): the phone names them only when the question is asked.
				sharePartners: sharePartners(tx, sessionId)
			},
			speaking: speakingView(state),
			mySpeaking: mySpeakingPlace(state, viewer.id)
		};
	});
}

export function projectorView(db: Db, sessionId: string, options: ViewOptions): ProjectorView {
	const now = options.now ?? Date.now();
	// What phones count timers down with (and correct their skew by) is on the monotonic clock.
	const clock = options.now ?? monotonicNow();
	return consistent(db, (tx) => {
		const state = readSessionState(tx, sessionId);
		// The room sees nothing but the pause screen while the session is paused.
		if (state.phase === 'paused') {
			return { ...base(state, clock), role: 'display', paused: true, languages: state.controls.languages };
		}
		return {
			...base(state, clock),
			role: 'display',
			paused: false,
			// A closed session, or a closed door, takes no one in: the room is not invited to use the code.
			join:
				state.controls.joinVisible &&
				state.controls.doorOpen &&
				state.joinCode &&
				!isFinishedPhase(state.phase)
					? shownJoin(state, options)
					: null,
			guidingQuestionKey: guidingQuestionKey(state.phase),
			wall: concernWall(tx, sessionId),
			proposals: approvedProposals(tx, sessionId, state.settings.minGroupSize).map(publicProposal),
			values: valuesPanel(currentCheck(tx, state, now)),
			controls: publicControls(state.controls, clock),
			agreement: agreementDraft(tx, state),
			sharePartners: sharePartners(tx, sessionId),
			room: roomFigures(tx, state),
			speaking: speakingView(state),
			// The opening shows them while the join code is hidden: never a blank wall.
			groundRules: state.dialogueId ? groundRulesOf(tx, state.dialogueId).map((r) => r.text) : []
		};
	});
}

/** Where the facilitator may go back to; none when the stored state cannot be read as a dialogue state. */
function safeRevisitTargets(value: unknown): LivePhase[] {
	try {
		return revisitTargets({ value });
	} catch {
		return [];
	}
}

function moderationItems(db: Reader, sessionId: string, status: 'pending' | 'hidden'): ModerationItem[] {
	const rows = db
		.select()
		.from(contribution)
		.where(and(eq(contribution.sessionId, sessionId), eq(contribution.status, status)))
		.orderBy(asc(contribution.createdAt), asc(contribution.id))
		.all()
		.map(toModerationItem);
	return status === 'hidden' ? rows.reverse() : rows;
}

export function consoleView(db: Db, sessionId: string, options: ViewOptions): ConsoleView {
	const now = options.now ?? Date.now();
	// What phones count timers down with (and correct their skew by) is on the monotonic clock.
	const clock = options.now ?? monotonicNow();
	return consistent(db, (tx) => {
		const state = readSessionState(tx, sessionId);
		const addressOptions = reachableAddresses(options);
		const chosen = chooseOrigin(state.controls.origin, options);
		const wall = concernWall(tx, sessionId);
		const check = currentCheck(tx, state, now);
		const targets = safeRevisitTargets(state.machineValue);
		const presence = presenceOf(sessionId, clock);
		const min = state.settings.minGroupSize;
		const proposals = approvedProposals(tx, sessionId, min);
		const aggregates = allAggregates(tx, sessionId, state.settings.minGroupSize, state.controls);
		return {
			...base(state, clock),
			role: 'staff',
			dialogueId: state.dialogueId,
			revision: state.revision,
			join: { ...shownJoin(state, options), visible: state.controls.joinVisible },
			projectorPath:
				state.displayToken && !state.closedAt ? projectorPath(sessionId, state.displayToken) : null,
			addresses: { chosen, options: addressOptions },
			moderationQueue: moderationItems(tx, sessionId, 'pending'),
			hidden: moderationItems(tx, sessionId, 'hidden'),
			wall,
			themes: wall.themes.map((t) => ({
				id: t.id,
				title: t.title,
				answer: t.answer,
				answeredAt: t.answeredAt,
				concerns: t.concerns.length
			})),
			proposals,
			suggestions: suggestThemes(tx, sessionId),
			participants: {
				joined: countFigure(participantCount(tx, sessionId), min),
				...shownPresence(presence, min)
			},
			aggregates,
			check,
			revisitTargets: targets,
			controls: publicControls(state.controls, clock),
			settings: {
				minGroupSize: state.settings.minGroupSize,
				endorsementCap: state.settings.endorsementCap,
				respectPulseThreshold: state.settings.respectPulseThreshold,
				minParticipants: state.settings.minParticipants
			},
			agreement: consoleAgreement(tx, state),
			reportPath: isFinishedPhase(state.phase) ? reportPath(sessionId) : null,
			speaking: speakingStaffView(state)
		};
	});
}

/** The agreement as the console needs it: the draft, the consent round, the closing and a reviewed agreement. */
function consoleAgreement(tx: Reader, state: SessionState): ConsoleAgreement {
	const agreement = state.controls.agreement;
	const draft = agreementDraft(tx, state);
	const reviewed = state.reviewOf
		? tx
				.select({ id: liveSession.id, closedAt: liveSession.closedAt })
				.from(liveSession)
				.where(eq(liveSession.id, state.reviewOf))
				.get()
		: undefined;
	return {
		...draft,
		readBackAt: agreement.readBackAt,
		incomplete: draft.commitments.filter((c) => isIncomplete(c)).length,
		// Only once the round is closed, like the spread: appearing mid-round, it would point at whoever just answered.
		consentBlocked:
			state.controls.openPrompt !== 'consent' && consentTally(tx, state.id, agreement).blocks > 0,
		resolutions: resolutionsOf(agreement),
		ritual: {
			planned: state.dialogueId ? planOf(tx, state.dialogueId).closingCeremony : '',
			recorded: agreement.ritual !== null,
			note: agreement.ritual?.note ?? '',
			at: agreement.ritual?.at ?? null
		},
		followUpOn: state.followUpOn,
		reviewOf: reviewed
			? { sessionId: reviewed.id, closedAt: reviewed.closedAt, commitments: commitmentsOf(tx, reviewed.id) }
			: null,
		sharePartners: sharePartners(tx, state.id)
	};
}
