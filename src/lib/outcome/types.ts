/**
 * The outcome report of a closed session, as stored (JSON) and exported. Built once at closing from the raw data
 * with the small-group safeguard applied (see `src/lib/privacy/small-groups.ts`), and kept after retention
 * has deleted that raw data. It holds no participant identifier of any kind: no participant ids, device tokens,
 * voter keys or client request ids, and no text of a concern; staff appear by name only.
 *
 * Types only, so that pages and exports can share them without pulling in server code.
 */
import type { SpeakingPurpose } from '$lib/live/speaking';
import type { EndEarlyReason, Phase, LivePhase, Value, ValueState } from '$lib/dialogue';
import type { CheckOutPrompt, CommitmentStatus, ConsentGradient } from '$lib/live/types';

/**
 * A figure that counts or summarises what people answered, sent or endorsed: a number, or null for "not enough
 * answers" (below the dialogue's minimum group size, or hidden so that a hidden figure cannot be worked out).
 */
export type Figure = number | null;

export const OUTCOME_FORMAT = 'hearth.outcome';
export const OUTCOME_VERSION = 1;

export interface ReportCommitment {
	position: number;
	action: string;
	ownerRole: string;
	dueOn: string | null;
	reviewHow: string;
	/** The shortlisted proposal it came from (its shown text), or null for a blank one. */
	fromProposal: string | null;
}

export interface ReportReason {
	code: string;
	/** Message parameters; empty when `suppressed`. */
	params: Record<string, string | number>;
	/** A count of people in it was below the minimum group size: shown without any number. */
	suppressed: boolean;
}

export interface ReportValueResult {
	state: ValueState;
	reasons: ReportReason[];
	/** The facilitator's written reason, when the value was overridden. */
	override: string | null;
}

export interface ReportTransition {
	from: Phase;
	to: Phase;
	at: number;
	/** The staff member who moved it on (name), when known. */
	by: string | null;
	passed: boolean;
	results: Record<Value, ReportValueResult>;
}

export interface ReportRevisit {
	from: LivePhase;
	to: LivePhase;
	reason: string;
	at: number;
	by: string | null;
}

export interface ReportPause {
	/** The phase it was paused in. */
	from: LivePhase;
	at: number;
	by: string | null;
	reason: string | null;
	resumedAt: number | null;
}

export interface ReportProposal {
	/** The text as shown in the room (the moderator's version when redacted). Approved proposals only. */
	text: string;
	redacted: boolean;
	proposedRole: string;
	resources: string;
	shortlisted: boolean;
	ownerRole: string;
	/** The theme of concerns (its title) or the need it answers. */
	tiedTo: string | null;
	endorsements: Figure;
	/** A commitment of the agreement came from it. */
	committed: boolean;
	/** The facilitator's risk note ('' when none; optional for reports stored before it existed). */
	riskNote?: string;
}

/**
 * What the group decided in the consent round: the group's decision, not an anonymous statistic, so it is always
 * reported, at any group size (privacy rule 4). It holds no count: only the spread of answers is a figure.
 */
export interface ConsentOutcome {
	/** Anyone answered the consent round on the agreed version. */
	held: boolean;
	/** Held, and no "cannot live with it" was left unresolved when the session moved on. */
	reached: boolean;
	/** Someone said "cannot live with it" on the agreed version (whether or not it was resolved). */
	objectionsRaised: boolean;
	/** A "cannot live with it" was still unresolved when the session moved on. */
	objectionOpen: boolean;
	/** The facilitator's written reason, when they moved on past an unresolved objection or a missing round. */
	override: string | null;
}

export interface PulseResult {
	responses: Figure;
	/** Mean on the 1–5 scale, one decimal. */
	mean: Figure;
}

export type TimelineKind =
	| 'opened'
	| 'advanced'
	| 'revisited'
	| 'paused'
	| 'resumed'
	| 'promptOpened'
	| 'checkOutOpened'
	| 'readBack'
	| 'consentResolved'
	| 'ritualRecorded'
	| 'closed'
	| 'endedEarly';

export interface TimelineEntry {
	at: number;
	kind: TimelineKind;
	/** Phase moves: from and to. */
	from?: string;
	to?: string;
	/** `promptOpened`: which prompt. */
	prompt?: string;
	/** Revisit and pause reasons, resolution notes. */
	note?: string;
}

export interface OutcomeReport {
	format: typeof OUTCOME_FORMAT;
	version: typeof OUTCOME_VERSION;
	sessionId: string;
	dialogueId: string;
	codename: string;
	place: string;
	communityKind: string;
	/** A review session follows up an earlier session of the same dialogue. */
	reviewOf: { sessionId: string; closedAt: number | null } | null;
	openedAt: number | null;
	closedAt: number;
	generatedAt: number;
	/** The minimum group size the figures were suppressed with. */
	minGroupSize: number;
	facilitators: { name: string; role: 'lead' | 'co' }[];
	agreement: {
		/** The draft version that was agreed. */
		version: number;
		readBackAt: number | null;
		commitments: ReportCommitment[];
	};
	consent: {
		version: number;
		responses: Figure;
		spread: Record<ConsentGradient, Figure>;
		/** "Cannot live with it" answers talked through and resolved, with how. */
		resolutions: { at: number; note: string; resolved: Figure }[];
		/** The group's decision, always shown. Absent only in reports built before it was kept. */
		outcome?: ConsentOutcome;
	};
	closing: {
		/** The closing ceremony planned in preparation ('' when none). */
		ritualPlanned: string;
		ritualRecorded: boolean;
		ritualNote: string;
		ritualAt: number | null;
		followUpOn: string | null;
	};
	themes: { title: string; answer: string | null; answeredAt: number | null }[];
	proposals: ReportProposal[];
	values: { transitions: ReportTransition[]; revisits: ReportRevisit[]; pauses: ReportPause[] };
	pulses: {
		checkIn: PulseResult;
		respected: PulseResult;
		checkOut: Record<CheckOutPrompt, PulseResult>;
	};
	participation: {
		joined: Figure;
		groundRules: { affirmed: Figure; objected: Figure };
		rolesNamed: Figure;
		contributions: { submitted: Figure; approved: Figure; hidden: Figure; pending: Figure };
	};
	timeline: TimelineEntry[];
	/** Whether the agreement may be shared outside the group (issue 11). Absent in reports built before it was kept. */
	sharing?: ReportSharing;
	/**
	 * Set when the meeting ended early (issue 11): why, the facilitator's note, and the phase it had reached. The
	 * rest of the report then covers only as far as the meeting got. Absent in reports built before it was kept.
	 */
	endedEarly?: ReportEnding | null;
	/**
	 * The speaking rounds held (issue 11, the talking piece): what for, in which phase, how many turns (taken aloud
	 * before the room) and passes (pressed alone on a phone: under the small-group rule). Never who spoke or what
	 * was said. Absent in reports built before it was kept.
	 */
	speaking?: ReportSpeakingRound[];
}

export interface ReportSpeakingRound {
	purpose: SpeakingPurpose;
	phase: string;
	turns: number;
	passes: Figure;
}

/**
 * The group's answer to "may this agreement be shared with …": its decision always (like consent, at any group
 * size: one `no` and it is not shared; nobody answered: not asked), the spread of answers only from enough answers.
 */
export interface ReportSharing {
	decision: 'agreed' | 'notAgreed' | 'notAsked';
	/** The organisations the question named (the follow-up's partners when the session closed). */
	partners: string[];
	responses: Figure;
	spread: { yes: Figure; no: Figure };
}

export interface ReportEnding {
	reason: EndEarlyReason;
	note: string | null;
	/** The live phase the meeting had reached (the one it was paused in, when paused). */
	phase: LivePhase;
	wasPaused: boolean;
	at: number;
}

/** A commitment as the follow-up tracker shows it (kept after retention: commitments are not raw data). */
export interface TrackedCommitment extends ReportCommitment {
	id: string;
	sessionId: string;
	status: CommitmentStatus;
	statusNote: string;
	statusChangedAt: number | null;
	/** Due before today and neither done nor reported as not done. */
	overdue: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// The report as a document in the reader's language: what the page, the PDF and the Markdown export render.
// ---------------------------------------------------------------------------------------------------------------

export interface FactItem {
	label: string;
	value: string;
}

export interface CheckValue {
	value: Value;
	label: string;
	state: ValueState;
	stateLabel: string;
	reasons: string[];
	override: string | null;
}

/** One block of a section. */
export type Block =
	| { kind: 'paragraph'; text: string }
	| { kind: 'facts'; items: FactItem[] }
	| { kind: 'list'; items: string[] }
	| {
			kind: 'table';
			caption: string;
			head: string[];
			rows: string[][];
			/** Columns holding figures (right-aligned). */
			numeric?: number[];
	  }
	| { kind: 'check'; title: string; meta: string; values: CheckValue[] };

export interface Section {
	id: string;
	heading: string;
	blocks: Block[];
}

export interface OutcomeDocument {
	title: string;
	subtitle: string;
	facts: FactItem[];
	/** How figures were protected (the small-group safeguard), in words. */
	notice: string;
	sections: Section[];
}
