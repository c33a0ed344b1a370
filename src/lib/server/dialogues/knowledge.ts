/** The knowledge pack: short texts and links participants read on their phones, in the order given here. */
import { asc, eq } from 'drizzle-orm';
import { knowledgeItemSchema, type KnowledgeItemInput, type MoveDirection } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { knowledgeItem } from '../db/schema';
import { accessDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { parseInput } from './errors';
import { deleteItem, moveItem, saveItem, type ItemList } from './ordered-items';

export const MAX_KNOWLEDGE_ITEMS = 50;

export type KnowledgeItemView = Omit<typeof knowledgeItem.$inferSelect, 'dialogueId'>;

export function knowledgeItemsOf(db: Reader, dialogueId: string): KnowledgeItemView[] {
	return db
		.select({
			id: knowledgeItem.id,
			title: knowledgeItem.title,
			body: knowledgeItem.body,
			url: knowledgeItem.url,
			position: knowledgeItem.position,
			updatedAt: knowledgeItem.updatedAt
		})
		.from(knowledgeItem)
		.where(eq(knowledgeItem.dialogueId, dialogueId))
		.orderBy(asc(knowledgeItem.position), asc(knowledgeItem.id))
		.all();
}

const knowledgeItems: ItemList<typeof knowledgeItem, KnowledgeItemView> = {
	table: knowledgeItem,
	itemsOf: knowledgeItemsOf,
	max: MAX_KNOWLEDGE_ITEMS,
	maxField: 'title',
	noun: 'knowledge item',
	auditPrefix: 'knowledge',
	targetType: 'knowledgeItem'
};

export function listKnowledgeItems(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): KnowledgeItemView[] {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return knowledgeItemsOf(db, dialogue.id);
}

/** Adds an item at the end (`itemId` null) or changes one of this dialogue's items. Returns its id. */
export function saveKnowledgeItem(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string | null,
	input: KnowledgeItemInput,
	env?: ServiceEnv
): { id: string } {
	const data = parseInput(knowledgeItemSchema, input);
	return saveItem(knowledgeItems, staff, dialogueId, itemId, (now) => ({ ...data, updatedAt: now }), {}, env);
}

export function deleteKnowledgeItem(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	env?: ServiceEnv
): void {
	deleteItem(knowledgeItems, staff, dialogueId, itemId, env);
}

/** Moves an item one place up or down in the pack. */
export function moveKnowledgeItem(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	direction: MoveDirection,
	env?: ServiceEnv
): void {
	moveItem(knowledgeItems, staff, dialogueId, itemId, direction, env);
}
