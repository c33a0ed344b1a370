/**
 * The follow-up with the community's partners (issue 11): the alliance partners that help carry the agreement and
 * the milestones to check at the review. Invariants:
 * - Only the dialogue's facilitators and the organisation's organisers read or change them (`accessDialogue`);
 *   anyone else is told "not found", whatever id they send.
 * - A partner is a role and an organisation, never a person: a field that looks like a person's name, contact
 *   details or an address is refused with a message that says why (the live screening's heuristics, see
 *   `personalIn`).
 * - Every change is audited in its own transaction, with ids and states only: what was typed stays in its table.
 */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import {
	milestoneSchema,
	milestoneStatusSchema,
	type MilestoneInput,
	type MilestoneStatus,
	type PartnerInput,
	type PartnerKind,
	partnerSchema
} from '$lib/validation/follow-up';
import type { FieldErrors } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit, timeOrderedId } from '../audit';
import { alliancePartner, milestone } from '../db/schema';
import { accessDialogue } from '../dialogues/access';
import { resolveEnv, type Reader, type ServiceEnv } from '../dialogues/env';
import { DialogueNotFoundError, InvalidInputError, parseInput } from '../dialogues/errors';
import { screenReasons, type ScreeningReason } from '../live/phones/screening';

export interface PartnerView {
	id: string;
	kind: PartnerKind;
	role: string;
	organisation: string;
}

export interface MilestoneView {
	id: string;
	dueOn: string;
	what: string;
	status: MilestoneStatus;
	statusChangedAt: number | null;
	/** The date has passed and it is still planned. */
	overdue: boolean;
}

export interface AllianceView {
	partners: PartnerView[];
	milestones: MilestoneView[];
}

/** Partners (in the order they were added: ids are time-ordered) and milestones by date (no staff check). */
export function allianceOf(db: Reader, dialogueId: string, today: string): AllianceView {
	const partners = db
		.select()
		.from(alliancePartner)
		.where(eq(alliancePartner.dialogueId, dialogueId))
		.orderBy(asc(alliancePartner.createdAt), asc(alliancePartner.id))
		.all()
		.map((p) => ({ id: p.id, kind: p.kind, role: p.role, organisation: p.organisation }));
	const milestones = db
		.select()
		.from(milestone)
		.where(eq(milestone.dialogueId, dialogueId))
		.orderBy(asc(milestone.dueOn), asc(milestone.createdAt))
		.all()
		.map((row) => ({
			id: row.id,
			dueOn: row.dueOn,
			what: row.what,
			status: row.status,
			statusChangedAt: row.statusChangedAt,
			overdue: row.status === 'planned' && row.dueOn < today
		}));
	return { partners, milestones };
}

const CONTACT_REASONS: readonly ScreeningReason[] = ['contact', 'address', 'houseNumber', 'handle'];

/** A title before a capitalised word is a person whatever else the field says: "Mr Jansen", "mevr. De Boer". */
const TITLE =
	/(?:^|[\s,(])(?:mr|mrs|ms|miss|dr|dhr|mevr|mevrouw|meneer|herr|frau|mme|mlle|sr|sra)\.?\s+\p{Lu}/iu;

/**
 * Words that say a run of capitalised words is an organisation ("Neighbourhood Housing Trust", "Woonstichting De
 * Key", "Bakkerij Jansen"), matched inside words so that Dutch and German compounds count. Organisations are
 * proper names, so the screening's full-name heuristic flags them; with one of these words it is let through.
 */
const ORGANISATION_STEMS = [
	'association',
	'housing',
	'trust',
	'club',
	'church',
	'chapel',
	'mosque',
	'masjid',
	'synagogue',
	'temple',
	'gurdwara',
	'parish',
	'council',
	'network',
	'foundation',
	'charity',
	'company',
	'ltd',
	'limited',
	'inc',
	'group',
	'service',
	'centre',
	'center',
	'school',
	'college',
	'team',
	'union',
	'society',
	'federation',
	'partnership',
	'works',
	'shop',
	'store',
	'market',
	'bakery',
	'garage',
	'corporation',
	'agency',
	'office',
	'academy',
	'stichting',
	'vereniging',
	'corporatie',
	'gemeente',
	'kerk',
	'moskee',
	'parochie',
	'bedrijf',
	'winkel',
	'bakkerij',
	'slagerij',
	'garage',
	'school',
	'bv',
	'nv',
	'verein',
	'gemeinde',
	'genossenschaft',
	'bäckerei',
	'gmbh'
];

function namesOrganisation(text: string): boolean {
	const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
	return words.some((w) => ORGANISATION_STEMS.some((stem) => w.includes(stem)));
}

/**
 * Why a partner field must be refused, or null. The role field names a role ("tenancy officer"), so any name is
 * refused; the organisation field may be a proper name, unless it reads as a person and says nothing of what kind
 * of organisation it is ("Jan de Vries", but not "Bakkerij Jansen").
 */
export function personalIn(field: 'role' | 'organisation', text: string): string | null {
	const reasons = screenReasons(text);
	if (reasons.some((r) => CONTACT_REASONS.includes(r))) return m.outcome_partner_error_contact();
	if (TITLE.test(text)) {
		return field === 'role' ? m.outcome_partner_error_person() : m.outcome_partner_error_org_person();
	}
	if (!reasons.includes('name')) return null;
	if (field === 'role') return m.outcome_partner_error_person();
	return namesOrganisation(text) ? null : m.outcome_partner_error_org_person();
}

/** Adds an alliance partner to the dialogue's follow-up. */
export function addPartner(
	staff: StaffPrincipal,
	dialogueId: string,
	input: PartnerInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	const data = parseInput(partnerSchema, input);
	const errors: FieldErrors = {};
	const role = personalIn('role', data.role);
	const organisation = personalIn('organisation', data.organisation);
	if (role) errors.role = role;
	if (organisation) errors.organisation = organisation;
	if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
	const id = timeOrderedId(now);
	db.transaction((tx) => {
		accessDialogue(tx, staff, dialogueId);
		tx.insert(alliancePartner)
			.values({
				id,
				dialogueId,
				kind: data.kind,
				role: data.role,
				organisation: data.organisation,
				createdBy: staff.id,
				createdAt: now
			})
			.run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'partner.add',
			targetType: 'dialogue',
			targetId: dialogueId,
			detail: { partnerId: id, kind: data.kind },
			at: now
		});
	});
	return { id };
}

/** Takes a partner off the list. */
export function removePartner(
	staff: StaffPrincipal,
	dialogueId: string,
	partnerId: string,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		accessDialogue(tx, staff, dialogueId);
		const removed = tx
			.delete(alliancePartner)
			.where(and(eq(alliancePartner.id, partnerId), eq(alliancePartner.dialogueId, dialogueId)))
			.returning({ id: alliancePartner.id, kind: alliancePartner.kind })
			.get();
		if (!removed) throw new DialogueNotFoundError('partner');
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'partner.remove',
			targetType: 'dialogue',
			targetId: dialogueId,
			detail: { partnerId: removed.id, kind: removed.kind },
			at: now
		});
	});
}

/** Adds a milestone (a date and what should have happened by then), planned. */
export function addMilestone(
	staff: StaffPrincipal,
	dialogueId: string,
	input: MilestoneInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	const data = parseInput(milestoneSchema, input);
	const id = timeOrderedId(now);
	db.transaction((tx) => {
		accessDialogue(tx, staff, dialogueId);
		tx.insert(milestone)
			.values({ id, dialogueId, dueOn: data.dueOn, what: data.what, createdBy: staff.id, createdAt: now })
			.run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'milestone.add',
			targetType: 'dialogue',
			targetId: dialogueId,
			detail: { milestoneId: id, dueOn: data.dueOn },
			at: now
		});
	});
	return { id };
}

/** A milestone is planned, reached or missed. */
export function setMilestoneStatus(
	staff: StaffPrincipal,
	dialogueId: string,
	milestoneId: string,
	input: { status: string },
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(milestoneStatusSchema, input);
	db.transaction((tx) => {
		accessDialogue(tx, staff, dialogueId);
		const row = tx
			.select({ id: milestone.id, status: milestone.status })
			.from(milestone)
			.where(and(eq(milestone.id, milestoneId), eq(milestone.dialogueId, dialogueId)))
			.get();
		if (!row) throw new DialogueNotFoundError('milestone');
		tx.update(milestone)
			.set({ status: data.status, statusChangedAt: now })
			.where(eq(milestone.id, row.id))
			.run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'milestone.status',
			targetType: 'dialogue',
			targetId: dialogueId,
			detail: { milestoneId: row.id, from: row.status, to: data.status },
			at: now
		});
	});
}
