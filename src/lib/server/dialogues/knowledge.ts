/** The knowledge pack: short texts and links participants read on their phones, in the order given here. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { knowledgeItemSchema, type KnowledgeItemInput, type MoveDirection } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { knowledgeItem } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { DialogueNotFoundError, InvalidInputError, parseInput } from './errors';
import { movedPositions, nextPosition } from './ordering';

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
	const { db, now } = resolveEnv(env);
	const data = parseInput(knowledgeItemSchema, input);
	return db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const items = knowledgeItemsOf(tx, dialogue.id);
		let id: string;
		if (itemId === null) {
			if (items.length >= MAX_KNOWLEDGE_ITEMS) {
				throw new InvalidInputError({ title: m.prep_error_too_many({ max: MAX_KNOWLEDGE_ITEMS }) });
			}
			id = randomUUID();
			tx.insert(knowledgeItem)
				.values({ id, dialogueId: dialogue.id, ...data, position: nextPosition(items), updatedAt: now })
				.run();
		} else {
			if (!items.some((item) => item.id === itemId)) throw new DialogueNotFoundError('knowledge item');
			id = itemId;
			tx.update(knowledgeItem)
				.set({ ...data, updatedAt: now })
				.where(and(eq(knowledgeItem.id, itemId), eq(knowledgeItem.dialogueId, dialogue.id)))
				.run();
		}
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: itemId === null ? 'knowledge.add' : 'knowledge.update',
			targetType: 'knowledgeItem',
			targetId: id,
			detail: { dialogueId: dialogue.id },
			at: now
		});
		return { id };
	});
}

export function deleteKnowledgeItem(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const deleted = tx
			.delete(knowledgeItem)
			.where(and(eq(knowledgeItem.id, itemId), eq(knowledgeItem.dialogueId, dialogue.id)))
			.returning({ id: knowledgeItem.id })
			.all();
		if (deleted.length === 0) throw new DialogueNotFoundError('knowledge item');
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'knowledge.delete',
			targetType: 'knowledgeItem',
			targetId: itemId,
			detail: { dialogueId: dialogue.id },
			at: now
		});
	});
}

/** Moves an item one place up or down in the pack. */
export function moveKnowledgeItem(
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	direction: MoveDirection,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const items = knowledgeItemsOf(tx, dialogue.id);
		if (!items.some((item) => item.id === itemId)) throw new DialogueNotFoundError('knowledge item');
		for (const { id, position } of movedPositions(items, itemId, direction)) {
			tx.update(knowledgeItem)
				.set({ position })
				.where(and(eq(knowledgeItem.id, id), eq(knowledgeItem.dialogueId, dialogue.id)))
				.run();
		}
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'knowledge.move',
			targetType: 'knowledgeItem',
			targetId: itemId,
			detail: { dialogueId: dialogue.id, direction },
			at: now
		});
	});
}
