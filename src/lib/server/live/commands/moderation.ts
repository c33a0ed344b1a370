// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * The facilitator's side of contributions: moderation (approve, hide, redact with a note), themes of concerns
 * (create, assign, merge, rename, answer, suggested groupings) and the proposal shortlist (owner role, what it
 * answers). Each change and its log event commit together; phones hear of a contribution only once it is
 * approved, and then only its approved (or redacted) text.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, max, ne, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { countFigure } from '$lib/privacy/small-groups';
import type { ThemeSuggestion } from '$lib/live/types';
import type { StaffPrincipal } from '../../auth/principal';
import { recordAudit } from '../../audit';
import type { Db } from '../../db';
import { prepared } from '../../db/prepared';
import { contribution, sessionEvent, theme } from '../../db/schema';
import { requireSessionAccess } from '../http/access';
import { LiveError } from '../errors';
import { suggestGroupings } from './similarity';
import { contributionOf, endorsementCount, themeTitles } from '../views/reads';
import { encodeTiedTo, toApproved, toThemeSummary } from '../views/shapes';
import { commit, readSessionState, type Emit, type Reader, type Tx } from '../store';

type ContributionRow = typeof contribution.$inferSelect;

function findContribution(tx: Reader, sessionId: string, id: string): ContributionRow {
	const row = contributionOf(tx, sessionId, id);
	if (!row) throw new LiveError(404, 'contributionNotFound', m.live_error_contribution_not_found());
	return row;
}

function findTheme(tx: Reader, sessionId: string, id: string): typeof theme.$inferSelect {
	const row = tx
		.select()
		.from(theme)
		.where(and(eq(theme.id, id), eq(theme.sessionId, sessionId)))
		.get();
	if (!row) throw new LiveError(404, 'themeNotFound', m.live_error_theme_not_found());
	return row;
}

/**
 * Tells every screen about an approved contribution (its public form); the note goes to staff only. When it
 * comes onto the wall now (it was pending or hidden), its `shownSeq` records this event's sequence number, so
 * that streams and views can tell what was shown during a pause. `bulk` marks an item of a bulk approval.
 */
function emitApproved(
	tx: Tx,
	emit: Emit,
	row: ContributionRow,
	actorId: string,
	wasShown: boolean,
	bulk = false
): void {
	const min = readSessionState(tx, row.sessionId).settings.minGroupSize;
	const shown = toApproved(
		row,
		countFigure(endorsementCount(tx, row.id), min),
		themeTitles(tx, row.sessionId)
	);
	const seq = emit(
		'contribution.approved',
		{
			...shown,
			// `bulk`: part of "approve all unflagged", which the audit log records once as a whole.
			staff: bulk ? { moderatorNote: row.moderatorNote, bulk } : { moderatorNote: row.moderatorNote }
		},
		{ actorId }
	);
	if (!wasShown) {
		prepared(tx, 'contributionShownSeq', (reader) =>
			reader
				.update(contribution)
				.set({ shownSeq: sql`${sql.placeholder('seq')}` })
				.where(eq(contribution.id, sql.placeholder('id')))
				.prepare()
		).run({ seq, id: row.id });
	}
}

/**
 * Shows a contribution on the wall with `change` (who moderated it, and when, is recorded) and tells every
 * screen of it.
 */
/** What an approval may change besides the status. */
const CHANGEABLE = ['themeId', 'redactedText', 'moderatorNote'] as const;

function approveRow(
	tx: Tx,
	emit: Emit,
	row: ContributionRow,
	change: Partial<Pick<ContributionRow, 'themeId' | 'redactedText' | 'moderatorNote'>>,
	actorId: string,
	at: number,
	bulk = false
): void {
	// Prepared once per set of changed fields (a plain approval, one with a theme, a redaction, …).
	const fields = CHANGEABLE.filter((field) => change[field] !== undefined);
	const updated = prepared(tx, `approveRow:${fields.join(',')}`, (reader) =>
		reader
			.update(contribution)
			.set({
				status: 'approved',
				...Object.fromEntries(fields.map((field) => [field, sql`${sql.placeholder(field)}`])),
				// `set` takes SQL, not a bare placeholder.
				moderatedAt: sql`${sql.placeholder('at')}`,
				moderatedBy: sql`${sql.placeholder('actorId')}`
			})
			.where(eq(contribution.id, sql.placeholder('id')))
			.returning()
			.prepare()
	).get({ ...Object.fromEntries(fields.map((field) => [field, change[field]])), at, actorId, id: row.id });
	if (updated) emitApproved(tx, emit, updated, actorId, row.status === 'approved', bulk);
}

/** What still waits in the queue, oldest first: the items the screening flagged, or those it did not. */
function waitingInQueue(tx: Tx, sessionId: string, flagged: boolean): ContributionRow[] {
	return tx
		.select()
		.from(contribution)
		.where(
			and(
				eq(contribution.sessionId, sessionId),
				eq(contribution.status, 'pending'),
				flagged ? ne(contribution.flags, '[]') : eq(contribution.flags, '[]')
			)
		)
		.orderBy(asc(contribution.createdAt), asc(contribution.id))
		.all();
}

/** A staff command on a session: the staff member's access is checked, then the change commits as one. */
function staffCommit<T>(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	now: number | undefined,
	fn: (tx: Tx, emit: Emit, at: number) => T
): T {
	requireSessionAccess(db, staff, sessionId);
	return commit(db, sessionId, fn, now);
}

function requireConcernForTheme(row: ContributionRow): void {
	if (row.kind !== 'concern') throw new LiveError(409, 'notConcern', m.live_error_not_concern());
	if (row.status !== 'approved') throw new LiveError(409, 'notApproved', m.live_error_not_approved());
}

/**
 * Takes one contribution off every screen with the moderator's note (the one it has when none is given), and
 * logs `contribution.hidden` (phones get only its id). Whether anything changed: hiding again with the same note
 * does nothing. `bulk` marks the event as part of a bulk hide, which the audit log records once as a whole.
 */
function hideRow(
	tx: Tx,
	emit: Emit,
	row: ContributionRow,
	note: string | undefined,
	actorId: string,
	at: number,
	bulk = false
): boolean {
	const moderatorNote = note ?? row.moderatorNote;
	if (row.status === 'hidden' && moderatorNote === row.moderatorNote) return false;
	tx.update(contribution)
		.set({ status: 'hidden', moderatorNote, moderatedAt: at, moderatedBy: actorId })
		.where(eq(contribution.id, row.id))
		.run();
	emit(
		'contribution.hidden',
		{ id: row.id, staff: bulk ? { moderatorNote, bulk } : { moderatorNote } },
		{ actorId }
	);
	return true;
}

/** Shows a contribution on the wall (optionally straight into a theme). Approving twice changes nothing. */
export function approveContribution(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	options: { themeId?: string; now?: number } = {}
): void {
	const actorId = staff?.id ?? '';
	staffCommit(db, staff, sessionId, options.now, (tx, emit, at) => {
		const row = findContribution(tx, sessionId, contributionId);
		const themeId =
			options.themeId && row.kind === 'concern' ? findTheme(tx, sessionId, options.themeId).id : null;
		if (row.status === 'approved' && (themeId === null || themeId === row.themeId)) return;
		approveRow(tx, emit, row, { themeId: themeId ?? row.themeId }, actorId, at);
	});
}

/** Keeps a contribution off every screen (or takes it off again). Phones get only its id. */
export function hideContribution(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	options: { note?: string; now?: number } = {}
): void {
	const actorId = staff?.id ?? '';
	staffCommit(db, staff, sessionId, options.now, (tx, emit, at) => {
		hideRow(tx, emit, findContribution(tx, sessionId, contributionId), options.note, actorId, at);
	});
}

/**
 * Hides several contributions at once (a flood in the queue): one transaction, one `contribution.hidden` per
 * contribution as `hideContribution` logs it, and one audit entry with how many (never their text). Unknown ids
 * refuse the whole command, so that a stale selection is noticed; ones already hidden are left as they are.
 * Returns how many were hidden.
 */
export function hideContributions(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	selection: { contributionIds: readonly string[] } | { flagged: true },
	options: { note?: string; now?: number } = {}
): number {
	const access = requireSessionAccess(db, staff, sessionId);
	const actorId = staff?.id ?? '';
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			let rows: ContributionRow[];
			if ('flagged' in selection) {
				// Everything the screening held as personal data or a threat that still waits in the queue.
				rows = waitingInQueue(tx, sessionId, true);
			} else {
				const ids = [...new Set(selection.contributionIds)];
				rows = tx
					.select()
					.from(contribution)
					.where(and(eq(contribution.sessionId, sessionId), inArray(contribution.id, ids)))
					.orderBy(asc(contribution.createdAt), asc(contribution.id))
					.all();
				if (rows.length !== ids.length) {
					throw new LiveError(404, 'contributionNotFound', m.live_error_contribution_not_found());
				}
			}
			let hidden = 0;
			for (const row of rows) {
				// `bulk`: the audit log records the whole action once, below, not each of up to 500 items.
				if (hideRow(tx, emit, row, options.note, actorId, at, true)) hidden++;
			}
			if (hidden > 0) {
				recordAudit(tx, {
					organisationId: access.organisationId,
					actorId: staff?.id ?? null,
					action: 'flagged' in selection ? 'session.contributions.hideFlagged' : 'session.contributions.hide',
					targetType: 'session',
					targetId: sessionId,
					detail: { count: hidden },
					at
				});
			}
			return hidden;
		},
		options.now
	);
}

/**
 * Approves everything still waiting in the queue that the screening did not flag ("approve all unflagged"): one
 * transaction, one `contribution.approved` per item as `approveContribution` logs it, and one audit entry with
 * how many. Flagged items stay waiting for a person's look. With `seenSeq` (the last event the console had),
 * what was submitted after it stays waiting too: nothing is approved that was never on the facilitator's screen.
 * Returns how many were approved.
 */
export function approveUnflagged(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	options: { seenSeq?: number; now?: number } = {}
): number {
	const access = requireSessionAccess(db, staff, sessionId);
	const actorId = staff?.id ?? '';
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			const later = new Set<unknown>();
			if (options.seenSeq !== undefined) {
				for (const event of tx
					.select({ payload: sessionEvent.payload })
					.from(sessionEvent)
					.where(
						and(
							eq(sessionEvent.sessionId, sessionId),
							gt(sessionEvent.seq, options.seenSeq),
							eq(sessionEvent.type, 'contribution.submitted')
						)
					)
					.all()) {
					try {
						later.add((JSON.parse(event.payload) as { id?: unknown }).id);
					} catch {
						// Not a payload this version wrote: nothing to leave out.
					}
				}
			}
			const rows = waitingInQueue(tx, sessionId, false).filter((row) => !later.has(row.id));
			for (const row of rows) approveRow(tx, emit, row, {}, actorId, at, true);
			if (rows.length > 0) {
				recordAudit(tx, {
					organisationId: access.organisationId,
					actorId: staff?.id ?? null,
					action: 'session.contributions.approveUnflagged',
					targetType: 'session',
					targetId: sessionId,
					detail: { count: rows.length },
					at
				});
			}
			return rows.length;
		},
		options.now
	);
}

/**
 * Shows a moderator's edited version instead of what was typed (to take out a name, say), with a note why.
 * The original stays for the moderator until retention deletes it; the wall only ever sees the edit.
 */
export function redactContribution(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	text: string,
	note: string,
	now?: number
): void {
	const actorId = staff?.id ?? '';
	staffCommit(db, staff, sessionId, now, (tx, emit, at) => {
		const row = findContribution(tx, sessionId, contributionId);
		approveRow(tx, emit, row, { redactedText: text, moderatorNote: note }, actorId, at);
	});
}

/** A theme's title as people read it: case, accents' case and runs of spaces do not make two titles different. */
export function themeKey(title: string): string {
	return title.normalize('NFKC').toLocaleLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Refuses a title another theme of this session already has (read the same way, `themeKey`), with a field
 * message on `title`: two themes named "Safety" and "safety " would split one worry in two on the wall.
 */
function requireUniqueTitle(tx: Reader, sessionId: string, title: string, except?: string): void {
	const key = themeKey(title);
	const clash = tx
		.select({ id: theme.id, title: theme.title })
		.from(theme)
		.where(eq(theme.sessionId, sessionId))
		.all()
		.find((t) => t.id !== except && themeKey(t.title) === key);
	if (clash) {
		const message = m.live_error_theme_duplicate({ title: clash.title });
		throw new LiveError(409, 'themeDuplicate', message, { errors: { title: message } });
	}
}

/** Creates a theme (optionally with the concerns it groups); returns its id. */
export function createTheme(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	title: string,
	contributionIds: string[] = [],
	now?: number
): string {
	const actorId = staff?.id ?? null;
	return staffCommit(db, staff, sessionId, now, (tx, emit, at) => {
		requireUniqueTitle(tx, sessionId, title);
		const rows = contributionIds.map((id) => findContribution(tx, sessionId, id));
		rows.forEach(requireConcernForTheme);
		const last = tx
			.select({ p: max(theme.position) })
			.from(theme)
			.where(eq(theme.sessionId, sessionId))
			.get();
		const created = tx
			.insert(theme)
			.values({ id: randomUUID(), sessionId, title, position: (last?.p ?? -1) + 1, createdAt: at })
			.returning()
			.get();
		emit('theme.created', toThemeSummary(created), { actorId });
		if (rows.length > 0) {
			tx.update(contribution)
				.set({ themeId: created.id })
				.where(inArray(contribution.id, contributionIds))
				.run();
			emit('contribution.themed', { ids: contributionIds, themeId: created.id }, { actorId });
		}
		return created.id;
	});
}

/** Puts approved concerns into a theme, or (themeId null) takes them out of their theme. */
export function assignToTheme(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionIds: string[],
	themeId: string | null,
	now?: number
): void {
	staffCommit(db, staff, sessionId, now, (tx, emit) => {
		if (themeId) findTheme(tx, sessionId, themeId);
		contributionIds.map((id) => findContribution(tx, sessionId, id)).forEach(requireConcernForTheme);
		tx.update(contribution).set({ themeId }).where(inArray(contribution.id, contributionIds)).run();
		emit('contribution.themed', { ids: contributionIds, themeId }, { actorId: staff?.id ?? null });
	});
}

/**
 * Merges themes into one: their concerns move to `into`, proposals tied to them are tied to `into`, and they
 * are removed. `into` keeps its own title and answer.
 */
export function mergeThemes(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	themeIds: string[],
	into: string,
	now?: number
): void {
	const from = [...new Set(themeIds)].filter((id) => id !== into);
	staffCommit(db, staff, sessionId, now, (tx, emit) => {
		findTheme(tx, sessionId, into);
		from.forEach((id) => findTheme(tx, sessionId, id));
		if (from.length === 0) return;
		tx.update(contribution)
			.set({ themeId: into })
			.where(and(eq(contribution.sessionId, sessionId), inArray(contribution.themeId, from)))
			.run();
		tx.update(contribution)
			.set({ tiedTo: encodeTiedTo({ themeId: into }) })
			.where(
				and(
					eq(contribution.sessionId, sessionId),
					inArray(
						contribution.tiedTo,
						from.map((id) => encodeTiedTo({ themeId: id }))
					)
				)
			)
			.run();
		tx.delete(theme).where(inArray(theme.id, from)).run();
		emit('theme.merged', { from, into }, { actorId: staff?.id ?? null });
	});
}

/** Changes one theme (`change` gets the commit's time) and tells every screen its new summary. */
function updateTheme(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	themeId: string,
	change: (at: number) => Partial<Pick<typeof theme.$inferSelect, 'title' | 'answer' | 'answeredAt'>>,
	now?: number
): void {
	staffCommit(db, staff, sessionId, now, (tx, emit, at) => {
		findTheme(tx, sessionId, themeId);
		const title = change(at).title;
		if (title !== undefined) requireUniqueTitle(tx, sessionId, title, themeId);
		const row = tx.update(theme).set(change(at)).where(eq(theme.id, themeId)).returning().get();
		if (row) emit('theme.updated', toThemeSummary(row), { actorId: staff?.id ?? null });
	});
}

export function renameTheme(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	themeId: string,
	title: string,
	now?: number
): void {
	updateTheme(db, staff, sessionId, themeId, () => ({ title }), now);
}

/** Marks a theme acknowledged and answered, with the facilitator's short answer (shown on every screen). */
export function answerTheme(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	themeId: string,
	note: string,
	now?: number
): void {
	updateTheme(db, staff, sessionId, themeId, (at) => ({ answer: note, answeredAt: at }), now);
}

/** Suggested groups of approved concerns not yet in a theme, by topic and by alike words. Applies nothing. */
export function suggestThemes(db: Reader, sessionId: string): ThemeSuggestion[] {
	const items = db
		.select({ id: contribution.id, text: contribution.text, redactedText: contribution.redactedText })
		.from(contribution)
		.where(
			and(
				eq(contribution.sessionId, sessionId),
				eq(contribution.kind, 'concern'),
				eq(contribution.status, 'approved'),
				isNull(contribution.themeId)
			)
		)
		.orderBy(asc(contribution.createdAt))
		.all()
		.map((c) => ({ id: c.id, text: c.redactedText ?? c.text }));
	return suggestGroupings(items).map((g) => ({ contributionIds: g.ids, title: g.words.join(', ') }));
}

function requireApprovedProposal(row: ContributionRow): void {
	if (row.kind !== 'proposal') throw new LiveError(409, 'notProposal', m.live_error_not_proposal());
	if (row.status !== 'approved') throw new LiveError(409, 'notApproved', m.live_error_not_approved());
}

function updateProposal(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	change: (
		row: ContributionRow,
		tx: Tx
	) => Partial<Pick<ContributionRow, 'shortlisted' | 'ownerRole' | 'tiedTo' | 'riskNote'>>,
	now?: number
): void {
	staffCommit(db, staff, sessionId, now, (tx, emit) => {
		const row = findContribution(tx, sessionId, contributionId);
		requireApprovedProposal(row);
		const updated = tx
			.update(contribution)
			.set(change(row, tx))
			.where(eq(contribution.id, row.id))
			.returning()
			.get();
		if (!updated) return;
		const shown = toApproved(updated, 0, themeTitles(tx, sessionId));
		emit(
			'proposal.updated',
			{
				id: updated.id,
				shortlisted: shown.shortlisted,
				ownerRole: shown.ownerRole,
				tiedTo: shown.tiedTo,
				// Projected away for phones and the projector (streams/replay.ts).
				staff: { riskNote: updated.riskNote }
			},
			{ actorId: staff?.id ?? null }
		);
	});
}

export function shortlistProposal(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	shortlisted = true,
	now?: number
): void {
	updateProposal(db, staff, sessionId, contributionId, () => ({ shortlisted }), now);
}

/** The volunteer owner of a proposal, by role ("sports club board"); '' clears it. */
export function setProposalOwnerRole(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	ownerRole: string,
	now?: number
): void {
	updateProposal(db, staff, sessionId, contributionId, () => ({ ownerRole }), now);
}

/**
 * The facilitator's risk note on a proposal ('' clears it): what could go wrong and how it is guarded against. It
 * is written on the console, not on phones: it is a professional judgement that may draw on the risk assessment,
 * which the room does not see, and a phone's fears written as facts about the returning person would need the
 * moderation a proposal's own text already gets. Staff only on every stream; in the outcome report.
 */
export function setProposalRiskNote(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	riskNote: string,
	now?: number
): void {
	updateProposal(db, staff, sessionId, contributionId, () => ({ riskNote }), now);
}

/** Ties a proposal to the theme of concerns it answers, or to a need in words; null unties it. */
export function tieProposal(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	tie: { themeId: string } | { need: string } | null,
	now?: number
): void {
	updateProposal(
		db,
		staff,
		sessionId,
		contributionId,
		(_row, tx) => {
			if (tie && 'themeId' in tie) findTheme(tx, sessionId, tie.themeId);
			return { tiedTo: encodeTiedTo(tie) };
		},
		now
	);
}
