/**
 * The audit log of staff actions. Written in the same transaction as the change it records; never holds
 * contribution text or participant tokens.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './db';
import { auditLog } from './db/schema';

type Writer = Pick<Db, 'insert'>;

export interface AuditEntry {
	organisationId: string;
	actorId: string | null;
	action: string;
	targetType?: string | null;
	targetId?: string | null;
	detail?: Record<string, unknown>;
	at?: number;
}

export function recordAudit(db: Writer, entry: AuditEntry): void {
	db.insert(auditLog)
		.values({
			id: randomUUID(),
			organisationId: entry.organisationId,
			actorId: entry.actorId,
			action: entry.action,
			targetType: entry.targetType ?? null,
			targetId: entry.targetId ?? null,
			detail: JSON.stringify(entry.detail ?? {}),
			at: entry.at ?? Date.now()
		})
		.run();
}

/** The organisation's audit log, newest first, paged by `before` (a timestamp). */
export function listAudit(db: Db, organisationId: string, options: { before?: number; limit?: number } = {}) {
	const where = options.before
		? and(eq(auditLog.organisationId, organisationId), lt(auditLog.at, options.before))
		: eq(auditLog.organisationId, organisationId);
	return db
		.select()
		.from(auditLog)
		.where(where)
		.orderBy(desc(auditLog.at))
		.limit(options.limit ?? 100)
		.all()
		.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
