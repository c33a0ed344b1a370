/** The safety plan (who may pause, where one can step out) and the session plan of a dialogue: one row each. */
import { eq } from 'drizzle-orm';
import {
	safetyPlanSchema,
	sessionPlanSchema,
	type SafetyPlanInput,
	type SessionPlanInput
} from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { dialoguePlan } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv, type Tx } from './env';
import { parseInput } from './errors';

export type DialoguePlanView = Omit<typeof dialoguePlan.$inferSelect, 'dialogueId' | 'updatedAt'> & {
	updatedAt: number | null;
};

const EMPTY_PLAN: DialoguePlanView = {
	pauseBy: '',
	stepOut: '',
	safetyNotes: '',
	openingCeremony: '',
	closingCeremony: '',
	seating: '',
	accessibility: '',
	scheduledFor: '',
	venue: '',
	updatedAt: null
};

/** The plan of a dialogue, empty when nothing was saved yet (no staff check: for the readiness facts). */
export function planOf(db: Reader, dialogueId: string): DialoguePlanView {
	const row = db.select().from(dialoguePlan).where(eq(dialoguePlan.dialogueId, dialogueId)).get();
	if (!row) return { ...EMPTY_PLAN };
	const { dialogueId: _dialogueId, ...plan } = row;
	return plan;
}

export function getDialoguePlan(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): DialoguePlanView {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return planOf(db, dialogue.id);
}

/** Writes some columns of the plan row, creating the row on first save. */
function upsertPlan(
	tx: Tx,
	dialogueId: string,
	values: Partial<typeof dialoguePlan.$inferInsert>,
	now: number
) {
	tx.insert(dialoguePlan)
		.values({ dialogueId, ...values, updatedAt: now })
		.onConflictDoUpdate({ target: dialoguePlan.dialogueId, set: { ...values, updatedAt: now } })
		.run();
}

export function saveSafetyPlan(
	staff: StaffPrincipal,
	dialogueId: string,
	input: SafetyPlanInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(safetyPlanSchema, input);
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		upsertPlan(tx, dialogue.id, data, now);
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'safetyPlan.save',
			targetType: 'dialogue',
			targetId: dialogue.id,
			at: now
		});
	});
}

export function saveSessionPlan(
	staff: StaffPrincipal,
	dialogueId: string,
	input: SessionPlanInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(sessionPlanSchema, input);
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		upsertPlan(tx, dialogue.id, { ...data, scheduledFor: data.scheduledFor ?? '' }, now);
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'sessionPlan.save',
			targetType: 'dialogue',
			targetId: dialogue.id,
			at: now
		});
	});
}
