/** The information plan: per stakeholder group, what they are told, when, by whom, and the decision taken. */
import { asc, eq } from 'drizzle-orm';
import { stakeholderGroupSchema, type StakeholderGroupInput } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { stakeholderGroup } from '../db/schema';
import { accessDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { parseInput } from './errors';
import { deleteItem, saveItem, type ItemList } from './ordered-items';

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

const stakeholderGroups: ItemList<typeof stakeholderGroup, StakeholderGroupView> = {
	table: stakeholderGroup,
	itemsOf: stakeholderGroupsOf,
	max: MAX_STAKEHOLDER_GROUPS,
	maxField: 'name',
	noun: 'stakeholder group',
	auditPrefix: 'information',
	targetType: 'stakeholderGroup'
};

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
	const data = parseInput(stakeholderGroupSchema, input);
	const fields = (now: number) => ({ ...data, updatedAt: now });
	return saveItem(stakeholderGroups, staff, dialogueId, groupId, fields, { decision: data.decision }, env);
}

export function deleteStakeholderGroup(
	staff: StaffPrincipal,
	dialogueId: string,
	groupId: string,
	env?: ServiceEnv
): void {
	deleteItem(stakeholderGroups, staff, dialogueId, groupId, env);
}
