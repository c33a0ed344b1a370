/**
 * The preparation items a facilitator works through, which value's check each one serves, and which item
 * fixes an unmet reason. Shared by the readiness service and the pages (no server code here).
 */
import type { FixTarget, Value } from '$lib/dialogue';

/** In the order a facilitator usually works through them. */
export const PREP_ITEMS = [
	'details',
	'facilitators',
	'capacity',
	'information',
	'risk',
	'knowledge',
	'groundRules',
	'safety',
	'sessionPlan',
	'impartiality'
] as const;
export type PrepItem = (typeof PREP_ITEMS)[number];

/** Which value each item serves in the preparation check; null for items that help but are not checked. */
export const ITEM_VALUE: Record<PrepItem, Value | null> = {
	details: null,
	facilitators: 'responsibility',
	capacity: 'relationship',
	information: 'relationship',
	risk: 'responsibility',
	knowledge: null,
	groundRules: 'respect',
	safety: 'respect',
	sessionPlan: null,
	impartiality: 'responsibility'
};

/** The item that fixes each preparation reason; console areas of the live phases are not preparation items. */
export const FIX_TARGET_ITEM: Partial<Record<FixTarget, PrepItem>> = {
	groundRules: 'groundRules',
	safetyPlan: 'safety',
	capacity: 'capacity',
	informationPlan: 'information',
	riskAssessment: 'risk',
	facilitators: 'facilitators',
	impartiality: 'impartiality'
};
