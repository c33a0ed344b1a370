/**
 * Who may see and change a dialogue. Every lookup is scoped by the principal's organisation; a facilitator
 * also needs to be assigned. Anything else reads as "not found", whatever id was forged.
 */
import { and, eq } from 'drizzle-orm';
import type { StaffPrincipal } from '../auth/principal';
import { dialogue, dialogueFacilitator, type FacilitatorRole } from '../db/schema';
import { DialogueNotFoundError, NotAllowedError } from './errors';
import type { Reader, Tx } from './env';

export type DialogueRow = typeof dialogue.$inferSelect;

export interface DialogueAccess {
	dialogue: DialogueRow;
	/** Organisers manage every dialogue of their organisation. */
	canManage: boolean;
	/** The principal's own assignment, when they facilitate this dialogue. */
	assignment: { role: FacilitatorRole; impartialityDeclaredAt: number | null } | null;
}

/** The dialogue as this person may see it, or DialogueNotFoundError. */
export function accessDialogue(db: Reader, staff: StaffPrincipal, dialogueId: string): DialogueAccess {
	const row = db
		.select()
		.from(dialogue)
		.where(and(eq(dialogue.id, dialogueId), eq(dialogue.organisationId, staff.organisationId)))
		.get();
	if (!row) throw new DialogueNotFoundError();
	const assignment =
		db
			.select({
				role: dialogueFacilitator.role,
				impartialityDeclaredAt: dialogueFacilitator.impartialityDeclaredAt
			})
			.from(dialogueFacilitator)
			.where(and(eq(dialogueFacilitator.dialogueId, row.id), eq(dialogueFacilitator.userId, staff.id)))
			.get() ?? null;
	const canManage = staff.role === 'organiser';
	if (!canManage && !assignment) throw new DialogueNotFoundError();
	return { dialogue: row, canManage, assignment };
}

/** For organiser-only changes: a facilitator who can see the dialogue is refused, not told "not found". */
export function manageDialogue(db: Reader, staff: StaffPrincipal, dialogueId: string, action: string) {
	const access = accessDialogue(db, staff, dialogueId);
	if (!access.canManage) throw new NotAllowedError(action);
	return access;
}

/** Marks the dialogue as changed, so that lists can show the last change. */
export function touchDialogue(tx: Tx, dialogueId: string, now: number): void {
	tx.update(dialogue).set({ updatedAt: now }).where(eq(dialogue.id, dialogueId)).run();
}
