/**
 * Readiness: what the preparation → opening values check sees right now, measured from the stored
 * preparation, and an overview of every preparation item, done or not.
 */
import { count, eq } from 'drizzle-orm';
import {
	CAPACITY_QUESTIONS,
	emptyFacts,
	evaluateTransition,
	type DialogueFacts,
	type Value,
	type ValuesCheck
} from '$lib/dialogue';
import { ITEM_VALUE, PREP_ITEMS, type PrepItem } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { dialogue, dialogueFacilitator, groundRule, knowledgeItem } from '../db/schema';
import { accessDialogue, type DialogueRow } from './access';
import { capacityCounts, latestCapacityReview } from './capacity';
import { readSettings } from './settings';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { DialogueNotFoundError } from './errors';
import { stakeholderGroupsOf } from './information';
import { planOf } from './plans';
import { assessmentAgeDays, latestRiskAttestation } from './risk';

function rowCount(db: Reader, table: typeof groundRule | typeof knowledgeItem, dialogueId: string): number {
	return db.select({ n: count() }).from(table).where(eq(table.dialogueId, dialogueId)).get()?.n ?? 0;
}

/** What is stored about a dialogue's preparation, read once for both the facts and the overview. */
interface Measured {
	facts: DialogueFacts;
	plan: ReturnType<typeof planOf>;
	riskAssessedOn: string | null;
	knowledgeItems: number;
	groundRules: number;
	facilitators: number;
	facilitatorsDeclared: number;
}

function measure(db: Reader, dialogueId: string, now: number): Measured {
	const capacity = latestCapacityReview(db, dialogueId);
	const { answered, unmitigated } = capacity
		? capacityCounts(capacity.answers)
		: { answered: 0, unmitigated: 0 };
	const groups = stakeholderGroupsOf(db, dialogueId);
	const plan = planOf(db, dialogueId);
	const attestation = latestRiskAttestation(db, dialogueId);
	let age = attestation ? assessmentAgeDays(attestation.assessedOn, now) : null;
	// The form accepts today's date one day ahead of UTC (the facilitator's own today); that is not the future.
	if (age === -1) age = 0;
	const facilitators = db
		.select({ declaredAt: dialogueFacilitator.impartialityDeclaredAt })
		.from(dialogueFacilitator)
		.where(eq(dialogueFacilitator.dialogueId, dialogueId))
		.all();
	const declared = facilitators.filter((f) => f.declaredAt !== null).length;
	const groundRules = rowCount(db, groundRule, dialogueId);
	return {
		facts: {
			...emptyFacts(),
			groundRulesDrafted: groundRules > 0,
			safetyPlanComplete: plan.pauseBy.trim() !== '' && plan.stepOut.trim() !== '',
			capacityQuestionsAnswered: answered,
			capacityConcernsWithoutMitigation: unmitigated,
			informationPlanGroups: groups.length,
			informationPlanUndecided: groups.filter((g) => g.decision === 'pending').length,
			riskAssessmentAgeDays: age,
			facilitatorAssigned: facilitators.length > 0,
			impartialityDeclared: facilitators.length > 0 && declared === facilitators.length,
			closingRitualPlanned: plan.closingCeremony.trim() !== ''
		},
		plan,
		riskAssessedOn: attestation?.assessedOn ?? null,
		knowledgeItems: rowCount(db, knowledgeItem, dialogueId),
		groundRules,
		facilitators: facilitators.length,
		facilitatorsDeclared: declared
	};
}

/**
 * The facts of the preparation → opening check for one dialogue at `now`. No staff check: callers have already
 * scoped the dialogue (the live session service reads it when a facilitator opens the session). Facts of later
 * phases stay empty, except whether a closing ritual was planned, which preparation decides.
 */
export function preparationFacts(db: Reader, dialogueId: string, now: number): DialogueFacts {
	return measure(db, dialogueId, now).facts;
}

/** The live preparation → opening check of a dialogue row (already scoped by the caller). */
export function evaluatePreparation(db: Reader, row: DialogueRow, now: number): ValuesCheck {
	return evaluateTransition('preparation', preparationFacts(db, row.id, now), readSettings(row));
}

export interface PrepItemStatus {
	item: PrepItem;
	done: boolean;
	/** The value whose check needs this item, or null when it is recommended but not checked. */
	value: Value | null;
}

export interface Readiness {
	check: ValuesCheck;
	facts: DialogueFacts;
	items: PrepItemStatus[];
	/** Counts behind the overview's short summaries. */
	summary: {
		capacityAnswered: number;
		capacityTotal: number;
		capacityUnmitigated: number;
		groups: number;
		groupsUndecided: number;
		riskAssessedOn: string | null;
		riskAgeDays: number | null;
		knowledgeItems: number;
		groundRules: number;
		facilitators: number;
		facilitatorsDeclared: number;
	};
}

/** The live check and the per-item overview, for someone who may see the dialogue. */
export function readiness(staff: StaffPrincipal, dialogueId: string, env?: ServiceEnv): Readiness {
	const { db, now } = resolveEnv(env);
	const { dialogue: row } = accessDialogue(db, staff, dialogueId);
	const measured = measure(db, row.id, now);
	const { facts, plan } = measured;
	const check = evaluateTransition('preparation', facts, readSettings(row));
	const riskReasons = check.results.responsibility.reasons.filter((r) => r.fix === 'riskAssessment');

	const done: Record<PrepItem, boolean> = {
		details: row.place.trim() !== '' && row.communityKind.trim() !== '',
		facilitators: facts.facilitatorAssigned,
		capacity:
			facts.capacityQuestionsAnswered >= CAPACITY_QUESTIONS && facts.capacityConcernsWithoutMitigation === 0,
		information: facts.informationPlanGroups > 0 && facts.informationPlanUndecided === 0,
		risk: facts.riskAssessmentAgeDays !== null && riskReasons.length === 0,
		knowledge: measured.knowledgeItems > 0,
		groundRules: facts.groundRulesDrafted,
		safety: facts.safetyPlanComplete,
		sessionPlan:
			plan.openingCeremony.trim() !== '' && plan.closingCeremony.trim() !== '' && plan.seating.trim() !== '',
		impartiality: facts.impartialityDeclared
	};
	return {
		check,
		facts,
		items: PREP_ITEMS.map((item) => ({ item, done: done[item], value: ITEM_VALUE[item] })),
		summary: {
			capacityAnswered: facts.capacityQuestionsAnswered,
			capacityTotal: CAPACITY_QUESTIONS,
			capacityUnmitigated: facts.capacityConcernsWithoutMitigation,
			groups: facts.informationPlanGroups,
			groupsUndecided: facts.informationPlanUndecided,
			riskAssessedOn: measured.riskAssessedOn,
			riskAgeDays: facts.riskAssessmentAgeDays,
			knowledgeItems: measured.knowledgeItems,
			groundRules: measured.groundRules,
			facilitators: measured.facilitators,
			facilitatorsDeclared: measured.facilitatorsDeclared
		}
	};
}

/**
 * The check for a dialogue given only its id, for server code that has already authorised the caller in
 * another way (the live session service). Throws DialogueNotFoundError for an unknown id.
 */
export function preparationCheck(db: Reader, dialogueId: string, now: number): ValuesCheck {
	const row = db.select().from(dialogue).where(eq(dialogue.id, dialogueId)).get();
	if (!row) throw new DialogueNotFoundError();
	return evaluatePreparation(db, row, now);
}
