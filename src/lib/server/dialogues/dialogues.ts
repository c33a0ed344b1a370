/**
 * Opening a dialogue, its description, status, facilitators and settings. Only organisers open dialogues,
 * assign facilitators and change status or settings; an assigned facilitator may edit the description.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { DialogueSettings, Value, ValueState } from '$lib/dialogue';
import {
	dialogueDetailsSchema,
	dialogueStatusSchema,
	facilitatorsSchema,
	newDialogueSchema,
	type DialogueDetailsInput,
	type DialogueStatusInput,
	type FacilitatorsInput,
	type NewDialogueInput
} from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { staffAccessEnded } from '../auth/access-ended';
import {
	dialogue,
	dialogueFacilitator,
	staffUser,
	type DialogueStatus,
	type FacilitatorRole,
	type StaffRole
} from '../db/schema';
import { accessDialogue, manageDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv, type Tx } from './env';
import { InvalidInputError, NotAllowedError, parseInput } from './errors';
import { evaluatePreparation } from './readiness';
import { readSettings } from './settings';

export interface AssignableStaff {
	id: string;
	name: string;
	role: StaffRole;
}

/** Members of the organisation who can facilitate (organisers and facilitators, not disabled), by name. */
export function listAssignableStaff(staff: StaffPrincipal, env?: ServiceEnv): AssignableStaff[] {
	const { db } = resolveEnv(env);
	return db
		.select({ id: staffUser.id, name: staffUser.name, role: staffUser.role })
		.from(staffUser)
		.where(and(eq(staffUser.organisationId, staff.organisationId), isNull(staffUser.disabledAt)))
		.orderBy(asc(staffUser.name))
		.all();
}

/** Refuses ids that are not active members of the organisation (a forged select value). */
function checkAssignable(
	db: Reader,
	staff: StaffPrincipal,
	ids: { leadId: string | null; coId: string | null }
) {
	const wanted = [ids.leadId, ids.coId].filter((id): id is string => id !== null);
	if (wanted.length === 0) return;
	const found = new Set(
		db
			.select({ id: staffUser.id })
			.from(staffUser)
			.where(
				and(
					inArray(staffUser.id, wanted),
					eq(staffUser.organisationId, staff.organisationId),
					isNull(staffUser.disabledAt)
				)
			)
			.all()
			.map((row) => row.id)
	);
	const errors: Record<string, string> = {};
	if (ids.leadId && !found.has(ids.leadId)) errors.leadId = m.prep_error_unknown_person();
	if (ids.coId && !found.has(ids.coId)) errors.coId = m.prep_error_unknown_person();
	if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
}

function checkCodenameFree(db: Reader, organisationId: string, codename: string, exceptId?: string) {
	const clash = db
		.select({ id: dialogue.id })
		.from(dialogue)
		.where(
			and(
				eq(dialogue.organisationId, organisationId),
				eq(dialogue.codename, codename),
				exceptId ? ne(dialogue.id, exceptId) : undefined
			)
		)
		.get();
	if (clash) throw new InvalidInputError({ codename: m.prep_error_codename_taken() });
}

/** A concurrent save can still hit the unique index after the check: report it the same way. */
function isCodenameClash(error: unknown): boolean {
	return (
		error instanceof Error &&
		(error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
		error.message.includes('codename')
	);
}

function writeFacilitators(
	tx: Tx,
	dialogueId: string,
	wanted: { leadId: string | null; coId: string | null },
	now: number
): string[] {
	const removed: string[] = [];
	const roles = new Map<string, FacilitatorRole>();
	if (wanted.leadId) roles.set(wanted.leadId, 'lead');
	if (wanted.coId) roles.set(wanted.coId, 'co');
	const current = tx
		.select({ userId: dialogueFacilitator.userId, role: dialogueFacilitator.role })
		.from(dialogueFacilitator)
		.where(eq(dialogueFacilitator.dialogueId, dialogueId))
		.all();
	for (const row of current) {
		const role = roles.get(row.userId);
		const where = and(
			eq(dialogueFacilitator.dialogueId, dialogueId),
			eq(dialogueFacilitator.userId, row.userId)
		);
		if (!role) {
			tx.delete(dialogueFacilitator).where(where).run();
			removed.push(row.userId);
		}
		// Someone who stays keeps their impartiality declaration, even when lead and co swap.
		else if (role !== row.role) tx.update(dialogueFacilitator).set({ role }).where(where).run();
		roles.delete(row.userId);
	}
	for (const [userId, role] of roles) {
		tx.insert(dialogueFacilitator).values({ dialogueId, userId, role, assignedAt: now }).run();
	}
	return removed;
}

/** Opens a dialogue (organisers only). Returns its id. */
export function createDialogue(
	staff: StaffPrincipal,
	input: NewDialogueInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	if (staff.role !== 'organiser') throw new NotAllowedError('open a dialogue');
	const data = parseInput(newDialogueSchema, input);
	const id = randomUUID();
	try {
		db.transaction((tx) => {
			checkAssignable(tx, staff, data);
			checkCodenameFree(tx, staff.organisationId, data.codename);
			tx.insert(dialogue)
				.values({
					id,
					organisationId: staff.organisationId,
					codename: data.codename,
					place: data.place,
					communityKind: data.communityKind,
					description: data.description,
					status: 'preparing',
					settings: '{}',
					createdBy: staff.id,
					createdAt: now,
					updatedAt: now
				})
				.run();
			writeFacilitators(tx, id, data, now);
			recordAudit(tx, {
				organisationId: staff.organisationId,
				actorId: staff.id,
				action: 'dialogue.create',
				targetType: 'dialogue',
				targetId: id,
				detail: { leadId: data.leadId, coId: data.coId },
				at: now
			});
		});
	} catch (error) {
		if (isCodenameClash(error)) throw new InvalidInputError({ codename: m.prep_error_codename_taken() });
		throw error;
	}
	return { id };
}

export interface DialogueListItem {
	id: string;
	codename: string;
	place: string;
	communityKind: string;
	status: DialogueStatus;
	updatedAt: number;
	facilitators: { name: string; role: FacilitatorRole }[];
	/** The preparation → opening check at a glance. */
	values: Record<Value, ValueState>;
	ready: boolean;
}

const STATUS_ORDER: Record<DialogueStatus, number> = {
	live: 0,
	ready: 1,
	preparing: 2,
	closed: 3,
	archived: 4
};

/** The dialogues this person may see: all of the organisation for organisers, their own for facilitators. */
export function listDialogues(staff: StaffPrincipal, env?: ServiceEnv): DialogueListItem[] {
	const { db, now } = resolveEnv(env);
	const rows =
		staff.role === 'organiser'
			? db
					.select()
					.from(dialogue)
					.where(eq(dialogue.organisationId, staff.organisationId))
					.orderBy(desc(dialogue.updatedAt))
					.all()
			: db
					.select({ dialogue })
					.from(dialogue)
					.innerJoin(dialogueFacilitator, eq(dialogueFacilitator.dialogueId, dialogue.id))
					.where(
						and(eq(dialogue.organisationId, staff.organisationId), eq(dialogueFacilitator.userId, staff.id))
					)
					.orderBy(desc(dialogue.updatedAt))
					.all()
					.map((r) => r.dialogue);
	const items = rows.map((row): DialogueListItem => {
		const check = evaluatePreparation(db, row, now);
		return {
			id: row.id,
			codename: row.codename,
			place: row.place,
			communityKind: row.communityKind,
			status: row.status,
			updatedAt: row.updatedAt,
			facilitators: facilitatorsOf(db, row.id).map((f) => ({ name: f.name, role: f.role })),
			values: {
				respect: check.results.respect.state,
				relationship: check.results.relationship.state,
				responsibility: check.results.responsibility.state
			},
			ready: check.passed
		};
	});
	return items.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}

export interface FacilitatorView {
	userId: string;
	name: string;
	role: FacilitatorRole;
	impartialityDeclaredAt: number | null;
	impartialityNote: string;
}

function facilitatorsOf(db: Reader, dialogueId: string): FacilitatorView[] {
	return db
		.select({
			userId: dialogueFacilitator.userId,
			name: staffUser.name,
			role: dialogueFacilitator.role,
			impartialityDeclaredAt: dialogueFacilitator.impartialityDeclaredAt,
			impartialityNote: dialogueFacilitator.impartialityNote
		})
		.from(dialogueFacilitator)
		.innerJoin(staffUser, eq(staffUser.id, dialogueFacilitator.userId))
		.where(eq(dialogueFacilitator.dialogueId, dialogueId))
		.orderBy(asc(staffUser.name))
		.all()
		.sort((a, b) => Number(a.role !== 'lead') - Number(b.role !== 'lead'));
}

export interface DialogueView {
	id: string;
	codename: string;
	place: string;
	communityKind: string;
	description: string;
	status: DialogueStatus;
	createdAt: number;
	updatedAt: number;
	settings: DialogueSettings;
	/** The language the ground rules and the knowledge pack are written in first. */
	mainLocale: string;
	facilitators: FacilitatorView[];
	/** The viewer is an organiser: may assign facilitators and change status and settings. */
	canManage: boolean;
	/** The viewer's own role on this dialogue, when they facilitate it. */
	myRole: FacilitatorRole | null;
	/** The viewer's staff id, to find their own row among the facilitators. */
	viewerId: string;
}

/** One dialogue as this person may see it (DialogueNotFoundError otherwise). */
export function getDialogueForStaff(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): DialogueView {
	const { db } = resolveEnv(env);
	const access = accessDialogue(db, staff, dialogueId);
	const row = access.dialogue;
	return {
		id: row.id,
		codename: row.codename,
		place: row.place,
		communityKind: row.communityKind,
		description: row.description,
		status: row.status,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		settings: readSettings(row),
		mainLocale: row.mainLocale,
		facilitators: facilitatorsOf(db, row.id),
		canManage: access.canManage,
		myRole: access.assignment?.role ?? null,
		viewerId: staff.id
	};
}

/** Codename, place, kind of community and description (organisers and assigned facilitators). */
export function updateDialogueDetails(
	staff: StaffPrincipal,
	dialogueId: string,
	input: DialogueDetailsInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(dialogueDetailsSchema, input);
	try {
		db.transaction((tx) => {
			const { dialogue: row } = accessDialogue(tx, staff, dialogueId);
			checkCodenameFree(tx, staff.organisationId, data.codename, row.id);
			tx.update(dialogue)
				.set({ ...data, updatedAt: now })
				.where(eq(dialogue.id, row.id))
				.run();
			const changed = (Object.keys(data) as (keyof typeof data)[]).filter((key) => data[key] !== row[key]);
			recordAudit(tx, {
				organisationId: staff.organisationId,
				actorId: staff.id,
				action: 'dialogue.update',
				targetType: 'dialogue',
				targetId: row.id,
				detail: { changed },
				at: now
			});
		});
	} catch (error) {
		if (isCodenameClash(error)) throw new InvalidInputError({ codename: m.prep_error_codename_taken() });
		throw error;
	}
}

/**
 * Sets the status by hand (organisers). `ready` only when the preparation check passes; a live dialogue is
 * moved on by its session, not here.
 */
export function setDialogueStatus(
	staff: StaffPrincipal,
	dialogueId: string,
	input: DialogueStatusInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const { status } = parseInput(dialogueStatusSchema, input);
	db.transaction((tx) => {
		const { dialogue: row } = manageDialogue(tx, staff, dialogueId, 'change the status');
		if (row.status === 'live') throw new InvalidInputError({ status: m.prep_error_status_live() });
		if (status === 'ready' && !evaluatePreparation(tx, row, now).passed) {
			throw new InvalidInputError({ status: m.prep_error_not_ready() });
		}
		if (status === row.status) return;
		tx.update(dialogue).set({ status, updatedAt: now }).where(eq(dialogue.id, row.id)).run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'dialogue.status',
			targetType: 'dialogue',
			targetId: row.id,
			detail: { from: row.status, to: status },
			at: now
		});
	});
}

/** Chooses the lead and co-facilitator (organisers). People who stay keep their impartiality declaration. */
export function assignFacilitators(
	staff: StaffPrincipal,
	dialogueId: string,
	input: FacilitatorsInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(facilitatorsSchema, input);
	const removed = db.transaction((tx) => {
		const { dialogue: row } = manageDialogue(tx, staff, dialogueId, 'assign facilitators');
		checkAssignable(tx, staff, data);
		const removed = writeFacilitators(tx, row.id, data, now);
		touchDialogue(tx, row.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'dialogue.facilitators',
			targetType: 'dialogue',
			targetId: row.id,
			detail: { leadId: data.leadId, coId: data.coId },
			at: now
		});
		return removed;
	});
	// A facilitator taken off the dialogue keeps no open console stream of it (it reconnects and is checked afresh).
	for (const userId of removed) staffAccessEnded(userId);
}
