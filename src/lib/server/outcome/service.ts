/**
 * What staff do with outcomes: read a session's report and export it, follow up a dialogue (the commitment
 * tracker, review dates, a review session), review across the organisation, and delete a dialogue with
 * everything of it. Every function takes the principal first and scopes by its organisation (and, for
 * facilitators, their assignment); another organisation's dialogue is "not found".
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, notInArray } from 'drizzle-orm';
import { LIVE_PHASES, isFinishedPhase, type SessionPhase } from '$lib/dialogue';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '$lib/live/types';
import type { Figure, OutcomeReport, TrackedCommitment } from '$lib/outcome/types';
import { formatDate } from '$lib/format/dates';
import { languageOf } from '$lib/i18n/languages';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { isoDay } from '$lib/validation/fields';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { reclaimFreedSpace } from '../db';
import { recordDeletedDialogue } from '../db/deleted-ledger';
import {
	capacityReview,
	commitment,
	dialogue,
	dialogueFacilitator,
	liveSession,
	outcomeReport,
	staffUser,
	type DialogueStatus
} from '../db/schema';
import { accessDialogue, manageDialogue } from '../dialogues/access';
import { resolveEnv, type ServiceEnv } from '../dialogues/env';
import { DialogueNotFoundError, InvalidInputError } from '../dialogues/errors';
import { commitmentRows, copyCommitments } from '../live/commands/agreement';
import { reportPath } from '../live/commands/closing';
import { openLiveSession, type OpenedSession } from '../live/commands/sessions';
import { commit, defaultAgreementControls, parseControls, writeControls, type Reader } from '../live/store';
import { purgeDueAt, retentionDaysOf } from '../retention';
import { outcomeCsv } from './csv';
import { outcomeDocument, outcomeJson } from './document';
import { icsCalendar, type CalendarEvent } from './ics';
import { outcomeMarkdown } from './markdown';
import { isolate, outcomePdf } from './pdf';
import { allianceOf, type MilestoneView, type PartnerView } from './alliance';
import { ensureOutcomeReport } from './store';

export class ReportNotReadyError extends Error {
	override name = 'ReportNotReadyError';
	constructor() {
		super('This session has no outcome report (yet).');
	}
}

type SessionRow = typeof liveSession.$inferSelect;

/** The session and its dialogue, when this person may see the dialogue; DialogueNotFoundError otherwise. */
function accessSession(db: Reader, staff: StaffPrincipal, sessionId: string) {
	const session = db.select().from(liveSession).where(eq(liveSession.id, sessionId)).get();
	if (!session?.dialogueId) throw new DialogueNotFoundError('session');
	const access = accessDialogue(db, staff, session.dialogueId);
	return { session, ...access };
}

export interface ReportView {
	report: OutcomeReport;
	sessionId: string;
	dialogueId: string;
	/** Raw contributions and answers were deleted by retention (the report is what remains). */
	purgedAt: number | null;
	canManage: boolean;
}

/** A closed session's report (built now if it closed without one); ReportNotReadyError before closing. */
export function getReport(staff: StaffPrincipal, sessionId: string, env?: ServiceEnv): ReportView {
	const { db, now } = resolveEnv(env);
	const { session, canManage } = accessSession(db, staff, sessionId);
	const report = ensureOutcomeReport(db, session.id, now);
	if (!report) throw new ReportNotReadyError();
	return {
		report,
		sessionId: session.id,
		dialogueId: report.dialogueId,
		purgedAt: session.purgedAt,
		canManage
	};
}

export const EXPORT_FORMATS = ['json', 'csv', 'md', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A file name from the codename: plain letters, digits and dashes (accents dropped), never empty. */
export function fileSlug(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return slug || 'dialogue';
}

export interface ExportFile {
	body: string | Uint8Array<ArrayBuffer>;
	contentType: string;
	filename: string;
}

/** The report in one of the export formats, with a file name made from the codename and the closing day. */
export async function exportReport(
	staff: StaffPrincipal,
	sessionId: string,
	format: ExportFormat,
	env?: ServiceEnv,
	/** The reader's locale for dates (`readerLocale` in `src/lib/format/dates.ts`); the page's language if not given. */
	locale?: string
): Promise<ExportFile> {
	const { report, dialogueId } = getReport(staff, sessionId, env);
	// Every export is accountable (issue 9, point 7): who took which report out, in which format.
	const { db, now } = resolveEnv(env);
	recordAudit(db, {
		organisationId: staff.organisationId,
		actorId: staff.id,
		action: 'outcome.export',
		targetType: 'session',
		targetId: sessionId,
		detail: { dialogueId, format },
		at: now
	});
	const base = `hearth-outcome-${fileSlug(report.codename)}-${isoDay(report.closedAt)}`;
	switch (format) {
		case 'json':
			return {
				body: JSON.stringify(outcomeJson(report), null, 2) + '\n',
				contentType: 'application/json; charset=utf-8',
				filename: `${base}.json`
			};
		case 'csv':
			return {
				// A byte-order mark, so that spreadsheet programs read the accents right.
				body: '\uFEFF' + outcomeCsv(report),
				contentType: 'text/csv; charset=utf-8; header=present',
				filename: `${base}.csv`
			};
		case 'md':
			return {
				body: outcomeMarkdown(outcomeDocument(report, locale)),
				contentType: 'text/markdown; charset=utf-8',
				filename: `${base}.md`
			};
		case 'pdf': {
			const document = outcomeDocument(report, locale);
			const pdf = await outcomePdf(document, {
				title: document.title,
				footer: m.outcome_pdf_footer({
					// Kept apart, so that a Latin codename does not turn an Arabic footer left to right.
					codename: isolate(report.codename),
					date: formatDate(report.closedAt, locale ?? getLocale())
				}),
				pageLabel: (page, pages) => m.outcome_pdf_page({ page, pages }),
				dir: languageOf(getLocale())?.dir ?? 'ltr',
				marks: { emoji: m.outcome_pdf_mark_emoji(), other: m.outcome_pdf_unsupported_script() },
				marksNote: (marks) => m.outcome_pdf_marks_note(marks),
				createdAt: new Date(report.generatedAt)
			});
			return { body: new Uint8Array(pdf), contentType: 'application/pdf', filename: `${base}.pdf` };
		}
	}
}

/** `Content-Disposition` for a download, with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Follow-up
// ---------------------------------------------------------------------------------------------------------------

export interface SessionSummary {
	id: string;
	phase: SessionPhase;
	openedAt: number | null;
	closedAt: number | null;
	followUpOn: string | null;
	reviewOf: string | null;
	purgedAt: number | null;
	hasReport: boolean;
	reportPath: string | null;
	/** When retention deletes this closed session's raw data (null when already deleted or not closed). */
	rawDataUntil: number | null;
}

export interface FollowUpView {
	dialogueId: string;
	codename: string;
	status: DialogueStatus;
	canManage: boolean;
	sessions: SessionSummary[];
	/** The session whose agreement is current: the last one that closed through every phase (not one that ended early). */
	current: SessionSummary | null;
	commitments: TrackedCommitment[];
	/** A session is open: no review session can be opened now. */
	openSession: { id: string; phase: SessionPhase } | null;
	nextReviewOn: string | null;
	retentionDays: number;
	/**
	 * The first step of a review session: the capacity screen redone for it (occasion "review", saved after the
	 * current agreement closed), or null while it is still to do.
	 */
	capacityStep: { reviewId: string; at: number } | null;
	partners: PartnerView[];
	milestones: MilestoneView[];
}

function trackedOf(rows: (typeof commitment.$inferSelect)[], today: string): TrackedCommitment[] {
	return rows.map((c) => ({
		id: c.id,
		sessionId: c.sessionId,
		position: c.position,
		action: c.action,
		ownerRole: c.ownerRole,
		dueOn: c.dueOn,
		reviewHow: c.reviewHow,
		fromProposal: null,
		status: c.status,
		statusNote: c.statusNote,
		statusChangedAt: c.statusChangedAt,
		overdue: isOverdue(c, today)
	}));
}

export function isOverdue(c: { dueOn: string | null; status: CommitmentStatus }, today: string): boolean {
	return c.dueOn !== null && c.dueOn < today && (c.status === 'planned' || c.status === 'inProgress');
}

function summaryOf(row: SessionRow, reported: Set<string>, retentionDays: number): SessionSummary {
	return {
		id: row.id,
		phase: row.phase as SessionPhase,
		openedAt: row.openedAt,
		closedAt: row.closedAt,
		followUpOn: row.followUpOn,
		reviewOf: row.reviewOf,
		purgedAt: row.purgedAt,
		hasReport: reported.has(row.id),
		reportPath: isFinishedPhase(row.phase) ? reportPath(row.id) : null,
		rawDataUntil:
			row.closedAt !== null && row.purgedAt === null ? purgeDueAt(row.closedAt, retentionDays) : null
	};
}

function reportedSessions(db: Reader, dialogueIds: string[]): Set<string> {
	if (dialogueIds.length === 0) return new Set();
	return new Set(
		db
			.select({ id: outcomeReport.sessionId })
			.from(outcomeReport)
			.where(inArray(outcomeReport.dialogueId, dialogueIds))
			.all()
			.map((r) => r.id)
	);
}

/** The latest of these sessions to finish, closed or ended early (its report is the newest). */
function latestFinished(sessions: SessionRow[]): SessionRow | null {
	return (
		sessions
			.filter((s) => isFinishedPhase(s.phase))
			.sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0) || b.createdAt - a.createdAt)[0] ?? null
	);
}

/**
 * The latest session that closed through every phase: its agreement is the current one (tracked, in the calendar,
 * carried into a review). A session that ended early agreed nothing: the draft commitments it may hold were never
 * consented to, so they never replace the agreement before it.
 */
function latestAgreed(sessions: SessionRow[]): SessionRow | null {
	return latestFinished(sessions.filter((s) => s.phase === 'closed'));
}

function sessionsOf(db: Reader, dialogueId: string): SessionRow[] {
	return db
		.select()
		.from(liveSession)
		.where(eq(liveSession.dialogueId, dialogueId))
		.orderBy(desc(liveSession.createdAt))
		.all();
}

/** The follow-up of one dialogue: its sessions, the current agreement with its tracker, and review dates. */
export function followUp(staff: StaffPrincipal, dialogueId: string, env?: ServiceEnv): FollowUpView {
	const { db, now } = resolveEnv(env);
	const access = accessDialogue(db, staff, dialogueId);
	const rows = sessionsOf(db, dialogueId);
	const reported = reportedSessions(db, [dialogueId]);
	const latest = latestAgreed(rows);
	const today = isoDay(now);
	const commitments = latest ? commitmentRows(db, latest.id) : [];
	const open = rows.find((r) => !isFinishedPhase(r.phase) && r.closedAt === null) ?? null;
	const upcoming = rows
		.map((r) => r.followUpOn)
		.filter((d): d is string => d !== null && d >= today)
		.sort();
	const retentionDays = retentionDaysOf(access.dialogue.settings);
	const alliance = allianceOf(db, dialogueId, today);
	return {
		dialogueId,
		codename: access.dialogue.codename,
		status: access.dialogue.status,
		canManage: access.canManage,
		sessions: rows.map((r) => summaryOf(r, reported, retentionDays)),
		current: latest ? summaryOf(latest, reported, retentionDays) : null,
		commitments: trackedOf(commitments, today),
		openSession: open ? { id: open.id, phase: open.phase as SessionPhase } : null,
		nextReviewOn: upcoming[0] ?? null,
		retentionDays,
		capacityStep: latest ? capacityRedoneAfter(db, dialogueId, latest) : null,
		partners: alliance.partners,
		milestones: alliance.milestones
	};
}

export interface StatusInput {
	status: string;
	note: string;
}

/**
 * The tracker: a commitment of a closed session is planned, in progress, done or not done, with a note. Both
 * completion and non-completion are reported, so "not done" needs a note saying why.
 */
export function setCommitmentStatus(
	staff: StaffPrincipal,
	dialogueId: string,
	commitmentId: string,
	input: StatusInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const status = input.status.trim();
	const note = input.note.replace(/\r\n?/g, '\n').trim();
	const errors: Record<string, string> = {};
	if (!(COMMITMENT_STATUSES as readonly string[]).includes(status))
		errors.status = m.outcome_tracker_error_status();
	if (status === 'notDone' && note === '') errors.note = m.outcome_tracker_error_note();
	if ([...note].length > 1000) errors.note = m.outcome_tracker_error_note_long();
	if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
	db.transaction((tx) => {
		accessDialogue(tx, staff, dialogueId);
		const row = tx
			.select()
			.from(commitment)
			.where(and(eq(commitment.id, commitmentId), eq(commitment.dialogueId, dialogueId)))
			.get();
		if (!row) throw new DialogueNotFoundError('commitment');
		const session = tx
			.select({ phase: liveSession.phase })
			.from(liveSession)
			.where(eq(liveSession.id, row.sessionId))
			.get();
		// While its session runs, a commitment is part of the draft and changes through the console.
		if (!session || !isFinishedPhase(session.phase)) throw new DialogueNotFoundError('commitment');
		tx.update(commitment)
			.set({ status: status as CommitmentStatus, statusNote: note, statusChangedAt: now, updatedAt: now })
			.where(eq(commitment.id, row.id))
			.run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'commitment.status',
			targetType: 'commitment',
			targetId: row.id,
			// The note stays in its table: the log says what changed, not what was written.
			detail: { dialogueId: row.dialogueId, from: row.status, to: status },
			at: now
		});
	});
}

/**
 * The capacity screen redone for a review of `agreed`: the newest screen of occasion "review" saved since that
 * session closed. A screen saved before it closed belongs to an earlier stage, not to this review.
 */
function capacityRedoneAfter(
	db: Reader,
	dialogueId: string,
	agreed: SessionRow
): { reviewId: string; at: number } | null {
	const row = db
		.select({ id: capacityReview.id, at: capacityReview.createdAt })
		.from(capacityReview)
		.where(
			and(
				eq(capacityReview.dialogueId, dialogueId),
				eq(capacityReview.occasion, 'review'),
				gte(capacityReview.createdAt, agreed.closedAt ?? agreed.createdAt)
			)
		)
		.orderBy(desc(capacityReview.createdAt))
		.limit(1)
		.get();
	return row ? { reviewId: row.id, at: row.at } : null;
}

/**
 * Opens a review session: a new live session of the dialogue that follows up its last closed session. It starts
 * from that agreement (its commitments, with their follow-up state, are the new draft). Its first step is the
 * community capacity screen redone for it (occasion "review"): without one it is refused, and the session records
 * which screen it started from.
 */
export function openReviewSession(
	staff: StaffPrincipal,
	dialogueId: string,
	options: { requestOrigin: string; env?: ServiceEnv }
): OpenedSession {
	const { db, now } = resolveEnv(options.env);
	accessDialogue(db, staff, dialogueId);
	const previous = latestAgreed(sessionsOf(db, dialogueId));
	if (!previous) throw new InvalidInputError({ _form: m.outcome_review_error_nothing() });
	const step = capacityRedoneAfter(db, dialogueId, previous);
	if (!step) throw new InvalidInputError({ _form: m.outcome_review_error_capacity() });
	const opened = openLiveSession(db, staff, dialogueId, { requestOrigin: options.requestOrigin, now });
	commit(
		db,
		opened.sessionId,
		(tx, emit) => {
			const copied = copyCommitments(tx, previous.id, { sessionId: opened.sessionId, dialogueId }, now);
			tx.update(liveSession)
				.set({ reviewOf: previous.id, capacityReviewId: step.reviewId })
				.where(eq(liveSession.id, opened.sessionId))
				.run();
			const row = tx
				.select({ controls: liveSession.controls })
				.from(liveSession)
				.where(eq(liveSession.id, opened.sessionId))
				.get();
			const controls = parseControls(row?.controls ?? '{}');
			// The carried-over agreement is version 1 of the new draft: it is read back and consented to afresh.
			writeControls(
				tx,
				opened.sessionId,
				{ ...controls, agreement: { ...defaultAgreementControls(), version: copied > 0 ? 1 : 0 } },
				now
			);
			emit(
				'session.review',
				{ reviewOf: previous.id, commitments: copied, capacityReviewId: step.reviewId },
				{ audience: 'staff', actorId: staff.id }
			);
			recordAudit(tx, {
				organisationId: staff.organisationId,
				actorId: staff.id,
				action: 'session.review',
				targetType: 'dialogue',
				targetId: dialogueId,
				detail: {
					sessionId: opened.sessionId,
					reviewOf: previous.id,
					commitments: copied,
					capacityReviewId: step.reviewId
				},
				at: now
			});
		},
		now
	);
	return opened;
}

/**
 * Deletes a dialogue and everything of it (sessions, contributions, answers, commitments, reports, preparation),
 * for organisers, after typing its codename. Refused while a session is in the middle of a meeting. The audit log
 * keeps that it happened. The file's freed pages and the WAL are wiped afterwards, so the texts are gone from disk.
 */
export function deleteDialogue(
	staff: StaffPrincipal,
	dialogueId: string,
	confirmation: string,
	env?: ServiceEnv
): { codename: string } {
	const { db, now } = resolveEnv(env);
	const deleted = db.transaction((tx) => {
		const { dialogue: row } = manageDialogue(tx, staff, dialogueId, 'delete a dialogue');
		if (confirmation.trim() !== row.codename) {
			throw new InvalidInputError({ confirm: m.outcome_delete_error_confirm({ codename: row.codename }) });
		}
		const running = tx
			.select({ id: liveSession.id, phase: liveSession.phase })
			.from(liveSession)
			.where(
				and(
					eq(liveSession.dialogueId, row.id),
					isNull(liveSession.closedAt),
					inArray(liveSession.phase, [...LIVE_PHASES, 'paused'])
				)
			)
			.get();
		if (running) throw new InvalidInputError({ confirm: m.outcome_delete_error_running() });
		const sessions = tx
			.select({ id: liveSession.id })
			.from(liveSession)
			.where(eq(liveSession.dialogueId, row.id))
			.all().length;
		tx.delete(dialogue).where(eq(dialogue.id, row.id)).run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'dialogue.delete',
			targetType: 'dialogue',
			targetId: row.id,
			detail: { codename: row.codename, sessions },
			at: now
		});
		return { codename: row.codename };
	});
	// Deleted means unrecoverable: wipe the freed pages and the WAL frames that still hold the texts, and note the
	// id beside the database so that restoring an older backup deletes it again.
	recordDeletedDialogue(db, dialogueId);
	reclaimFreedSpace(db);
	return deleted;
}

// ---------------------------------------------------------------------------------------------------------------
// Review across the organisation
// ---------------------------------------------------------------------------------------------------------------

export interface ReviewFilters {
	status?: DialogueStatus | '';
	facilitatorId?: string;
	/** Sessions closed on or after / on or before these days (`YYYY-MM-DD`). */
	from?: string;
	to?: string;
}

export interface DialogueReview {
	id: string;
	codename: string;
	status: DialogueStatus;
	facilitators: string[];
	lastClosedAt: number | null;
	/** The last session that finished, closed or ended early (its report). */
	lastSessionId: string | null;
	/** That session ended early: its report covers what the meeting got through, and it agreed nothing. */
	lastEndedEarly: boolean;
	nextReviewOn: string | null;
	/** The last follow-up date has passed without a review session closing after it. */
	reviewOverdue: boolean;
	commitments: { total: number; done: number; notDone: number; open: number; overdue: number };
}

export interface TrendPoint {
	sessionId: string;
	codename: string;
	closedAt: number;
	reportPath: string;
	joined: Figure;
	respected: Figure;
	checkOut: Record<string, Figure>;
}

export interface ReviewDashboard {
	dialogues: DialogueReview[];
	trend: TrendPoint[];
	overdue: (TrackedCommitment & { codename: string; dialogueId: string })[];
	facilitators: { id: string; name: string }[];
	today: string;
}

/** The organisation's dialogues for review (organisers): status, review dates, commitments, trends. */
export function reviewDashboard(
	staff: StaffPrincipal,
	filters: ReviewFilters,
	env?: ServiceEnv
): ReviewDashboard {
	const { db, now } = resolveEnv(env);
	const today = isoDay(now);
	const facilitatorRows = db
		.select({ dialogueId: dialogueFacilitator.dialogueId, userId: staffUser.id, name: staffUser.name })
		.from(dialogueFacilitator)
		.innerJoin(staffUser, eq(staffUser.id, dialogueFacilitator.userId))
		.innerJoin(dialogue, eq(dialogue.id, dialogueFacilitator.dialogueId))
		.where(eq(dialogue.organisationId, staff.organisationId))
		.all();
	let dialogues = db
		.select()
		.from(dialogue)
		.where(
			and(
				eq(dialogue.organisationId, staff.organisationId),
				filters.status ? eq(dialogue.status, filters.status) : undefined
			)
		)
		.orderBy(asc(dialogue.codename))
		.all();
	if (staff.role !== 'organiser') {
		const mine = new Set(facilitatorRows.filter((f) => f.userId === staff.id).map((f) => f.dialogueId));
		dialogues = dialogues.filter((d) => mine.has(d.id));
	}
	if (filters.facilitatorId) {
		const theirs = new Set(
			facilitatorRows.filter((f) => f.userId === filters.facilitatorId).map((f) => f.dialogueId)
		);
		dialogues = dialogues.filter((d) => theirs.has(d.id));
	}
	const ids = dialogues.map((d) => d.id);
	const sessions =
		ids.length === 0 ? [] : db.select().from(liveSession).where(inArray(liveSession.dialogueId, ids)).all();
	const inRange = (ms: number | null) => {
		if (ms === null) return false;
		const day = isoDay(ms);
		return (!filters.from || day >= filters.from) && (!filters.to || day <= filters.to);
	};
	const dated = Boolean(filters.from || filters.to);
	const closedInRange = new Set(
		sessions.filter((s) => isFinishedPhase(s.phase) && inRange(s.closedAt)).map((s) => s.dialogueId)
	);
	if (dated) dialogues = dialogues.filter((d) => closedInRange.has(d.id));

	const reviews: DialogueReview[] = [];
	const overdue: ReviewDashboard['overdue'] = [];
	for (const d of dialogues) {
		const own = sessions.filter((s) => s.dialogueId === d.id);
		const latest = latestAgreed(own);
		const last = latestFinished(own);
		const rows = latest ? commitmentRows(db, latest.id) : [];
		const tracked = trackedOf(rows, today);
		const dates = own.map((s) => s.followUpOn).filter((x): x is string => x !== null);
		const next = dates.filter((x) => x >= today).sort()[0] ?? null;
		const lastDate = latest?.followUpOn ?? null;
		reviews.push({
			id: d.id,
			codename: d.codename,
			status: d.status,
			facilitators: facilitatorRows.filter((f) => f.dialogueId === d.id).map((f) => f.name),
			lastClosedAt: last?.closedAt ?? null,
			lastSessionId: last?.id ?? null,
			lastEndedEarly: last?.phase === 'endedEarly',
			nextReviewOn: next,
			reviewOverdue: next === null && lastDate !== null && lastDate < today,
			commitments: {
				total: tracked.length,
				done: tracked.filter((c) => c.status === 'done').length,
				notDone: tracked.filter((c) => c.status === 'notDone').length,
				open: tracked.filter((c) => c.status === 'planned' || c.status === 'inProgress').length,
				overdue: tracked.filter((c) => c.overdue).length
			}
		});
		for (const c of tracked) if (c.overdue) overdue.push({ ...c, codename: d.codename, dialogueId: d.id });
	}

	const closedIds = sessions
		.filter((s) => isFinishedPhase(s.phase) && (!dated || inRange(s.closedAt)))
		.map((s) => s.id);
	const reports =
		closedIds.length === 0
			? []
			: db
					.select({ content: outcomeReport.content })
					.from(outcomeReport)
					.where(inArray(outcomeReport.sessionId, closedIds))
					.all();
	const codenames = new Map(dialogues.map((d) => [d.id, d.codename]));
	const trend: TrendPoint[] = reports
		.map((row) => JSON.parse(row.content) as OutcomeReport)
		.map((r) => ({
			sessionId: r.sessionId,
			codename: codenames.get(r.dialogueId) ?? r.codename,
			closedAt: r.closedAt,
			reportPath: reportPath(r.sessionId),
			joined: r.participation.joined,
			respected: r.pulses.respected.mean,
			checkOut: Object.fromEntries(Object.entries(r.pulses.checkOut).map(([k, v]) => [k, v.mean]))
		}))
		.sort((a, b) => a.closedAt - b.closedAt);

	const facilitators = [
		...new Map(facilitatorRows.map((f) => [f.userId, { id: f.userId, name: f.name }])).values()
	].sort((a, b) => a.name.localeCompare(b.name));
	overdue.sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
	return { dialogues: reviews, trend, overdue, facilitators, today };
}

/**
 * Review dates as calendar events: the follow-up review meeting of every closed session, and the due date of
 * every commitment of a current agreement that is still open. For the organisation (organisers: every dialogue;
 * facilitators: their own) or for one dialogue.
 */
export function reviewCalendar(
	staff: StaffPrincipal,
	options: { dialogueId?: string | null; origin: string; env?: ServiceEnv }
): { body: string; filename: string } {
	const { db, now } = resolveEnv(options.env);
	let dialogues: { id: string; codename: string }[];
	if (options.dialogueId) {
		const { dialogue: row } = accessDialogue(db, staff, options.dialogueId);
		dialogues = [{ id: row.id, codename: row.codename }];
	} else {
		dialogues = db
			.select({ id: dialogue.id, codename: dialogue.codename })
			.from(dialogue)
			.where(eq(dialogue.organisationId, staff.organisationId))
			.all();
		if (staff.role !== 'organiser') {
			const mine = new Set(
				db
					.select({ id: dialogueFacilitator.dialogueId })
					.from(dialogueFacilitator)
					.where(eq(dialogueFacilitator.userId, staff.id))
					.all()
					.map((r) => r.id)
			);
			dialogues = dialogues.filter((d) => mine.has(d.id));
		}
	}
	const events: CalendarEvent[] = [];
	for (const d of dialogues) {
		const own = sessionsOf(db, d.id);
		for (const s of own) {
			if (!isFinishedPhase(s.phase) || !s.followUpOn) continue;
			events.push({
				uid: `review-${s.id}@hearth`,
				day: s.followUpOn,
				summary: m.outcome_ics_review({ codename: d.codename }),
				description: m.outcome_ics_review_description({ codename: d.codename }),
				url: `${options.origin}/review/${d.id}`,
				categories: ['Hearth', 'Review']
			});
		}
		const latest = latestAgreed(own);
		if (!latest) continue;
		const open = db
			.select()
			.from(commitment)
			.where(
				and(
					eq(commitment.sessionId, latest.id),
					isNotNull(commitment.dueOn),
					notInArray(commitment.status, ['done', 'notDone'])
				)
			)
			.orderBy(asc(commitment.position))
			.all();
		for (const c of open) {
			events.push({
				uid: `commitment-${c.id}@hearth`,
				day: c.dueOn ?? '',
				summary: m.outcome_ics_due({ codename: d.codename, role: c.ownerRole }),
				description: c.action,
				url: `${options.origin}/review/${d.id}`,
				categories: ['Hearth', 'Commitment']
			});
		}
	}
	events.sort((a, b) => a.day.localeCompare(b.day) || a.uid.localeCompare(b.uid));
	const name =
		options.dialogueId && dialogues[0]
			? m.outcome_ics_name_dialogue({ codename: dialogues[0].codename })
			: m.outcome_ics_name();
	const slug = options.dialogueId && dialogues[0] ? fileSlug(dialogues[0].codename) : 'organisation';
	recordAudit(db, {
		organisationId: staff.organisationId,
		actorId: staff.id,
		action: 'calendar.export',
		targetType: options.dialogueId ? 'dialogue' : 'organisation',
		targetId: options.dialogueId ?? staff.organisationId,
		detail: { events: events.length },
		at: now
	});
	return { body: icsCalendar(events, { name, now }), filename: `hearth-review-dates-${slug}.ics` };
}
