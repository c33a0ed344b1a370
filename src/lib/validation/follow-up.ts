/**
 * The follow-up's alliance partners and milestones (issue 11), shared by the review page and the service. A partner
 * is a role and an organisation, never a person: the service also screens both fields for what looks like a name.
 */
import * as v from 'valibot';
import { choiceField, requiredDateField, textField } from './fields';

/** Housing, employers, clubs, faith groups, or another kind of organisation. */
export const PARTNER_KINDS = ['housing', 'employer', 'club', 'faith', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const MILESTONE_STATUSES = ['planned', 'reached', 'missed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const PARTNER_ROLE_MAX = 120;
export const PARTNER_ORGANISATION_MAX = 160;
export const MILESTONE_WHAT_MAX = 300;

export const partnerSchema = v.object({
	kind: choiceField(PARTNER_KINDS),
	role: textField({ max: PARTNER_ROLE_MAX, required: true }),
	organisation: textField({ max: PARTNER_ORGANISATION_MAX, required: true })
});
export type PartnerInput = v.InferInput<typeof partnerSchema>;

export const milestoneSchema = v.object({
	dueOn: requiredDateField(),
	what: textField({ max: MILESTONE_WHAT_MAX, required: true })
});
export type MilestoneInput = v.InferInput<typeof milestoneSchema>;

export const milestoneStatusSchema = v.object({ status: choiceField(MILESTONE_STATUSES) });
