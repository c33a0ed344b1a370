/**
 * The safeguarding route (issue 11): a contribution that threatens someone's safety is not only hidden, it is
 * recorded. `recordSafeguarding` hides it from the room and copies it into a safeguarding record in one
 * transaction, with the session event (`contribution.hidden`, as any hide) and an audit entry (without the text).
 * One record per contribution: a second console sending the same command gets the record that exists.
 *
 * Who sees the records: the dialogue's facilitators and the organisation's organisers (`requireDialogueAccess`),
 * nobody else; reading them for an export is audited. A record never names a phone. It is kept until its own
 * `retainUntil` (the dialogue's `safeguardingRetentionDays` from when it was recorded), after the session's raw
 * data is gone; `purgeSafeguardingRecords` deletes it then (retention runs it, then wipes the freed pages).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, lte } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { SafeguardingAction } from '$lib/live/types';
import type { StaffPrincipal } from '../../auth/principal';
import { recordAudit } from '../../audit';
import type { Db } from '../../db';
import { readSettings } from '../../dialogues/settings';
import { toCsv } from '../../outcome/csv';
import { contribution, dialogue, safeguardingRecord, type ContributionKind } from '../../db/schema';
import { requireDialogueAccess, requireSessionAccess } from '../http/access';
import { LiveError } from '../errors';
import { screenReasons, type ScreeningReason } from '../phones/screening';
import { commit, type Reader } from '../store';

const DAY_MS = 86_400_000;

export interface SafeguardingRecordView {
	id: string;
	dialogueId: string;
	dialogueCodename: string;
	sessionId: string | null;
	kind: ContributionKind;
	text: string;
	reasons: ScreeningReason[];
	phase: string;
	contributedAt: number;
	recordedByName: string;
	recordedAt: number;
	action: SafeguardingAction;
	note: string;
	retainUntil: number;
}

function toView(row: typeof safeguardingRecord.$inferSelect): SafeguardingRecordView {
	let reasons: ScreeningReason[];
	try {
		reasons = JSON.parse(row.reasons) as ScreeningReason[];
	} catch {
		reasons = [];
	}
	return {
		id: row.id,
		dialogueId: row.dialogueId,
		dialogueCodename: row.dialogueCodename,
		sessionId: row.sessionId,
		kind: row.kind,
		text: row.text,
		reasons,
		phase: row.phase,
		contributedAt: row.contributedAt,
		recordedByName: row.recordedByName,
		recordedAt: row.recordedAt,
		action: row.action,
		note: row.note,
		retainUntil: row.retainUntil
	};
}

/**
 * Hides a contribution from the room and records it as a safeguarding concern. Returns the record (the one that
 * was already there when another console recorded it first; its action and note are then left as they were).
 */
export function recordSafeguarding(
	db: Db,
	staff: StaffPrincipal | null,
	sessionId: string,
	contributionId: string,
	input: { action: SafeguardingAction; note: string },
	now?: number
): SafeguardingRecordView {
	const access = requireSessionAccess(db, staff, sessionId);
	const actor = staff as StaffPrincipal;
	return commit(
		db,
		sessionId,
		(tx, emit, at) => {
			const row = tx
				.select()
				.from(contribution)
				.where(and(eq(contribution.id, contributionId), eq(contribution.sessionId, sessionId)))
				.get();
			if (!row) throw new LiveError(404, 'contributionNotFound', m.live_error_contribution_not_found());
			const existing = tx
				.select()
				.from(safeguardingRecord)
				.where(eq(safeguardingRecord.contributionId, row.id))
				.get();
			if (existing) return toView(existing);
			const owner = tx
				.select({ codename: dialogue.codename, settings: dialogue.settings })
				.from(dialogue)
				.where(eq(dialogue.id, access.dialogueId))
				.get();
			const days = readSettings({ settings: owner?.settings ?? '{}' }).safeguardingRetentionDays;
			const note = input.note.trim();
			const record = tx
				.insert(safeguardingRecord)
				.values({
					id: randomUUID(),
					organisationId: access.organisationId,
					dialogueId: access.dialogueId,
					dialogueCodename: owner?.codename ?? '',
					sessionId,
					contributionId: row.id,
					kind: row.kind,
					// What the room would have read had it been approved: a redaction is the facilitator's, the
					// original is what was written, and the record keeps the original.
					text: row.text,
					reasons: JSON.stringify(screenReasons(row.text)),
					phase: row.phase,
					contributedAt: row.createdAt,
					recordedBy: actor.id,
					recordedByName: actor.name,
					recordedAt: at,
					action: input.action,
					note,
					retainUntil: at + days * DAY_MS
				})
				.returning()
				.get();
			if (row.status !== 'hidden') {
				tx.update(contribution)
					.set({ status: 'hidden', moderatedAt: at, moderatedBy: actor.id })
					.where(eq(contribution.id, row.id))
					.run();
				emit(
					'contribution.hidden',
					{ id: row.id, staff: { moderatorNote: row.moderatorNote } },
					{
						actorId: actor.id
					}
				);
			}
			recordAudit(tx, {
				organisationId: access.organisationId,
				actorId: actor.id,
				action: 'safeguarding.recorded',
				targetType: 'safeguardingRecord',
				targetId: record.id,
				// Never the text: the audit log is kept longer and read more widely than the record.
				detail: { sessionId, action: input.action },
				at
			});
			return toView(record);
		},
		now
	);
}

/** The safeguarding records of one dialogue, oldest first, for its facilitators and the organisers. */
export function listSafeguardingRecords(
	db: Reader,
	staff: StaffPrincipal | null,
	dialogueId: string
): SafeguardingRecordView[] {
	const access = requireDialogueAccess(db, staff, dialogueId);
	return db
		.select()
		.from(safeguardingRecord)
		.where(
			and(
				eq(safeguardingRecord.organisationId, access.organisationId),
				eq(safeguardingRecord.dialogueId, dialogueId)
			)
		)
		.orderBy(asc(safeguardingRecord.recordedAt))
		.all()
		.map(toView);
}

/** The records of one session (for the console's moderation panel), under the same access rule. */
export function sessionSafeguardingRecords(
	db: Reader,
	staff: StaffPrincipal | null,
	sessionId: string
): SafeguardingRecordView[] {
	const access = requireSessionAccess(db, staff, sessionId);
	return listSafeguardingRecords(db, staff, access.dialogueId).filter((r) => r.sessionId === sessionId);
}

/** Notes an export of a dialogue's records in the audit log (who, when, how many; never the texts). */
export function auditSafeguardingExport(
	db: Db,
	staff: StaffPrincipal,
	dialogueId: string,
	format: string,
	count: number,
	at = Date.now()
): void {
	recordAudit(db, {
		organisationId: staff.organisationId,
		actorId: staff.id,
		action: 'safeguarding.exported',
		targetType: 'dialogue',
		targetId: dialogueId,
		detail: { format, records: count },
		at
	});
}

/**
 * Deletes the records whose own retention has passed, with one audit entry per organisation (how many, never what).
 * Returns how many. Retention wipes the freed pages after.
 */
export function purgeSafeguardingRecords(db: Db, now: number): number {
	return db.transaction(
		(tx) => {
			const deleted = tx
				.delete(safeguardingRecord)
				.where(lte(safeguardingRecord.retainUntil, now))
				.returning({ organisationId: safeguardingRecord.organisationId })
				.all();
			const perOrganisation = new Map<string, number>();
			for (const { organisationId } of deleted) {
				perOrganisation.set(organisationId, (perOrganisation.get(organisationId) ?? 0) + 1);
			}
			for (const [organisationId, records] of perOrganisation) {
				recordAudit(tx, {
					organisationId,
					actorId: null,
					action: 'retention.safeguarding',
					detail: { records },
					at: now
				});
			}
			return deleted.length;
		},
		{ behavior: 'immediate' }
	);
}

/** CSV of records (one row each), with a header naming what each column holds; formula-safe (`toCsv`). */
export function safeguardingCsv(records: readonly SafeguardingRecordView[]): string {
	const iso = (ms: number) => new Date(ms).toISOString();
	return toCsv([
		[
			'recorded_at',
			'dialogue',
			'phase',
			'kind',
			'contributed_at',
			'text',
			'screening_reasons',
			'action',
			'note',
			'recorded_by',
			'kept_until'
		],
		...records.map((r) => [
			iso(r.recordedAt),
			r.dialogueCodename,
			r.phase,
			r.kind,
			iso(r.contributedAt),
			r.text,
			r.reasons.join(' '),
			r.action,
			r.note,
			r.recordedByName,
			iso(r.retainUntil)
		])
	]);
}
