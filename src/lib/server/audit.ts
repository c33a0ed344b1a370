/**
 * The audit log of staff actions. Written in the same transaction as the change it records; never holds
 * contribution text or participant tokens.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from './db';
import { prepared } from './db/prepared';
import { auditLog } from './db/schema';

type Writer = Parameters<typeof prepared>[0];

export interface AuditEntry {
	organisationId: string;
	actorId: string | null;
	action: string;
	targetType?: string | null;
	targetId?: string | null;
	detail?: Record<string, unknown>;
	at?: number;
}

let lastMs = 0;
let counter = 0;

/**
 * A time-ordered UUID (version 7, RFC 9562, with a counter within the millisecond): ids sort in the order the
 * entries were written, so that among entries of the same time the newest still comes first.
 */
export function timeOrderedId(now = Date.now()): string {
	if (now > lastMs) {
		lastMs = now;
		counter = 0;
	} else if (++counter > 0xfff) {
		lastMs += 1;
		counter = 0;
	}
	const bytes = randomBytes(16);
	bytes.writeUIntBE(lastMs, 0, 6);
	bytes[6] = 0x70 | (counter >> 8);
	bytes[7] = counter & 0xff;
	bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function recordAudit(db: Writer, entry: AuditEntry): void {
	// Prepared once per connection: every staff action in a live session writes one (a facilitator approving a
	// hall's worries writes many).
	prepared(db, 'recordAudit', (writer) =>
		writer
			.insert(auditLog)
			.values({
				id: sql.placeholder('id'),
				organisationId: sql.placeholder('organisationId'),
				actorId: sql.placeholder('actorId'),
				action: sql.placeholder('action'),
				targetType: sql.placeholder('targetType'),
				targetId: sql.placeholder('targetId'),
				detail: sql.placeholder('detail'),
				at: sql.placeholder('at')
			})
			.prepare()
	).run({
		id: timeOrderedId(),
		organisationId: entry.organisationId,
		actorId: entry.actorId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId ?? null,
		detail: JSON.stringify(entry.detail ?? {}),
		at: entry.at ?? Date.now()
	});
}

/** Where a page of the audit log ends: the last entry shown (its time, and its id among entries of that time). */
export interface AuditCursor {
	at: number;
	id: string;
}

/** A cursor as it travels in a link (`<at>.<id>`); null when it cannot be read. */
export function parseAuditCursor(text: string | null): AuditCursor | null {
	const match = /^(\d{1,15})\.([0-9a-f-]{36})$/i.exec(text ?? '');
	return match ? { at: Number(match[1]), id: (match[2] as string).toLowerCase() } : null;
}

export function auditCursorText(cursor: AuditCursor): string {
	return `${cursor.at}.${cursor.id}`;
}

/**
 * The organisation's audit log, newest first, paged after `before` (the last entry of the page before). The id
 * breaks ties between entries of the same millisecond, so that paging never skips or repeats one.
 */
export function listAudit(
	db: Db,
	organisationId: string,
	options: { before?: AuditCursor; limit?: number } = {}
) {
	const { before } = options;
	const where = before
		? and(
				eq(auditLog.organisationId, organisationId),
				or(lt(auditLog.at, before.at), and(eq(auditLog.at, before.at), lt(auditLog.id, before.id)))
			)
		: eq(auditLog.organisationId, organisationId);
	return db
		.select()
		.from(auditLog)
		.where(where)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(options.limit ?? 100)
		.all()
		.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
