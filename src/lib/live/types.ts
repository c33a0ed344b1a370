/**
 * The live session's JSON API as the screens see it: view models per role, the events on the SSE stream and
 * the prompts phones answer. Types and constants only, so that phone, projector and console code can import
 * them without pulling in anything from the server.
 */
import type { MySpeakingPlace, SpeakingChanged, SpeakingRoundStaffView, SpeakingRoundView } from './speaking';
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
import type { Figure } from '$lib/outcome/types';

/**
 * Who is looking: a phone, the facilitator's console, the projector opened through its secret link, or an
 * observer (the outer circle) following the projector's content on a phone through the watch link, without taking
 * part: nothing stored, no cookie, counted apart from the phones.
 */
export type ViewerRole = 'participant' | 'staff' | 'display' | 'observer';

// ---------------------------------------------------------------------------------------------------------------
// Prompts phones answer
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a phone can answer. `groundRules.affirm` is taken in every live phase (late arrivals affirm too); every
 * other prompt only while the facilitator has it open.
 */
/**
 * The check-out pulse (1–5 each): felt safe, felt heard, treated with respect, facilitator fair and neutral, I
 * know what happens next, I would recommend this. Opened together as one round (`checkOut.open`), in `closing`.
 */
export const CHECK_OUT_PROMPTS = [
	'checkOut.safe',
	'checkOut.heard',
	'checkOut.respected',
	'checkOut.fair',
	'checkOut.nextSteps',
	'checkOut.recommend'
] as const;
export type CheckOutPrompt = (typeof CHECK_OUT_PROMPTS)[number];

export const PROMPTS = [
	'groundRules.affirm',
	'checkIn',
	'pulse.respected',
	'role.named',
	'consent',
	'share',
	...CHECK_OUT_PROMPTS
] as const;
export type Prompt = (typeof PROMPTS)[number];

/** Prompts answered on the 1–5 scale; their aggregates have a mean. */
export const SCALE_PROMPTS = ['pulse.respected', ...CHECK_OUT_PROMPTS] as const;

/** The prompts of the console's task panel, opened and closed one at a time. */
export const OPENABLE_PROMPTS = ['checkIn', 'pulse.respected', 'role.named'] as const;
/**
 * Everything `prompt.open` takes: the task panel's prompts and the consent round (agreement phase only). Opening
 * one closes any other prompt and the check-out round: phones answer one thing at a time.
 */
export const OPEN_PROMPT_CHOICES = [...OPENABLE_PROMPTS, 'consent', 'share'] as const;

/**
 * "May this agreement be shared with …" (issue 11), asked in the agreement phase once the follow-up names partners:
 * `yes`, or `no` (keep it in this group). Like consent it is the group's decision: one `no` and it is not shared.
 */
export const SHARE_VALUES = ['yes', 'no'] as const;
export type ShareValue = (typeof SHARE_VALUES)[number];
export type OpenablePrompt = (typeof OPEN_PROMPT_CHOICES)[number];

/**
 * Gradients of agreement for the consent round, from most to least support. Consensus means nobody answers
 * `cannotLiveWith` (or every such answer was talked through and resolved), not a majority.
 */
export const CONSENT_GRADIENTS = ['fullySupport', 'canLiveWith', 'haveConcerns', 'cannotLiveWith'] as const;
export type ConsentGradient = (typeof CONSENT_GRADIENTS)[number];

/** Answers to the ground-rules prompt: agree, or raise an objection the facilitator talks through. */
export const AFFIRM_VALUES = ['yes', 'object'] as const;
export type AffirmValue = (typeof AFFIRM_VALUES)[number];

/** Contribution texts: at most this many characters after cleaning. */
export const CONTRIBUTION_MAX = 500;

/**
 * What a facilitator did about a contribution recorded as a safeguarding concern: hid it only, passed it to the
 * organisation's safeguarding lead, reported it to the police, told the probation officer, or something else (the
 * note says what).
 */
export const SAFEGUARDING_ACTIONS = [
	'hiddenOnly',
	'safeguardingLead',
	'police',
	'probation',
	'other'
] as const;
export type SafeguardingAction = (typeof SAFEGUARDING_ACTIONS)[number];
/** A proposal's role and resources fields. */
export const PROPOSAL_FIELD_MAX = 200;
/** The facilitator's risk note on a proposal. */
export const RISK_NOTE_MAX = 500;
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
	/** Mean of the answers on the 1–5 scale (pulses, check-out, numeric check-ins); null when too few or not numeric. */
	mean: number | null;
	/**
	 * Answers per choice (ground rules: `yes` / `object`; consent: the four gradients, on the current draft
	 * version); null when too few, while the prompt is open, or for prompts that are not a choice. A consent
	 * choice given by fewer than the minimum group size (but not none) is null: "not enough answers"; then so is
	 * `responses`, and at least one other choice, so that no subtraction gives it back.
	 */
	counts: Record<string, number | null> | null;
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
	/** Phones that support it; null from 1 to the minimum group size − 1 ("not enough support to show"). */
	endorsements: Figure;
	shortlisted: boolean;
	/** Volunteer owner, by role; empty until the facilitator sets one. */
	ownerRole: string;
	tiedTo: TiedTo | null;
}

/**
 * A proposal as the console sees it. `riskNote`: what could go wrong and how it is guarded against, written by the
 * facilitator (it may draw on the risk assessment, so phones and the projector never get it).
 */
export interface ConsoleProposal extends PublicProposal {
	moderatorNote: string;
	riskNote: string;
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

/** One theme or one contribution the facilitator put in the spotlight on the big screen. */
export interface SpotlightTarget {
	kind: 'theme' | 'contribution';
	id: string;
}

/** What the facilitator controls that every screen may know. */
export interface PublicControls {
	purposeExplained: boolean;
	openPrompt: OpenablePrompt | null;
	timer: TimerView | null;
	joinVisible: boolean;
	/**
	 * The door is open: the join code lets new phones in. Closed, the projector hides the code and phones already
	 * in stay. Always sent by the server; optional only so that views built before the door existed still type-check.
	 */
	doorOpen?: boolean;
	/**
	 * The projector shows the group's ground rules over everything ("return to our ground rules", issue 11); phones
	 * may show them too. Always sent by the server; optional so that older stored views still type-check.
	 */
	groundRulesShown?: boolean;
	/**
	 * The check-out round is open: phones answer the six `checkOut.*` questions (1–5) now. Always sent by the
	 * server; optional only so that views built before the closing existed still type-check.
	 */
	checkOutOpen?: boolean;
	/**
	 * What the projector shows large, over the wall; null when nothing. Screens show it from their own moderated
	 * view, so a contribution hidden since is not shown. Always sent by the server; optional as `doorOpen`.
	 */
	spotlight?: SpotlightTarget | null;
	/**
	 * The projector's languages (issue 12); null until the facilitator chose them, and the projector then speaks
	 * its own browser's language alone. Always sent by the server; optional as `doorOpen`.
	 */
	languages?: DisplayLanguages | null;
}

/**
 * The room's one or two languages on the projector: its fixed texts (headings, instructions, join card, values
 * strip, pause screen, ending) in `first`, and in `second` beneath them when there is one. What people wrote is
 * shown once, as written. Language codes are those of the project (`project.inlang/settings.json`).
 */
export interface DisplayLanguages {
	first: string;
	second: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// The agreement: commitments, consent, closing
// ---------------------------------------------------------------------------------------------------------------

export const COMMITMENT_STATUSES = ['planned', 'inProgress', 'done', 'notDone'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Longest commitment fields (characters after cleaning). */
export const COMMITMENT_ACTION_MAX = 500;
export const COMMITMENT_ROLE_MAX = 120;
export const COMMITMENT_REVIEW_MAX = 300;

/** A SMART commitment of the agreed role: what, who (a role, never a person), by when, how it is reviewed. */
export interface PublicCommitment {
	id: string;
	/** 0-based order in the agreement. */
	position: number;
	action: string;
	ownerRole: string;
	/** `YYYY-MM-DD`, or null while not agreed yet. */
	dueOn: string | null;
	reviewHow: string;
	/** The shortlisted proposal it came from (while that still exists), or null for a blank one. */
	proposalId: string | null;
	/** Follow-up state: commitments carried into a review session keep theirs. */
	status: CommitmentStatus;
	/** Missing an action, an owner role or a due date (the agreement → closing check counts these). */
	incomplete: boolean;
}

/**
 * The agreement draft as every screen shows it. `version` changes whenever a commitment is added, changed,
 * moved or removed: consent and the read-back count only for the version they were given on.
 */
export interface AgreementDraft {
	version: number;
	/**
	 * The version as people count it, by read-backs to the room: the read-back's number once this draft was read
	 * back, else the number it takes when it is. Saving a field does not change it; `version` stays the key.
	 */
	number: number;
	commitments: PublicCommitment[];
	/** The current version was read back to the room. */
	readBack: boolean;
}

/** The draft and the rounds as a phone sees them. */
export interface PhoneAgreement extends AgreementDraft {
	/** The consent round is open (on this version); send `{ prompt: 'consent', value, draftVersion }`. */
	consentOpen: boolean;
	/** The check-out round is open: the six `checkOut.*` questions take answers. */
	checkOutOpen: boolean;
	/** The date of the follow-up review meeting, once set. */
	followUpOn: string | null;
	ritualRecorded: boolean;
	/** The partners the sharing question names (organisations of the follow-up); optional for older views. */
	sharePartners?: string[];
}

export interface ConsentResolution {
	at: number;
	/** The draft version it was on. */
	version: number;
	/** That version as people count it (`AgreementDraft.number`). */
	number: number;
	/** What was talked through and how it was resolved (staff only). */
	note: string;
}

/** The agreement as the console sees it. */
export interface ConsoleAgreement extends AgreementDraft {
	readBackAt: number | null;
	/** Commitments missing an action, owner role or due date. */
	incomplete: number;
	/**
	 * A "cannot live with it" on the current version is still unresolved (no count: it would point at people),
	 * told once the consent round is closed.
	 * Whether the consent and check-out rounds are open is in `controls`; their figures are in `aggregates`
	 * (the consent spread only from enough answers, and only once the round is closed).
	 */
	consentBlocked: boolean;
	resolutions: ConsentResolution[];
	ritual: {
		/** The closing ceremony in the session plan ('' when none was planned: then recording it is optional). */
		planned: string;
		recorded: boolean;
		note: string;
		at: number | null;
	};
	followUpOn: string | null;
	/** For a review session: the agreement it reviews (its commitments with their follow-up state). */
	reviewOf: { sessionId: string; closedAt: number | null; commitments: PublicCommitment[] } | null;
	/** The follow-up's partners the sharing question names (none: it cannot be asked); optional for older views. */
	sharePartners?: string[];
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

/** A text written by staff as a phone is sent it: in the language it is actually in, with that language's direction. */
export interface ShownText {
	text: string;
	/** The text's language (a project locale): the phone's own, or the dialogue's main language. */
	lang: string;
	dir: 'ltr' | 'rtl';
}

export interface PhoneKnowledgeItem {
	title: string;
	body: string;
	url: string | null;
	lang: string;
	dir: 'ltr' | 'rtl';
}

export interface PhoneView extends ViewBase {
	role: 'participant';
	/** Message keys of the purpose and confidentiality statements (with its limits) in `messages/live`. */
	purposeKey: string;
	confidentialityKey: string;
	/** Message key of the guiding question of the phase. */
	guidingQuestionKey: string;
	/** The ground rules, each in the phone's language when there is a version in it, else the main language. */
	groundRules: ShownText[];
	/** The knowledge pack, chosen the same way (the link is the item's own in every language). */
	knowledge: PhoneKnowledgeItem[];
	/**
	 * The dialogue's main language when at least one ground rule or knowledge item is shown in it because the
	 * phone's language has no version (the phone says so in a short note); null when everything is in the
	 * phone's language. Optional only for views built before it existed.
	 */
	contentFallback?: string | null;
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
	/**
	 * The agreement draft, consent and check-out rounds. `myAnswers.consent` is this phone's answer to the
	 * current draft version only. Always sent by the server; optional only for views built before it existed.
	 */
	agreement?: PhoneAgreement;
	/** The speaking round running now (issue 11): who holds the piece and who is next; null when none. */
	speaking?: SpeakingRoundView | null;
	/** This phone's own place in the round, if it asked or passed. */
	mySpeaking?: MySpeakingPlace | null;
}

/** While paused the projector shows nothing but the pause screen, so its view carries nothing else. */
export interface ProjectorPausedView extends ViewBase {
	role: 'display';
	paused: true;
	/** The pause screen speaks the room's languages too (always sent by the server; optional as `room`). */
	languages?: DisplayLanguages | null;
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
	/** The agreement draft (always sent by the server; optional for views built before it existed). */
	agreement?: AgreementDraft;
	/** The speaking round running now (issue 11): who holds the piece, who is next, the gentle bar. */
	speaking?: SpeakingRoundView | null;
	/** The partners the sharing question names (optional for older views). */
	sharePartners?: string[];
	/** How many joined and answered (always sent by the server; optional for views built before it existed). */
	room?: RoomFigures;
	/**
	 * The dialogue's ground rules, shown in the opening, and over everything while `controls.groundRulesShown`
	 * (always sent by the server; optional as `room`).
	 */
	groundRules?: string[];
}

/**
 * The room shown to itself on the projector: how many phones joined and, while a question or round is open, how
 * many answered it. Counts only, each through the small-group rule (null from 1 to the minimum group size − 1);
 * never what anyone answered.
 */
export interface RoomFigures {
	joined: Figure;
	/** The open question or round; null while none is open. */
	round: { answered: Figure } | null;
	/**
	 * The result of the round closed last in this phase, shown as a chart until another opens or the phase moves;
	 * null when there is none (always sent by the server; optional for views built before it existed).
	 */
	result?: RoundResult | null;
}

/** The rounds whose closed result the projector shows as a chart. */
export const RESULT_PROMPTS = ['checkIn', 'pulse.respected', 'consent'] as const;
export type ResultPrompt = (typeof RESULT_PROMPTS)[number];

/**
 * A closed round's result for the room. Below the minimum group size there is no chart at all (`chart: null`),
 * only how many answered through the small-group rule: the spread never leaves the server. From the minimum up,
 * each bar is a figure of the same rule (`partition`): a part chosen by a few is null, said in words, never drawn.
 */
export interface RoundResult {
	prompt: ResultPrompt;
	/** How many answered (a count of people: null from 1 to the minimum group size − 1). */
	answered: Figure;
	chart: ScaleChart | ConsentChart | null;
}

export interface ScaleChart {
	kind: 'scale';
	/** Answers per point of the 1–5 scale ('1' … '5'), and for a check-in those given in words (`words`). */
	counts: Record<string, Figure>;
	/** The mean of the numbers given, to one decimal; null when too few gave a number. */
	mean: Figure;
}

export interface ConsentChart {
	kind: 'consent';
	counts: Record<ConsentGradient, Figure>;
}

export type ProjectorView = ProjectorPausedView | ProjectorLiveView;

export type ContributionFlag = 'personalData' | 'threat';

/** Why the screening flagged a text, in detail (each belongs to one flag: `screening.ts`). */
export type ScreeningReason =
	'name' | 'contact' | 'address' | 'houseNumber' | 'handle' | 'threat' | 'veiledThreat' | 'dehumanising';

/** A contribution as the moderator sees it. */
export interface ModerationItem {
	id: string;
	kind: 'concern' | 'proposal';
	text: string;
	redactedText: string | null;
	status: 'pending' | 'approved' | 'hidden';
	flags: ContributionFlag[];
	/** What the screening saw, for the moderator (staff only, like the flags). */
	reasons: ScreeningReason[];
	moderatorNote: string;
	themeId: string | null;
	proposedRole: string;
	resources: string;
	phase: string;
	/** Sent from a phone's offline queue after the session had left `phase`. */
	late: boolean;
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
	/**
	 * The projector's current secret link (a path with its token) while the session is open; null once it has
	 * closed. Only in this view, which only the session's staff receive.
	 */
	projectorPath?: string | null;
	/** Addresses phones may reach; `chosen` is the one in the join link and QR. */
	addresses: { chosen: string; options: ReachableAddress[] };
	/** Pending contributions, oldest first, with why they were held. */
	moderationQueue: ModerationItem[];
	/** Hidden ones, newest first, so a mistaken hide can be undone. */
	hidden: ModerationItem[];
	wall: ConcernWall;
	themes: { id: string; title: string; answer: string | null; answeredAt: number | null; concerns: number }[];
	/** Proposals (approved), most endorsed first, with their moderation detail and the facilitator's risk note. */
	proposals: ConsoleProposal[];
	suggestions: ThemeSuggestion[];
	participants: {
		/** Phones that joined; null from 1 to the minimum group size − 1 (privacy rule 4). */
		joined: Figure;
		/** Open streams right now, by role; phones as `joined`. */
		connected: { participant: Figure; staff: number; display: number; observer: number };
		/** Phones typing right now (reported by the phones, kept in memory only); as `joined`. */
		typing: Figure;
		/** Phones that hold submissions they could not send yet (reported by the phones, in memory only); as `joined`. */
		queued: Figure;
		/** Phones asking for a pause ("I need a moment"), never which ones: see `PauseRequests`. */
		pauseRequests: PauseRequests;
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
	/** The agreement, consent and closing (always sent by the server; optional for older fixtures). */
	agreement?: ConsoleAgreement;
	/** Once closed: where the outcome report is. */
	reportPath?: string | null;
	/** The speaking round running now (issue 11), with its queue and counts; null when none. */
	speaking?: SpeakingRoundStaffView | null;
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
	/** As in `PublicProposal`: null below the minimum group size. */
	endorsements: Figure;
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
	/**
	 * Phones, on `session.resume` only: the wall and the proposals as they are now, including what was approved
	 * while the session was paused (which no stream carried during the pause).
	 */
	board?: PublicBoard;
}

/** What the room may see of the contributions: the moderated wall and the proposal ranking. */
export interface PublicBoard {
	wall: ConcernWall;
	proposals: PublicProposal[];
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
	/** Ended early (issue 11): phones and the projector get `{ from, to }` only. */
	'session.endEarly': PhaseChange;
	/** Staff only. */
	/** Sent only when the shown figure changes (null below the minimum group size). */
	'participant.joined': { joined: Figure };
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
	'proposal.updated': {
		id: string;
		shortlisted: boolean;
		ownerRole: string;
		tiedTo: TiedTo | null;
		/** Staff only: the facilitator's risk note. */
		staff?: { riskNote: string };
	};
	/** Sent only when the shown figure changes (null below the minimum group size), never once per endorsement. */
	'endorsement.counted': { contributionId: string; endorsements: Figure };
	'response.counted': PromptAggregate;
	'controls.changed': PublicControls & { serverNow: number; join: JoinInfo | null };
	/** Staff only: the projector link changed; projector streams with the old link are closed. */
	'display.rotated': Record<string, never>;
	/** The speaking round changed (issue 11): as the viewer may see it now; logged with the round's id only. */
	'speaking.changed': SpeakingChanged;
}

/** Every logged event type with its `data`: the live session's and the agreement's. */
export type AllEventData = LoggedEventData & AgreementEventData;

export type LoggedEventType = keyof AllEventData;

/**
 * The agreement and closing events, with `data` per type (part of LoggedEventData):
 *
 * - `agreement.changed` (everyone): the whole draft after any change to it, or after it was read back.
 * - `consent.resolved` (staff only): a "cannot live with it" was talked through; never who, never how many.
 * - `closing.changed` (everyone; `staff.ritualNote` for staff): the ritual was recorded or the follow-up date set.
 * - `outcome.ready` (staff only): the session closed and its outcome report is stored.
 * - `session.review` (staff only): a review session started from an earlier agreement.
 */
export interface AgreementEventData {
	'agreement.changed': AgreementDraft;
	'consent.resolved': { version: number; at: number; note: string };
	'closing.changed': { ritualRecorded: boolean; followUpOn: string | null; staff?: { ritualNote: string } };
	'outcome.ready': { sessionId: string; reportPath: string };
	'session.review': { reviewOf: string; commitments: number; capacityReviewId?: string };
}

export type AgreementEventType = keyof AgreementEventData;

/** The JSON in `data:` of a logged event. */
export type StreamEvent = {
	[K in LoggedEventType]: { type: K; seq: number; at: number; data: AllEventData[K] };
}[LoggedEventType];

/**
 * The JSON in `data:` of the stream's own messages, sent without `id:` so they never move the reconnect cursor:
 * `snapshot` first on every (re)connect; `values` (console and projector) whenever the values check may have
 * changed; `room` (projector) when the shown joined or answered count changed; `presence` (console) when the connected or typing counts change.
 */
/**
 * Phones asking for a pause right now (issue 11), as the console may show them: `asked` says that someone asked;
 * `count` is how many, from the minimum group size up, else null ("someone asked"). Never who.
 */
export interface PauseRequests {
	asked: boolean;
	count: Figure;
}

export type StreamMessage =
	| StreamEvent
	| { type: 'snapshot'; seq: number; view: SessionView }
	| { type: 'values'; seq: number; check: ValuesCheck | null; panel: ValuesPanel | null }
	/** Projector: the room's figures, whenever what they show changed. */
	| { type: 'room'; seq: number; room: RoomFigures }
	| {
			type: 'presence';
			connected: { participant: Figure; staff: number; display: number; observer: number };
			typing: Figure;
			queued: Figure;
			pauseRequests: PauseRequests;
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
