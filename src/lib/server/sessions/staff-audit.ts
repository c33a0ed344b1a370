/**
 * Live staff actions in the organisation's audit log (issue 9, point 7). The session's event log is trimmed by
 * retention; the audit log is not, so who opened a session, moved it on (with the overrides given), went back,
 * paused it, approved, hid or redacted a contribution, or renewed the projector link stays accountable.
 *
 * One rule, applied where every event is written (`insertEvent`), in the same transaction as the change: an event
 * of a listed type written by a staff member adds one audit entry. What goes into the entry is picked field by
 * field per type, never copied: contribution text (the text, a redaction's replacement, a moderator's note that
 * may quote it) never reaches the audit log.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { dialogue, liveSession } from '../db/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Payload = Record<string, unknown>;

const pick = (payload: Payload, ...keys: string[]): Payload =>
	Object.fromEntries(keys.filter((k) => payload[k] !== undefined).map((k) => [k, payload[k]]));

/** Logged event type → audit action and the detail it keeps (ids, phases and staff-written reasons only). */
const AUDITED: Record<
	string,
	{ action: string | ((payload: Payload) => string); detail: (payload: Payload) => Payload }
> = {
	'session.opened': { action: 'session.open', detail: (p) => pick(p, 'phase') },
	// Overrides are the facilitator's own judgement on a value check: kept, as the outcome report keeps them.
	'phase.advance': { action: 'session.advance', detail: (p) => pick(p, 'from', 'to', 'overrides') },
	'phase.revisit': { action: 'session.revisit', detail: (p) => pick(p, 'from', 'to', 'reason') },
	'session.pause': { action: 'session.pause', detail: (p) => pick(p, 'from', 'reason') },
	'session.resume': { action: 'session.resume', detail: (p) => pick(p, 'to') },
	// Ending early is irreversible: why is kept, as its reason code. The facilitator's note is free text about a hard
	// moment (it may name or describe someone) and the audit log is never trimmed: the log says only that there was
	// one; the note itself stays in the report, which is deleted with the dialogue.
	'session.endEarly': {
		action: 'session.endEarly',
		detail: (p) => ({ ...pick(p, 'from', 'reason'), ...(p.note ? { withNote: true } : {}) })
	},
	// A redaction is an approval of the edited text: the event says which by its `redacted` flag.
	'contribution.approved': {
		action: (p) => (p.redacted === true ? 'contribution.redact' : 'contribution.approve'),
		detail: (p) => ({ contributionId: p.id })
	},
	'contribution.hidden': { action: 'contribution.hide', detail: (p) => ({ contributionId: p.id }) },
	'display.rotated': { action: 'display.rotate', detail: () => ({}) }
};

/** One item of a bulk action (hiding a selection): the bulk action is audited once, with its count. */
function partOfBulk(payload: unknown): boolean {
	const staff = (payload as { staff?: unknown } | null)?.staff;
	return typeof staff === 'object' && staff !== null && (staff as { bulk?: unknown }).bulk === true;
}

/** Records a logged event in the audit log when it is a staff action of a listed type. Inside the caller's tx. */
export function auditStaffEvent(
	tx: Tx,
	sessionId: string,
	type: string,
	payload: unknown,
	actorId: string | null,
	at: number
): void {
	const rule = AUDITED[type];
	if (!rule || !actorId || partOfBulk(payload)) return;
	const row = prepared(tx, 'sessionOrganisation', (reader) =>
		reader
			.select({ organisationId: dialogue.organisationId, dialogueId: dialogue.id })
			.from(liveSession)
			.innerJoin(dialogue, eq(dialogue.id, liveSession.dialogueId))
			.where(eq(liveSession.id, sql.placeholder('sessionId')))
			.prepare()
	).get({ sessionId });
	// A session without a dialogue (only made by specs) belongs to no organisation and has no audit log.
	if (!row) return;
	const fields = payload && typeof payload === 'object' ? (payload as Payload) : {};
	recordAudit(tx, {
		organisationId: row.organisationId,
		actorId,
		action: typeof rule.action === 'string' ? rule.action : rule.action(fields),
		targetType: 'session',
		targetId: sessionId,
		detail: { dialogueId: row.dialogueId, ...rule.detail(fields) },
		at
	});
}
