/**
 * The live session's JSON API as the screens see it: view models per role, the events on the SSE stream and
 * the prompts phones answer. Types and constants only, so that phone, projector and console code can import
 * them without pulling in anything from the server.
 */
import type {
	LivePhase,
	Overrides,
	Phase,
	Reason,
	SessionPhase,
	Value,
	ValueState,
	ValuesCheck
} from '$lib/dialogue';

/** Who is looking: a phone, the facilitator's console, or the projector opened through its secret link. */
export type ViewerRole = 'participant' | 'staff' | 'display';

// ---------------------------------------------------------------------------------------------------------------
// Prompts phones answer
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a phone can answer. `groundRules.affirm` is taken in every live phase (late arrivals affirm too); every
 * other prompt only while the facilitator has it open.
 */
export const PROMPTS = ['groundRules.affirm', 'checkIn', 'pulse.respected', 'role.named'] as const;
export type Prompt = (typeof PROMPTS)[number];

/** The prompts a facilitator opens and closes one at a time. */
export const OPENABLE_PROMPTS = ['checkIn', 'pulse.respected', 'role.named'] as const;
export type OpenablePrompt = (typeof OPENABLE_PROMPTS)[number];

/** Answers to the ground-rules prompt: agree, or raise an objection the facilitator talks through. */
export const AFFIRM_VALUES = ['yes', 'object'] as const;
export type AffirmValue = (typeof AFFIRM_VALUES)[number];

/** Contribution texts: at most this many characters after cleaning. */
export const CONTRIBUTION_MAX = 500;
/** A proposal's role and resources fields. */
export const PROPOSAL_FIELD_MAX = 200;
/** A check-in word (when not a number 1–5). */
export const CHECK_IN_WORD_MAX = 30;
/** A named role ("neighbour", "sports club volunteer"). */
export const ROLE_NAME_MAX = 80;

// ---------------------------------------------------------------------------------------------------------------
// Building blocks of the views
// ---------------------------------------------------------------------------------------------------------------

/**
 * An aggregate of answers. Below the dialogue's minimum group size every figure is null and `tooFew` is true:
 * the screens say "not enough answers yet", never a number (privacy rule 4).
 */
export interface PromptAggregate {
	prompt: Prompt;
	/** How many answered; null when too few. */
	responses: number | null;
	/** Mean of the answers on the 1–5 scale (pulses, numeric check-ins); null when too few or not numeric. */
	mean: number | null;
	/** Answers per choice (ground rules: `yes` / `object`); null when too few or not a choice prompt. */
	counts: Record<string, number> | null;
	tooFew: boolean;
}

/** A concern on the wall: approved text only (the moderator's redacted version when there is one). */
export interface WallConcern {
	id: string;
	text: string;
	/** A moderator shortened or edited it (to remove a name, say). */
	redacted: boolean;
}

export interface WallTheme {
	id: string;
	title: string;
	/** The facilitator's answer, once the theme is acknowledged and answered. */
	answer: string | null;
	answeredAt: number | null;
	concerns: WallConcern[];
}

/** The moderated concern wall, grouped by theme; concerns not yet in a theme come last. */
export interface ConcernWall {
	themes: WallTheme[];
	unthemed: WallConcern[];
}

/** What a shortlisted proposal answers: a theme of concerns or a need in words. */
export type TiedTo = { kind: 'theme'; themeId: string; title: string } | { kind: 'need'; text: string };

export interface PublicProposal {
	id: string;
	text: string;
	redacted: boolean;
	/** The role the proposer suggests (e.g. "sports club volunteers"), possibly empty. */
	proposedRole: string;
	/** Resources needed, possibly empty. */
	resources: string;
	endorsements: number;
	shortlisted: boolean;
	/** Volunteer owner, by role; empty until the facilitator sets one. */
	ownerRole: string;
	tiedTo: TiedTo | null;
}

export interface PhoneProposal extends PublicProposal {
	/** This phone supports it. */
	endorsedByMe: boolean;
}

/**
 * A countdown. Clients correct their clock with `serverNow` of the view or event: remaining time is
 * `remainingMs - (Date.now() + skew - serverNow)` while running, where skew = serverNow − local time at receipt.
 */
export interface TimerView {
	durationMs: number;
	/** Left at `serverNow`. */
	remainingMs: number;
	running: boolean;
	/** Server time it runs out, while running. */
	endsAt: number | null;
}

/** The join details the projector shows until the facilitator hides them. */
export interface JoinInfo {
	code: string;
	/** The address phones open (`<origin>/s/<code>`), using the origin the facilitator chose. */
	phoneUrl: string;
	/** Same-origin path of the QR code as SVG; the projector adds `?display=<token>`. */
	qrPath: string;
}

/** Per value, only its state: what the room sees. Reasons stay on the console. */
export interface ValuesPanel {
	from: Phase;
	to: Phase;
	values: Record<Value, { state: ValueState }>;
	passed: boolean;
}

/** What the facilitator controls that every screen may know. */
export interface PublicControls {
	purposeExplained: boolean;
	openPrompt: OpenablePrompt | null;
	timer: TimerView | null;
	joinVisible: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Views: `GET /api/v1/sessions/{id}` and the `snapshot` event of the stream
// ---------------------------------------------------------------------------------------------------------------

interface ViewBase {
	sessionId: string;
	/** The last event sequence number this view includes: apply stream events with a higher `seq` only. */
	seq: number;
	/** Server clock when the view was made (milliseconds since the epoch). */
	serverNow: number;
	phase: SessionPhase;
	paused: boolean;
}

export interface PhoneView extends ViewBase {
	role: 'participant';
	/** Message keys of the purpose and confidentiality statements (with its limits) in `messages/live`. */
	purposeKey: string;
	confidentialityKey: string;
	/** Message key of the guiding question of the phase. */
	guidingQuestionKey: string;
	groundRules: string[];
	knowledge: { title: string; body: string; url: string | null }[];
	/** Where one can step out, from the safety plan (may be empty). */
	stepOut: string;
	wall: ConcernWall;
	proposals: PhoneProposal[];
	endorsementCap: number;
	endorsementsLeft: number;
	controls: PublicControls;
	/** This phone's own answers per prompt. */
	myAnswers: Partial<Record<Prompt, string>>;
	affirmed: boolean;
	/** What this phone can send right now. */
	accepts: { concern: boolean; proposal: boolean; endorsement: boolean };
}

/** While paused the projector shows nothing but the pause screen, so its view carries nothing else. */
export interface ProjectorPausedView extends ViewBase {
	role: 'display';
	paused: true;
}

export interface ProjectorLiveView extends ViewBase {
	role: 'display';
	paused: false;
	join: JoinInfo | null;
	guidingQuestionKey: string;
	wall: ConcernWall;
	/** Approved proposals, most endorsed first. */
	proposals: PublicProposal[];
	/** The next forward move's values check, states only; null in `closed`. */
	values: ValuesPanel | null;
	controls: PublicControls;
}

export type ProjectorView = ProjectorPausedView | ProjectorLiveView;

export type ContributionFlag = 'personalData' | 'threat';

/** A contribution as the moderator sees it. */
export interface ModerationItem {
	id: string;
	kind: 'concern' | 'proposal';
	text: string;
	redactedText: string | null;
	status: 'pending' | 'approved' | 'hidden';
	flags: ContributionFlag[];
	moderatorNote: string;
	themeId: string | null;
	proposedRole: string;
	resources: string;
	phase: string;
	createdAt: number;
}

export interface ThemeSuggestion {
	/** Approved, unthemed concerns that read alike. */
	contributionIds: string[];
	/** Words they share, as a starting title. */
	title: string;
}

export interface ReachableAddress {
	origin: string;
	/** `configured`: the ORIGIN setting; `lan`: an address of this computer on the local network. */
	kind: 'configured' | 'lan' | 'request';
	/** Network interface name for LAN addresses. */
	label: string;
}

export interface ConsoleView extends ViewBase {
	role: 'staff';
	dialogueId: string | null;
	revision: number;
	join: JoinInfo & { visible: boolean };
	/** Addresses phones may reach; `chosen` is the one in the join link and QR. */
	addresses: { chosen: string; options: ReachableAddress[] };
	/** Pending contributions, oldest first, with why they were held. */
	moderationQueue: ModerationItem[];
	/** Hidden ones, newest first, so a mistaken hide can be undone. */
	hidden: ModerationItem[];
	wall: ConcernWall;
	themes: { id: string; title: string; answer: string | null; answeredAt: number | null; concerns: number }[];
	/** Proposals (approved), most endorsed first, with their moderation detail. */
	proposals: (PublicProposal & { moderatorNote: string })[];
	suggestions: ThemeSuggestion[];
	participants: {
		/** Phones that joined. */
		joined: number;
		/** Open streams right now, by role. */
		connected: { participant: number; staff: number; display: number };
		/** Phones typing right now (reported by the phones, kept in memory only). */
		typing: number;
	};
	aggregates: Record<Prompt, PromptAggregate>;
	/** The values check the next `phase.advance` would get now; null when paused or closed. */
	check: ValuesCheck | null;
	revisitTargets: LivePhase[];
	controls: PublicControls;
	settings: {
		minGroupSize: number;
		endorsementCap: number;
		respectPulseThreshold: number;
		minParticipants: number;
	};
}

export type SessionView = PhoneView | ProjectorView | ConsoleView;

// ---------------------------------------------------------------------------------------------------------------
// The SSE stream: `GET /api/v1/sessions/{id}/events`
// ---------------------------------------------------------------------------------------------------------------

/** A contribution as it appears on the wall once approved (concern or proposal). */
export interface ApprovedContribution {
	id: string;
	kind: 'concern' | 'proposal';
	text: string;
	redacted: boolean;
	themeId: string | null;
	proposedRole: string;
	resources: string;
	shortlisted: boolean;
	ownerRole: string;
	tiedTo: TiedTo | null;
	endorsements: number;
}

export interface ThemeSummary {
	id: string;
	title: string;
	position: number;
	answer: string | null;
	answeredAt: number | null;
}

/** Phase changes as phones and the projector get them; the console also gets the check and overrides. */
export interface PhaseChange {
	from: SessionPhase;
	to: SessionPhase;
	/** Staff streams only. */
	check?: ValuesCheck | null;
	overrides?: Overrides;
	reason?: string;
	phase?: LivePhase;
	by?: string;
}

/**
 * Logged events (each with `id: <seq>` on the stream) and their `data` per type. Phones and the projector get a
 * type only if its audience is `all`, and only its public fields.
 */
export interface LoggedEventData {
	'session.created': { phase: SessionPhase };
	'session.opened': { phase: SessionPhase };
	'phase.advance': PhaseChange;
	'phase.revisit': PhaseChange;
	'session.pause': PhaseChange;
	'session.resume': PhaseChange;
	/** Staff only. */
	'participant.joined': { joined: number };
	/** Staff only: a contribution waiting for moderation. */
	'contribution.submitted': ModerationItem;
	/** Shown on the wall (also after a redaction, with the redacted text): insert or replace by id. */
	'contribution.approved': ApprovedContribution & { staff?: { moderatorNote: string } };
	/** Not shown (any more): carries only the id. */
	'contribution.hidden': { id: string; staff?: { moderatorNote: string } };
	'contribution.themed': { ids: string[]; themeId: string | null };
	'theme.created': ThemeSummary;
	'theme.updated': ThemeSummary;
	'theme.merged': { from: string[]; into: string };
	'proposal.updated': { id: string; shortlisted: boolean; ownerRole: string; tiedTo: TiedTo | null };
	'endorsement.counted': { contributionId: string; endorsements: number };
	'response.counted': PromptAggregate;
	'controls.changed': PublicControls & { serverNow: number; join: JoinInfo | null };
	/** Staff only: the projector link changed; projector streams with the old link are closed. */
	'display.rotated': Record<string, never>;
}

export type LoggedEventType = keyof LoggedEventData;

/** The JSON in `data:` of a logged event. */
export type StreamEvent = {
	[K in LoggedEventType]: { type: K; seq: number; at: number; data: LoggedEventData[K] };
}[LoggedEventType];

/**
 * The JSON in `data:` of the stream's own messages, sent without `id:` so they never move the reconnect cursor:
 * `snapshot` first on every (re)connect; `values` (console and projector) whenever the values check may have
 * changed; `presence` (console) when the connected or typing counts change.
 */
export type StreamMessage =
	| StreamEvent
	| { type: 'snapshot'; seq: number; view: SessionView }
	| { type: 'values'; seq: number; check: ValuesCheck | null; panel: ValuesPanel | null }
	| {
			type: 'presence';
			connected: { participant: number; staff: number; display: number };
			typing: number;
	  };

// ---------------------------------------------------------------------------------------------------------------
// Command results: `POST /api/v1/sessions/{id}/commands`
// ---------------------------------------------------------------------------------------------------------------

export interface CommandResult {
	state: { phase: SessionPhase; revision: number; seq: number };
	/** The values check of the advance (for `phase.advance`), else the current one; null when paused/closed. */
	check: ValuesCheck | null;
	/** Extra answer of some commands: `{ themeId }`, `{ suggestions }`, `{ projectorUrl }`. */
	result?: Record<string, unknown>;
}

/** Body of the 409 when an advance is refused: each unmet value with its reasons. */
export interface UnmetValues {
	check: ValuesCheck;
	unmet: { value: Value; reasons: Reason[] }[];
}
