/** The information plan: per stakeholder group, what they are told, when, by whom, and the decision taken. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { stakeholderGroupSchema, type StakeholderGroupInput } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { stakeholderGroup } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { DialogueNotFoundError, InvalidInputError, parseInput } from './errors';
import { nextPosition } from './ordering';

/** Enough for any real community; stops a forged loop from filling the page. */
export const MAX_STAKEHOLDER_GROUPS = 50;

export type StakeholderGroupView = Omit<typeof stakeholderGroup.$inferSelect, 'dialogueId'>;

export function stakeholderGroupsOf(db: Reader, dialogueId: string): StakeholderGroupView[] {
	return db
		.select({
			id: stakeholderGroup.id,
			name: stakeholderGroup.name,
			message: stakeholderGroup.message,
			timing: stakeholderGroup.timing,
			messenger: stakeholderGroup.messenger,
			decision: stakeholderGroup.decision,
			informedOn: stakeholderGroup.informedOn,
			decisionNote: stakeholderGroup.decisionNote,
			position: stakeholderGroup.position,
			updatedAt: stakeholderGroup.updatedAt
		})
		.from(stakeholderGroup)
		.where(eq(stakeholderGroup.dialogueId, dialogueId))
		.orderBy(asc(stakeholderGroup.position), asc(stakeholderGroup.name))
		.all();
}

export function listStakeholderGroups(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): StakeholderGroupView[] {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return stakeholderGroupsOf(db, dialogue.id);
}

/** Adds a group (`groupId` null) or changes one of this dialogue's groups. Returns the group's id. */
export function saveStakeholderGroup(
	staff: StaffPrincipal,
	dialogueId: string,
	groupId: string | null,
	input: StakeholderGroupInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	const data = parseInput(stakeholderGroupSchema, input);
	return db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const groups = stakeholderGroupsOf(tx, dialogue.id);
		let id: string;
		if (groupId === null) {
			if (groups.length >= MAX_STAKEHOLDER_GROUPS) {
				throw new InvalidInputError({ name: m.prep_error_too_many({ max: MAX_STAKEHOLDER_GROUPS }) });
			}
			id = randomUUID();
			tx.insert(stakeholderGroup)
				.values({ id, dialogueId: dialogue.id, ...data, position: nextPosition(groups), updatedAt: now })
				.run();
		} else {
			if (!groups.some((g) => g.id === groupId)) throw new DialogueNotFoundError('stakeholder group');
			id = groupId;
			tx.update(stakeholderGroup)
				.set({ ...data, updatedAt: now })
				.where(and(eq(stakeholderGroup.id, groupId), eq(stakeholderGroup.dialogueId, dialogue.id)))
				.run();
		}
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: groupId === null ? 'information.add' : 'information.update',
			targetType: 'stakeholderGroup',
			targetId: id,
			detail: { dialogueId: dialogue.id, decision: data.decision },
			at: now
		});
		return { id };
	});
}

export function deleteStakeholderGroup(
	staff: StaffPrincipal,
	dialogueId: string,
	groupId: string,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const deleted = tx
			.delete(stakeholderGroup)
			.where(and(eq(stakeholderGroup.id, groupId), eq(stakeholderGroup.dialogueId, dialogue.id)))
			.returning({ id: stakeholderGroup.id })
			.all();
		if (deleted.length === 0) throw new DialogueNotFoundError('stakeholder group');
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'information.delete',
			targetType: 'stakeholderGroup',
			targetId: groupId,
			detail: { dialogueId: dialogue.id },
			at: now
		});
	});
}
