/**
 * Shared vocabulary of the dialogue: phases, the three restorative values, the facts the server measures and the
 * settings each dialogue may tune. Pure data and small pure helpers only: this module is imported by the server,
 * the console and the phones alike.
 */

export const PHASES = [
	'preparation',
	'opening',
	'fearsAndStigma',
	'proposals',
	'agreement',
	'closing',
	'closed'
] as const;
export type Phase = (typeof PHASES)[number];

/** The phases in which people are in the room; only these can be paused or revisited. */
export const LIVE_PHASES = ['opening', 'fearsAndStigma', 'proposals', 'agreement', 'closing'] as const;
export type LivePhase = (typeof LIVE_PHASES)[number];

/** What a session is doing right now: a phase, stopped for safety, or ended before the values allowed closing. */
export type SessionPhase = Phase | 'paused' | 'endedEarly';

/** Why a facilitator (or the retention tick, for `leftOpen`) ended a session early. */
export const END_EARLY_REASONS = ['safety', 'tooFewPeople', 'time', 'other', 'leftOpen'] as const;
export type EndEarlyReason = (typeof END_EARLY_REASONS)[number];
/** The reasons a facilitator may give; `leftOpen` is the retention tick's own. */
export const FACILITATOR_END_REASONS = ['safety', 'tooFewPeople', 'time', 'other'] as const;

/** True once a session has finished, normally (`closed`) or early (`endedEarly`): nothing live happens any more. */
export function isFinishedPhase(phase: string): phase is 'closed' | 'endedEarly' {
	return phase === 'closed' || phase === 'endedEarly';
}

/** A phase that has a forward transition (every phase but `closed`). */
export type AdvanceablePhase = Exclude<Phase, 'closed'>;

export const VALUES = ['respect', 'relationship', 'responsibility'] as const;
export type Value = (typeof VALUES)[number];
export type ValueState = 'met' | 'unmet' | 'overridden';

/** Where in the app a facilitator goes to fix an unmet condition: a preparation item or a console area. */
export type FixTarget =
	| 'groundRules'
	| 'safetyPlan'
	| 'capacity'
	| 'informationPlan'
	| 'riskAssessment'
	| 'facilitators'
	| 'impartiality'
	| 'participants'
	| 'checkIn'
	| 'purpose'
	| 'moderation'
	| 'pulse'
	| 'themes'
	| 'proposals'
	| 'consent'
	| 'agreement'
	| 'commitments'
	| 'checkOut'
	| 'closingRitual'
	| 'followUp';

/**
 * A reason a value is unmet (or a note why it is met). `code` is a stable id mapped to a translated message by the
 * UI; `fix` names the place that fixes it (a preparation item or console area), `params` fill the message.
 */
export interface Reason {
	code: string;
	fix?: FixTarget;
	params?: Record<string, string | number>;
	/** A count of people in it was below the minimum group size: shown in words only, without `params`. */
	suppressed?: boolean;
}

export interface ValueResult {
	state: ValueState;
	/** For `unmet`/`overridden`: what is missing. For `met`: notes the facilitator should still see (may be empty). */
	reasons: Reason[];
	/** The facilitator's written reason, present only when `state` is `overridden`. */
	override?: string;
}

export interface ValuesCheck {
	from: Phase;
	to: Phase;
	results: Record<Value, ValueResult>;
	/** True when no value is unmet (met or overridden all count). */
	passed: boolean;
}

/** A facilitator's written professional judgement per value, used to pass an unmet value. */
export type Overrides = Partial<Record<Value, string>>;

/** Answers to the "I feel respected" pulse (1–5). `mean` is null when nobody answered. */
export interface PulseFacts {
	/** How many participants answered. */
	responses: number;
	/** Mean answer on the 1–5 scale, or null without answers. */
	mean: number | null;
	/**
	 * The pulse is still being answered. Nothing is read from it then: a state that moved with each answer would
	 * tell the room what the one who just tapped answered (privacy rule 4).
	 */
	open?: boolean;
}

/**
 * What the server measured at the moment of a `phase.advance`. Plain counts and flags so that the machine stays
 * pure and a recorded transition shows exactly what was known when it was taken.
 */
export interface DialogueFacts {
	// preparation → opening
	/** The ground rules for the meeting have been written down. */
	groundRulesDrafted: boolean;
	/** The safety plan says who may pause the meeting and where people can step out. */
	safetyPlanComplete: boolean;
	/** How many of the 4 community capacity questions are answered (0–4). */
	capacityQuestionsAnswered: number;
	/** Capacity concerns that have no mitigation written next to them. */
	capacityConcernsWithoutMitigation: number;
	/** Stakeholder groups in the information plan. */
	informationPlanGroups: number;
	/** Stakeholder groups for which it is not yet decided what they are told. */
	informationPlanUndecided: number;
	/** Age in days of the attested risk & needs assessment, or null when none is attested. */
	riskAssessmentAgeDays: number | null;
	/** At least one facilitator is assigned to the dialogue. */
	facilitatorAssigned: boolean;
	/** Every assigned facilitator has declared their impartiality. */
	impartialityDeclared: boolean;

	// opening → fearsAndStigma
	/** Participants who have joined the session. */
	participantCount: number;
	/** Joined participants who affirmed the ground rules. */
	groundRulesAffirmed: number;
	/** Objections to the ground rules or the process that are not yet resolved. */
	openObjections: number;
	/** Answers to the check-in round. */
	checkInResponses: number;
	/** The facilitator confirmed the purpose of the dialogue and everyone's role were explained. */
	purposeExplained: boolean;

	// fearsAndStigma → proposals (moderationQueue is also read for proposals → agreement)
	/** Contributions waiting for moderation. */
	moderationQueue: number;
	/** The "I feel respected" pulse. */
	respectPulse: PulseFacts;
	/** Approved concerns that are not yet placed in a theme. */
	unthemedConcerns: number;
	/** Themes of concerns that have not yet been acknowledged and answered. */
	themesUnanswered: number;
	/** Roles community members named that they can play themselves. */
	rolesNamed: number;

	// proposals → agreement
	/** Proposals on the shortlist. */
	shortlisted: number;
	/** Shortlisted proposals not tied to a concern theme or need. */
	shortlistedUntied: number;
	/** Shortlisted proposals without a volunteer owner (by role). */
	shortlistedWithoutOwner: number;

	// agreement → closing
	/**
	 * The consent round is still open. Its answers are then not read at all (the two facts below are 0), so that
	 * nothing the room sees moves with one person's answer.
	 */
	consentRoundOpen: boolean;
	/** Answers to the consent round. */
	consentResponses: number;
	/** Unresolved "I cannot live with this" answers in the consent round. */
	consentBlocks: number;
	/** The facilitator read the agreement back to the room. */
	agreementReadBack: boolean;
	/** Commitments in the agreement. */
	commitments: number;
	/** Commitments missing an owner role, an action or a due date. */
	commitmentsIncomplete: number;

	// closing → closed
	/** Answers to the check-out pulse. */
	checkOutResponses: number;
	/** A closing ritual was planned during preparation. */
	closingRitualPlanned: boolean;
	/** The closing ritual was held and recorded. */
	closingRitualRecorded: boolean;
	/** A date for the follow-up review is set. */
	followUpDateSet: boolean;
}

/** Facts of a dialogue where nothing has happened yet. */
export function emptyFacts(): DialogueFacts {
	return {
		groundRulesDrafted: false,
		safetyPlanComplete: false,
		capacityQuestionsAnswered: 0,
		capacityConcernsWithoutMitigation: 0,
		informationPlanGroups: 0,
		informationPlanUndecided: 0,
		riskAssessmentAgeDays: null,
		facilitatorAssigned: false,
		impartialityDeclared: false,
		participantCount: 0,
		groundRulesAffirmed: 0,
		openObjections: 0,
		checkInResponses: 0,
		purposeExplained: false,
		moderationQueue: 0,
		respectPulse: { responses: 0, mean: null },
		unthemedConcerns: 0,
		themesUnanswered: 0,
		rolesNamed: 0,
		shortlisted: 0,
		shortlistedUntied: 0,
		shortlistedWithoutOwner: 0,
		consentRoundOpen: false,
		consentResponses: 0,
		consentBlocks: 0,
		agreementReadBack: false,
		commitments: 0,
		commitmentsIncomplete: 0,
		checkOutResponses: 0,
		closingRitualPlanned: false,
		closingRitualRecorded: false,
		followUpDateSet: false
	};
}

/** How many capacity-screen questions preparation asks. */
export const CAPACITY_QUESTIONS = 4;

export interface DialogueSettings {
	/** Aggregates (pulse, consent) below this many answers are never shown or read. Never below 3. */
	minGroupSize: number;
	/** Share (0–1) of joined participants who must affirm the ground rules. */
	affirmationRatio: number;
	/** Participants needed before the opening can move on. */
	minParticipants: number;
	/** Lowest acceptable mean of the "I feel respected" pulse (1–5). */
	respectPulseThreshold: number;
	/** A risk & needs assessment older than this no longer counts. */
	riskAssessmentMaxAgeDays: number;
	/** How many proposals one participant may endorse. */
	endorsementCap: number;
	/** Days before raw contributions are deleted. */
	retentionDays: number;
	/**
	 * Days a safeguarding record (a contribution recorded as a safeguarding concern) is kept: its own period,
	 * counted from when it was recorded, not the raw-data one (issue 11).
	 */
	safeguardingRetentionDays: number;
	/**
	 * Days a started session may stay open without any activity before the retention tick ends it early with the
	 * reason "left open" (issue 11), so that its raw data then ages out like any other.
	 */
	idleEndDays: number;
	/** Check-in answers needed for the round to count as held. */
	minCheckInResponses: number;
	/** Phones one live session takes in at most: well above any real hall, a brake on scripted joins. */
	participantCap: number;
}

export const DEFAULT_SETTINGS: Readonly<DialogueSettings> = Object.freeze({
	minGroupSize: 5,
	affirmationRatio: 0.8,
	minParticipants: 3,
	respectPulseThreshold: 3.5,
	riskAssessmentMaxAgeDays: 365,
	endorsementCap: 3,
	retentionDays: 90,
	safeguardingRetentionDays: 730,
	idleEndDays: 7,
	minCheckInResponses: 1,
	participantCap: 500
});

/** Below three, an aggregate can point at one person: the privacy rules forbid that whatever is configured. */
export const MIN_GROUP_SIZE_FLOOR = 3;

function clampInt(value: unknown, fallback: number, min: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.max(min, Math.round(value));
}

function clampNumber(value: unknown, fallback: number, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, value));
}

/**
 * Fills missing settings with defaults and clamps the rest into a safe range. Settings come from organisers and
 * from stored snapshots of older versions, so nothing is trusted as-is.
 */
export function normaliseSettings(
	settings?: Partial<Record<keyof DialogueSettings, unknown>> | null
): DialogueSettings {
	const s = settings ?? {};
	const d = DEFAULT_SETTINGS;
	return {
		minGroupSize: clampInt(s.minGroupSize, d.minGroupSize, MIN_GROUP_SIZE_FLOOR),
		affirmationRatio: clampNumber(s.affirmationRatio, d.affirmationRatio, 0, 1),
		minParticipants: clampInt(s.minParticipants, d.minParticipants, 1),
		respectPulseThreshold: clampNumber(s.respectPulseThreshold, d.respectPulseThreshold, 1, 5),
		riskAssessmentMaxAgeDays: clampInt(s.riskAssessmentMaxAgeDays, d.riskAssessmentMaxAgeDays, 1),
		endorsementCap: clampInt(s.endorsementCap, d.endorsementCap, 1),
		retentionDays: clampInt(s.retentionDays, d.retentionDays, 1),
		safeguardingRetentionDays: clampInt(s.safeguardingRetentionDays, d.safeguardingRetentionDays, 30),
		idleEndDays: clampInt(s.idleEndDays, d.idleEndDays, 1),
		minCheckInResponses: clampInt(s.minCheckInResponses, d.minCheckInResponses, 1),
		participantCap: clampInt(s.participantCap, d.participantCap, 2)
	};
}

export function isPhase(value: unknown): value is Phase {
	return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function isLivePhase(value: unknown): value is LivePhase {
	return typeof value === 'string' && (LIVE_PHASES as readonly string[]).includes(value);
}

/** The phase a forward move from `phase` leads to, or null for `closed`. */
export function nextPhase(phase: Phase): Phase | null {
	const index = PHASES.indexOf(phase);
	return PHASES[index + 1] ?? null;
}
