/**
 * Schemas of the preparation items: capacity screen, risk attestation, information plan, knowledge pack,
 * ground rules, safety and session plans, impartiality and settings.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { CAPACITY_QUESTIONS, type DialogueSettings } from '$lib/dialogue';
import { locales } from '$lib/paraglide/runtime';
import {
	checkboxField,
	choiceField,
	dateField,
	numberField,
	requiredDateField,
	textField,
	urlField
} from './fields';

// ---------------------------------------------------------------------------------------------------------------
// Community capacity screen: the paper's four questions, each answered with an assessment and any number of
// concerns, each with its mitigation. Not pass/fail.
// ---------------------------------------------------------------------------------------------------------------

export const CAPACITY_QUESTION_KEYS = [
	'proDemocratic',
	'extremistTies',
	'riskToPerson',
	'socialCapital'
] as const;
export type CapacityQuestionKey = (typeof CAPACITY_QUESTION_KEYS)[number];

// The machine counts answered questions out of CAPACITY_QUESTIONS; the two lists must never drift apart.
if (CAPACITY_QUESTION_KEYS.length !== CAPACITY_QUESTIONS) {
	throw new Error('CAPACITY_QUESTION_KEYS must list exactly CAPACITY_QUESTIONS questions');
}

export const CAPACITY_OCCASIONS = ['preparation', 'laterStage', 'review'] as const;
export type CapacityOccasion = (typeof CAPACITY_OCCASIONS)[number];

/** Concerns per question: plenty for a real screen, few enough that a forged form cannot flood the page. */
export const MAX_CONCERNS = 20;

const concernSchema = v.pipe(
	v.object({
		concern: textField({ max: 500, multiline: true }),
		mitigation: textField({ max: 1000, multiline: true })
	}),
	v.forward(
		v.partialCheck(
			[['concern'], ['mitigation']],
			({ concern, mitigation }) => concern !== '' || mitigation === '',
			() => m.prep_error_concern_missing()
		),
		['concern']
	)
);

const capacityAnswerSchema = v.object({
	assessment: textField({ max: 2000, multiline: true }),
	concerns: v.pipe(
		v.optional(
			v.array(concernSchema, () => m.prep_error_invalid()),
			[]
		),
		v.maxLength(MAX_CONCERNS, () => m.prep_error_too_many({ max: MAX_CONCERNS })),
		// Rows left empty (the spare row on the page, or one the facilitator cleared) are not concerns.
		v.transform((rows) => rows.filter((row) => row.concern !== '' || row.mitigation !== ''))
	)
});

export const capacityReviewSchema = v.object({
	occasion: choiceField(CAPACITY_OCCASIONS),
	answers: v.object(
		{
			proDemocratic: capacityAnswerSchema,
			extremistTies: capacityAnswerSchema,
			riskToPerson: capacityAnswerSchema,
			socialCapital: capacityAnswerSchema
		},
		() => m.prep_error_invalid()
	)
});
export type CapacityReviewInput = v.InferInput<typeof capacityReviewSchema>;
export type CapacityReview = v.InferOutput<typeof capacityReviewSchema>;
export type CapacityAnswers = CapacityReview['answers'];
export type CapacityAnswer = CapacityAnswers[CapacityQuestionKey];

// ---------------------------------------------------------------------------------------------------------------
// Risk & needs assessment: only that one exists, its date and which agency role holds it. Unknown fields are
// dropped by v.object, so a forged `content` field can never reach the database.
// ---------------------------------------------------------------------------------------------------------------

export const riskAttestationSchema = v.object({
	confirmed: v.pipe(
		checkboxField(),
		v.check(
			(ticked) => ticked,
			() => m.prep_error_confirm()
		)
	),
	assessedOn: requiredDateField({ notFuture: true }),
	holderRole: textField({ max: 120, required: true })
});
export type RiskAttestationInput = v.InferInput<typeof riskAttestationSchema>;
export type RiskAttestation = v.InferOutput<typeof riskAttestationSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Information plan.
// ---------------------------------------------------------------------------------------------------------------

export const INFORM_DECISIONS = ['pending', 'informed', 'notInforming'] as const;
export type InformDecisionChoice = (typeof INFORM_DECISIONS)[number];

export const stakeholderGroupSchema = v.pipe(
	v.object({
		name: textField({ max: 80, required: true }),
		message: textField({ max: 1000, multiline: true }),
		timing: textField({ max: 120 }),
		messenger: textField({ max: 120 }),
		decision: choiceField(INFORM_DECISIONS),
		informedOn: dateField({ notFuture: true }),
		decisionNote: textField({ max: 500, multiline: true })
	}),
	v.forward(
		v.partialCheck(
			[['decision'], ['informedOn']],
			(g) => g.decision !== 'informed' || g.informedOn !== null,
			() => m.prep_error_informed_on()
		),
		['informedOn']
	),
	v.forward(
		v.partialCheck(
			[['decision'], ['decisionNote']],
			(g) => g.decision !== 'notInforming' || g.decisionNote !== '',
			() => m.prep_error_decision_note()
		),
		['decisionNote']
	),
	// A date only means something for a group that was informed.
	v.transform((g) => ({ ...g, informedOn: g.decision === 'informed' ? g.informedOn : null }))
);
export type StakeholderGroupInput = v.InferInput<typeof stakeholderGroupSchema>;
export type StakeholderGroup = v.InferOutput<typeof stakeholderGroupSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Knowledge pack and ground rules.
// ---------------------------------------------------------------------------------------------------------------

export const knowledgeItemSchema = v.pipe(
	v.object({
		title: textField({ max: 120, required: true }),
		body: textField({ max: 2000, multiline: true }),
		url: urlField()
	}),
	v.forward(
		v.partialCheck(
			[['body'], ['url']],
			({ body, url }) => body !== '' || url !== null,
			() => m.prep_error_knowledge_empty()
		),
		['body']
	)
);
export type KnowledgeItemInput = v.InferInput<typeof knowledgeItemSchema>;
export type KnowledgeItem = v.InferOutput<typeof knowledgeItemSchema>;

export const groundRuleSchema = v.object({ text: textField({ max: 300, required: true, multiline: true }) });
export type GroundRuleInput = v.InferInput<typeof groundRuleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Content in several languages: the dialogue's main language, and ground rules and knowledge items in others.
// ---------------------------------------------------------------------------------------------------------------

/**
 * One of the project's languages (a locale code such as `pl`); anything else is "choose from the list". Read from
 * Paraglide's runtime, not `$lib/i18n/languages`: the phone loads this module, and the names would come along.
 */
export const languageField = v.pipe(
	v.optional(
		v.string(() => m.prep_error_translation_language()),
		''
	),
	v.check(
		(s) => (locales as readonly string[]).includes(s),
		() => m.prep_error_translation_language()
	)
);

export const mainLanguageSchema = v.object({ mainLocale: languageField });
export type MainLanguageInput = v.InferInput<typeof mainLanguageSchema>;

/** A ground rule in another language: the same limits as the rule itself. */
export const groundRuleTranslationSchema = v.object({
	locale: languageField,
	text: textField({ max: 300, required: true, multiline: true })
});
export type GroundRuleTranslationInput = v.InferInput<typeof groundRuleTranslationSchema>;

/** A knowledge item in another language: title and text; the link stays the item's own. */
export const knowledgeTranslationSchema = v.object({
	locale: languageField,
	title: textField({ max: 120, required: true }),
	body: textField({ max: 2000, multiline: true })
});
export type KnowledgeTranslationInput = v.InferInput<typeof knowledgeTranslationSchema>;

export const MOVE_DIRECTIONS = ['up', 'down'] as const;
export type MoveDirection = (typeof MOVE_DIRECTIONS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Safety plan, session plan, impartiality.
// ---------------------------------------------------------------------------------------------------------------

export const safetyPlanSchema = v.object({
	pauseBy: textField({ max: 500, required: true, multiline: true }),
	stepOut: textField({ max: 500, required: true, multiline: true }),
	safetyNotes: textField({ max: 2000, multiline: true })
});
export type SafetyPlanInput = v.InferInput<typeof safetyPlanSchema>;
export type SafetyPlan = v.InferOutput<typeof safetyPlanSchema>;

export const sessionPlanSchema = v.object({
	scheduledFor: dateField(),
	venue: textField({ max: 200 }),
	openingCeremony: textField({ max: 2000, multiline: true }),
	closingCeremony: textField({ max: 2000, multiline: true }),
	seating: textField({ max: 1000, multiline: true }),
	accessibility: textField({ max: 1000, multiline: true })
});
export type SessionPlanInput = v.InferInput<typeof sessionPlanSchema>;
export type SessionPlan = v.InferOutput<typeof sessionPlanSchema>;

export const impartialitySchema = v.object({
	confirmed: v.pipe(
		checkboxField(),
		v.check(
			(ticked) => ticked,
			() => m.prep_error_confirm()
		)
	),
	note: textField({ max: 1000, multiline: true })
});
export type ImpartialityInput = v.InferInput<typeof impartialitySchema>;
export type Impartiality = v.InferOutput<typeof impartialitySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Settings. The form asks for the affirmation share as a percentage; the schema gives DialogueSettings.
// ---------------------------------------------------------------------------------------------------------------

export const settingsSchema = v.pipe(
	v.object({
		minGroupSize: numberField({ min: 3, max: 50, belowMin: () => m.prep_error_min_group_size() }),
		affirmationPercent: numberField({ min: 0, max: 100 }),
		minParticipants: numberField({ min: 1, max: 500 }),
		respectPulseThreshold: numberField({ min: 1, max: 5, integer: false }),
		riskAssessmentMaxAgeDays: numberField({ min: 1, max: 3650 }),
		endorsementCap: numberField({ min: 1, max: 20 }),
		retentionDays: numberField({ min: 1, max: 1825 }),
		safeguardingRetentionDays: numberField({ min: 30, max: 3650 }),
		idleEndDays: numberField({ min: 1, max: 365 }),
		minCheckInResponses: numberField({ min: 1, max: 500 }),
		participantCap: numberField({ min: 2, max: 5000 })
	}),
	v.transform(({ affirmationPercent, ...rest }): DialogueSettings => ({
		...rest,
		affirmationRatio: affirmationPercent / 100,
		respectPulseThreshold: Math.round(rest.respectPulseThreshold * 10) / 10
	}))
);
export type SettingsInput = v.InferInput<typeof settingsSchema>;

/** The form's view of settings (percent instead of ratio), for showing stored values and defaults. */
export function settingsFormValues(settings: DialogueSettings): Record<keyof SettingsInput, string> {
	return {
		minGroupSize: String(settings.minGroupSize),
		affirmationPercent: String(Math.round(settings.affirmationRatio * 100)),
		minParticipants: String(settings.minParticipants),
		respectPulseThreshold: String(settings.respectPulseThreshold),
		riskAssessmentMaxAgeDays: String(settings.riskAssessmentMaxAgeDays),
		endorsementCap: String(settings.endorsementCap),
		retentionDays: String(settings.retentionDays),
		safeguardingRetentionDays: String(settings.safeguardingRetentionDays),
		idleEndDays: String(settings.idleEndDays),
		minCheckInResponses: String(settings.minCheckInResponses),
		participantCap: String(settings.participantCap)
	};
}
