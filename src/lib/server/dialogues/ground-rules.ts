/** Ground rules of a dialogue: started from templates, then written, reordered and removed by hand. */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { groundRuleSchema, type GroundRuleInput, type MoveDirection } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { groundRule } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { parseInput } from './errors';
import { deleteItem, moveItem, saveItem, type ItemList } from './ordered-items';
import { nextPosition } from './ordering';
import { GROUND_RULE_TEMPLATES, type TemplateLocale } from './templates';

/** A short list is read aloud and affirmed one by one: more than this helps nobody. */
export const MAX_GROUND_RULES = 30;

export interface GroundRuleView {
	id: string;
	text: string;
	position: number;
}

export function groundRulesOf(db: Reader, dialogueId: string): GroundRuleView[] {
	return db
		.select({ id: groundRule.id, text: groundRule.text, position: groundRule.position })
		.from(groundRule)
		.where(eq(groundRule.dialogueId, dialogueId))
		.orderBy(asc(groundRule.position), asc(groundRule.id))
		.all();
}

const groundRules: ItemList<typeof groundRule, GroundRuleView> = {
	table: groundRule,
	itemsOf: groundRulesOf,
	max: MAX_GROUND_RULES,
	maxField: 'text',
	noun: 'ground rule',
	auditPrefix: 'groundRules',
	targetType: 'groundRule'
};

export function listGroundRules(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): GroundRuleView[] {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return groundRulesOf(db, dialogue.id);
}

/** Adds the suggested rules in `locale` that the dialogue does not have yet. Returns how many were added. */
export function seedGroundRules(
	staff: StaffPrincipal,
	dialogueId: string,
	locale: TemplateLocale,
	env?: ServiceEnv
): { added: number } {
	const { db, now } = resolveEnv(env);
	return db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		const rules = groundRulesOf(tx, dialogue.id);
		const present = new Set(rules.map((rule) => rule.text));
		const missing = GROUND_RULE_TEMPLATES[locale]
			.filter((text) => !present.has(text))
			.slice(0, Math.max(0, MAX_GROUND_RULES - rules.length));
		let position = nextPosition(rules);
		for (const text of missing) {
			tx.insert(groundRule)
				.values({ id: randomUUID(), dialogueId: dialogue.id, text, position: position++ })
				.run();
		}
		if (missing.length > 0) {
			touchDialogue(tx, dialogue.id, now);
			recordAudit(tx, {
				organisationId: staff.organisationId,
				actorId: staff.id,
				action: 'groundRules.seed',
				targetType: 'dialogue',
				targetId: dialogue.id,
				detail: { locale, added: missing.length },
				at: now
			});
		}
		return { added: missing.length };
	});
}

/** Adds a rule at the end (`ruleId` null) or rewrites one of this dialogue's rules. Returns its id. */
export function saveGroundRule(
	staff: StaffPrincipal,
	dialogueId: string,
	ruleId: string | null,
	input: GroundRuleInput,
	env?: ServiceEnv
): { id: string } {
	const { text } = parseInput(groundRuleSchema, input);
	return saveItem(groundRules, staff, dialogueId, ruleId, () => ({ text }), {}, env);
}

export function deleteGroundRule(
	staff: StaffPrincipal,
	dialogueId: string,
	ruleId: string,
	env?: ServiceEnv
): void {
	deleteItem(groundRules, staff, dialogueId, ruleId, env);
}

/** Moves a rule one place up or down. */
export function moveGroundRule(
	staff: StaffPrincipal,
	dialogueId: string,
	ruleId: string,
	direction: MoveDirection,
	env?: ServiceEnv
): void {
	moveItem(groundRules, staff, dialogueId, ruleId, direction, env);
}
