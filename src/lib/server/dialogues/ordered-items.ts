/**
 * What ground rules, knowledge items and stakeholder groups share: ordered child rows of a dialogue, added at
 * the end, changed, deleted and moved one place. Each change checks access to the dialogue, touches it and is
 * audited, all in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { m } from '$lib/paraglide/messages';
import type { MoveDirection } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import type { groundRule, knowledgeItem, stakeholderGroup } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv, type Tx } from './env';
import { DialogueNotFoundError, InvalidInputError } from './errors';
import { movedPositions, nextPosition } from './ordering';

type ItemTable = typeof groundRule | typeof knowledgeItem | typeof stakeholderGroup;

/** The columns a service writes itself (everything but the ones handled here), fit to insert and to update. */
type ItemFields<T extends ItemTable> = Omit<T['$inferInsert'], 'id' | 'dialogueId' | 'position'> &
	SQLiteUpdateSetSource<T>;

export interface ItemList<T extends ItemTable, V extends { id: string; position: number }> {
	table: T;
	/** This dialogue's items, in order. */
	itemsOf: (db: Reader, dialogueId: string) => V[];
	/** At most this many items; adding another is an input error on `maxField`. */
	max: number;
	maxField: string;
	/** What `DialogueNotFoundError` names when the item is not one of this dialogue's. */
	noun: string;
	/** Audit actions are `<auditPrefix>.add`, `.update`, `.delete` and `.move`, against `targetType`. */
	auditPrefix: string;
	targetType: string;
}

/** The item `itemId`, only if it belongs to `dialogueId`. */
function whereItem(table: ItemTable, itemId: string, dialogueId: string) {
	return and(eq(table.id, itemId), eq(table.dialogueId, dialogueId));
}

/** Checks access, runs `change` and audits `<auditPrefix>.<action>` on the item it returns, in one transaction. */
function changeItem<T extends ItemTable, V extends { id: string; position: number }>(
	list: ItemList<T, V>,
	staff: StaffPrincipal,
	dialogueId: string,
	env: ServiceEnv | undefined,
	change: (tx: Tx, dialogueId: string, now: number) => { id: string; action: string; detail?: object }
): { id: string } {
	const { db, now } = resolveEnv(env);
	return db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const { id, action, detail } = change(tx, dialogue.id, now);
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: `${list.auditPrefix}.${action}`,
			targetType: list.targetType,
			targetId: id,
			detail: { dialogueId: dialogue.id, ...detail },
			at: now
		});
		return { id };
	});
}

/**
 * Adds an item at the end (`itemId` null) or rewrites one of this dialogue's items with `fields(now)`.
 * `detail` is added to the audit entry. Returns the item's id.
 */
export function saveItem<T extends ItemTable, V extends { id: string; position: number }>(
	list: ItemList<T, V>,
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string | null,
	fields: (now: number) => ItemFields<T>,
	detail: object,
	env?: ServiceEnv
): { id: string } {
	return changeItem(list, staff, dialogueId, env, (tx, dialogueId, now) => {
		const items = list.itemsOf(tx, dialogueId);
		if (itemId === null) {
			if (items.length >= list.max) {
				throw new InvalidInputError({ [list.maxField]: m.prep_error_too_many({ max: list.max }) });
			}
			const id = randomUUID();
			const row = { id, dialogueId, ...fields(now), position: nextPosition(items) };
			tx.insert(list.table)
				.values(row as T['$inferInsert'])
				.run();
			return { id, action: 'add', detail };
		}
		if (!items.some((item) => item.id === itemId)) throw new DialogueNotFoundError(list.noun);
		tx.update(list.table)
			.set(fields(now))
			.where(whereItem(list.table, itemId, dialogueId))
			.run();
		return { id: itemId, action: 'update', detail };
	});
}

export function deleteItem<T extends ItemTable, V extends { id: string; position: number }>(
	list: ItemList<T, V>,
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	env?: ServiceEnv
): void {
	changeItem(list, staff, dialogueId, env, (tx, dialogueId) => {
		const deleted = tx
			.delete(list.table)
			.where(whereItem(list.table, itemId, dialogueId))
			.returning({ id: list.table.id })
			.all();
		if (deleted.length === 0) throw new DialogueNotFoundError(list.noun);
		return { id: itemId, action: 'delete' };
	});
}

/** Moves an item one place up or down. */
export function moveItem<T extends ItemTable, V extends { id: string; position: number }>(
	list: ItemList<T, V>,
	staff: StaffPrincipal,
	dialogueId: string,
	itemId: string,
	direction: MoveDirection,
	env?: ServiceEnv
): void {
	changeItem(list, staff, dialogueId, env, (tx, dialogueId) => {
		const items = list.itemsOf(tx, dialogueId);
		if (!items.some((item) => item.id === itemId)) throw new DialogueNotFoundError(list.noun);
		for (const { id, position } of movedPositions(items, itemId, direction)) {
			const set = { position } as SQLiteUpdateSetSource<T>;
			tx.update(list.table)
				.set(set)
				.where(whereItem(list.table, id, dialogueId))
				.run();
		}
		return { id: itemId, action: 'move', detail: { direction } };
	});
}
