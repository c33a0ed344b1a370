/**
 * The database schema. Portable SQL on purpose (text ids, integer millisecond timestamps, JSON as text)
 * so that a Postgres schema can follow without rewriting the services.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// ---------------------------------------------------------------------------------------------------------------
// Organisations and staff accounts. Participants never have accounts and never appear in these tables.
// ---------------------------------------------------------------------------------------------------------------

export const organisation = sqliteTable('organisation', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: integer('created_at').notNull()
});

export type StaffRole = 'organiser' | 'facilitator';

/** A staff member (organiser or facilitator). One organisation each; the email is unique across the install. */
export const staffUser = sqliteTable(
	'staff_user',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		/** Stored lower-cased and trimmed. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role').$type<StaffRole>().notNull(),
		/** argon2id hash; null until an invited person has chosen a password. */
		passwordHash: text('password_hash'),
		/** A disabled account cannot sign in; its past actions stay in the audit log. */
		disabledAt: integer('disabled_at'),
		createdAt: integer('created_at').notNull(),
		/** The language Hearth speaks to this person (one of the project's); null: their browser's. */
		language: text('language')
	},
	(t) => [
		uniqueIndex('staff_user_email_unique').on(t.email),
		index('staff_user_org_idx').on(t.organisationId)
	]
);

/** Server-side sign-in sessions. `id` is the SHA-256 of the cookie's token, so a leaked table opens nothing. */
export const authSession = sqliteTable(
	'auth_session',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('auth_session_user_idx').on(t.userId)]
);

/**
 * Browsers a staff member has signed in from with the right password (the `hearth_device` cookie; `id` is the
 * SHA-256 of its token). During an attack on an account, a correct password from one of these is still
 * accepted while other browsers are held back (see auth/rate-limit.ts). Staff only: phones never get one.
 */
export const knownDevice = sqliteTable(
	'known_device',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at').notNull()
	},
	(t) => [index('known_device_user_idx').on(t.userId)]
);

export type OneTimeTokenKind = 'invite' | 'reset';

/** One-time links (invitation, password reset), shown to the organiser since no mail server is assumed. */
export const oneTimeToken = sqliteTable(
	'one_time_token',
	{
		/** SHA-256 of the token in the link. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<OneTimeTokenKind>().notNull(),
		expiresAt: integer('expires_at').notNull(),
		usedAt: integer('used_at'),
		createdBy: text('created_by'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('one_time_token_user_idx').on(t.userId)]
);

/** Who did what, when: staff actions only, readable by the organisation's organisers. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		/** The staff member who acted (null for the system, e.g. retention). */
		actorId: text('actor_id'),
		/** Dotted name, e.g. `dialogue.create`, `member.invite`. */
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		/** Small JSON detail; never content of contributions and never a participant token. */
		detail: text('detail').notNull().default('{}'),
		at: integer('at').notNull()
	},
	(t) => [index('audit_log_org_at_idx').on(t.organisationId, t.at)]
);

// ---------------------------------------------------------------------------------------------------------------
// Dialogues and their preparation.
// ---------------------------------------------------------------------------------------------------------------

export type DialogueStatus = 'preparing' | 'ready' | 'live' | 'closed' | 'archived';

/**
 * A dialogue with one receiving community, under a codename. There is deliberately no column for the returning
 * person's name or offence.
 */
export const dialogue = sqliteTable(
	'dialogue',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		codename: text('codename').notNull(),
		/** Where the community is (neighbourhood, town). */
		place: text('place').notNull().default(''),
		/** Kind of community (neighbourhood, sports club, faith community…). */
		communityKind: text('community_kind').notNull().default(''),
		description: text('description').notNull().default(''),
		status: text('status').$type<DialogueStatus>().notNull().default('preparing'),
		/** DialogueSettings as JSON (thresholds, minimum group size, endorsement cap, retention). */
		settings: text('settings').notNull().default('{}'),
		/**
		 * The language the ground rules and the knowledge pack are written in first (a project locale, e.g. `en`).
		 * Phones in another language are shown a translation when there is one, otherwise this text with a note.
		 */
		mainLocale: text('main_locale').notNull().default('en'),
		createdBy: text('created_by'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('dialogue_org_idx').on(t.organisationId),
		uniqueIndex('dialogue_org_codename_unique').on(t.organisationId, t.codename)
	]
);

export type FacilitatorRole = 'lead' | 'co';

/** Facilitators assigned to a dialogue, each with their impartiality declaration. */
export const dialogueFacilitator = sqliteTable(
	'dialogue_facilitator',
	{
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		role: text('role').$type<FacilitatorRole>().notNull(),
		/** When this facilitator declared impartiality (no conflict of interest, or one disclosed and handled). */
		impartialityDeclaredAt: integer('impartiality_declared_at'),
		/** What the facilitator disclosed (relations to the community, how that is handled); may be empty. */
		impartialityNote: text('impartiality_note').notNull().default(''),
		assignedAt: integer('assigned_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.dialogueId, t.userId] })]
);

/**
 * The community capacity screen. Each save is a new row, so revisiting it later keeps its history; the newest
 * row is the current screen. `answers` is JSON: for each of the paper's four questions an assessment and a list
 * of concerns, each with its mitigation.
 */
export const capacityReview = sqliteTable(
	'capacity_review',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		answers: text('answers').notNull(),
		/** Why it was (re)done: preparation, a later stage, a review session. */
		occasion: text('occasion').notNull().default('preparation'),
		createdBy: text('created_by'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('capacity_review_dialogue_idx').on(t.dialogueId, t.createdAt)]
);

/**
 * The attestation that a recent risk & needs assessment exists: its date and which agency role holds it.
 * There is deliberately no column for its content. Each attestation is kept; the newest counts.
 */
export const riskAttestation = sqliteTable(
	'risk_attestation',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		/** The assessment's date, `YYYY-MM-DD`. */
		assessedOn: text('assessed_on').notNull(),
		/** Which agency role holds it, e.g. "probation officer, regional probation service". */
		holderRole: text('holder_role').notNull(),
		attestedBy: text('attested_by'),
		attestedAt: integer('attested_at').notNull()
	},
	(t) => [index('risk_attestation_dialogue_idx').on(t.dialogueId, t.attestedAt)]
);

export type InformDecision = 'pending' | 'informed' | 'notInforming';

/** Information plan: who in the community needs to know what, when and from whom. */
export const stakeholderGroup = sqliteTable(
	'stakeholder_group',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** What this group is told. */
		message: text('message').notNull().default(''),
		/** When they are told (free text or date). */
		timing: text('timing').notNull().default(''),
		/** By whom (a role, not a name). */
		messenger: text('messenger').notNull().default(''),
		decision: text('decision').$type<InformDecision>().notNull().default('pending'),
		/** Date informed (`YYYY-MM-DD`) when decision is `informed`. */
		informedOn: text('informed_on'),
		/** Why not, when decision is `notInforming`. */
		decisionNote: text('decision_note').notNull().default(''),
		position: integer('position').notNull().default(0),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [index('stakeholder_group_dialogue_idx').on(t.dialogueId)]
);

/** Knowledge pack: short texts and links participants can read on their phones. */
export const knowledgeItem = sqliteTable(
	'knowledge_item',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		url: text('url'),
		position: integer('position').notNull().default(0),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [index('knowledge_item_dialogue_idx').on(t.dialogueId)]
);

/** Ground rules of a dialogue, in order (started from templates, then edited). */
export const groundRule = sqliteTable(
	'ground_rule',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		text: text('text').notNull(),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('ground_rule_dialogue_idx').on(t.dialogueId)]
);

/**
 * Ground rules in other languages than the dialogue's main one: one row per rule and language. A translation
 * belongs to its rule (deleted with it, and so with the dialogue); the main-language text stays in `ground_rule`,
 * so the preparation checks, the projector and the order of the rules are unchanged.
 */
export const groundRuleTranslation = sqliteTable(
	'ground_rule_translation',
	{
		ruleId: text('rule_id')
			.notNull()
			.references(() => groundRule.id, { onDelete: 'cascade' }),
		/** A project locale other than the dialogue's main language. */
		locale: text('locale').notNull(),
		text: text('text').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.ruleId, t.locale] })]
);

/** Knowledge pack items in other languages, one row per item and language (as `ground_rule_translation`). */
export const knowledgeItemTranslation = sqliteTable(
	'knowledge_item_translation',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => knowledgeItem.id, { onDelete: 'cascade' }),
		locale: text('locale').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.locale] })]
);

/** Safety plan and session plan of a dialogue (one row each). */
export const dialoguePlan = sqliteTable('dialogue_plan', {
	dialogueId: text('dialogue_id')
		.primaryKey()
		.references(() => dialogue.id, { onDelete: 'cascade' }),
	// Safety plan
	/** Who may call a pause (roles). */
	pauseBy: text('pause_by').notNull().default(''),
	/** Where someone can step out, and who goes with them. */
	stepOut: text('step_out').notNull().default(''),
	/** Other safety arrangements (support afterwards, emergency contact role). */
	safetyNotes: text('safety_notes').notNull().default(''),
	// Session plan
	openingCeremony: text('opening_ceremony').notNull().default(''),
	closingCeremony: text('closing_ceremony').notNull().default(''),
	/** Seating: inner circle of participants, outer circle of observers without a voice. */
	seating: text('seating').notNull().default(''),
	accessibility: text('accessibility').notNull().default(''),
	/** Date and place of the meeting (free text). */
	scheduledFor: text('scheduled_for').notNull().default(''),
	venue: text('venue').notNull().default(''),
	updatedAt: integer('updated_at').notNull()
});

// ---------------------------------------------------------------------------------------------------------------
// Live sessions.
// ---------------------------------------------------------------------------------------------------------------

/** One live session of a dialogue: the persisted state of its XState machine. */
export const liveSession = sqliteTable(
	'live_session',
	{
		id: text('id').primaryKey(),
		/** The dialogue this session belongs to. */
		dialogueId: text('dialogue_id').references(() => dialogue.id, { onDelete: 'cascade' }),
		/** Version of the dialogue machine that wrote `snapshot`. */
		machineVersion: integer('machine_version').notNull(),
		/** Optimistic concurrency: bumped on every write; a writer with a stale revision loses. */
		revision: integer('revision').notNull().default(0),
		/** `getPersistedSnapshot()` of the machine, as JSON. */
		snapshot: text('snapshot').notNull(),
		/** Denormalised from the snapshot for listing and filtering. */
		phase: text('phase').notNull(),
		/** The last event sequence number taken for this session (gapless, per session). */
		lastSeq: integer('last_seq').notNull().default(0),
		/** Short code phones join with (no ambiguous characters); unique among sessions that are not closed. */
		joinCode: text('join_code'),
		/** SHA-256 of the secret display link's token (projector), null when no link was made. */
		displayTokenHash: text('display_token_hash'),
		/**
		 * The projector link's token itself, so that the session's staff can see the current link again from any
		 * browser. It opens only what the wall shows, all of which this database holds anyway (docs/api.md). Erased
		 * when the session closes or ends early and replaced when the link is made anew; the hash above stays, so
		 * the projector keeps its thank-you screen until retention.
		 */
		displayToken: text('display_token'),
		/**
		 * Per-session key for `voter_key` hashes (endorsement caps, one answer per prompt). Erased when the session
		 * closes, after which no stored row can be tied to a device even with its cookie.
		 */
		voterSecret: text('voter_secret'),
		/** Facilitator's live checklist and controls as JSON (purpose explained, open prompt, timer, join code shown…). */
		controls: text('controls').notNull().default('{}'),
		/** A review session follows up an earlier one of the same dialogue. */
		reviewOf: text('review_of'),
		/**
		 * A review session's first step: the community capacity screen redone for it (occasion "review"), recorded
		 * so that the review shows what the community could carry then, not a link to whatever the screen says now.
		 */
		capacityReviewId: text('capacity_review_id'),
		/** Date of the follow-up review meeting, `YYYY-MM-DD` (set while closing). */
		followUpOn: text('follow_up_on'),
		/** When raw contributions and answers were deleted by retention (the outcome report stays). */
		purgedAt: integer('purged_at'),
		openedAt: integer('opened_at'),
		closedAt: integer('closed_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('live_session_join_code_open_unique')
			.on(t.joinCode)
			.where(sql`${t.closedAt} is null`),
		index('live_session_dialogue_idx').on(t.dialogueId)
	]
);

/**
 * A phone that joined a session. No account, no IP address, no user agent: only the SHA-256 of the random token
 * in its HttpOnly cookie. Nothing a participant submits references this table.
 */
export const participant = sqliteTable(
	'participant',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull(),
		locale: text('locale'),
		joinedAt: integer('joined_at').notNull()
	},
	(t) => [
		uniqueIndex('participant_token_unique').on(t.tokenHash),
		index('participant_session_idx').on(t.sessionId)
	]
);

export type ContributionKind = 'concern' | 'proposal';
export type ContributionStatus = 'pending' | 'approved' | 'hidden';
/** What a facilitator did about a safeguarding concern; `SAFEGUARDING_ACTIONS` in `$lib/live/types` lists them. */
export type SafeguardingAction = 'hiddenOnly' | 'safeguardingLead' | 'police' | 'probation' | 'other';

/**
 * A concern or proposal. Deliberately without any reference to the participant or device that sent it:
 * a phone finds its own submissions by the ids it keeps itself.
 */
export const contribution = sqliteTable(
	'contribution',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<ContributionKind>().notNull(),
		/** The text as submitted (control characters removed); deleted by retention. */
		text: text('text').notNull(),
		/** The phone's idempotency key: a retried submission is stored once. */
		clientRequestId: text('client_request_id').notNull(),
		status: text('status').$type<ContributionStatus>().notNull().default('pending'),
		/** Why it was held for moderation, JSON array: personalData, threat. */
		flags: text('flags').notNull().default('[]'),
		/** A moderator's redacted version, shown instead of the text when set. */
		redactedText: text('redacted_text'),
		moderatorNote: text('moderator_note').notNull().default(''),
		themeId: text('theme_id'),
		/** Proposals: the role the proposer suggests (e.g. "sports club volunteers"), resources needed, risk note. */
		proposedRole: text('proposed_role').notNull().default(''),
		resources: text('resources').notNull().default(''),
		/**
		 * Proposals: what could go wrong and how it is guarded against, written by the facilitator on the console
		 * (a professional judgement that may draw on the risk assessment; phones do not write it).
		 */
		riskNote: text('risk_note').notNull().default(''),
		/** Proposals: on the shortlist, with a volunteer owner role and the theme or need it answers. */
		shortlisted: integer('shortlisted', { mode: 'boolean' }).notNull().default(false),
		ownerRole: text('owner_role').notNull().default(''),
		tiedTo: text('tied_to').notNull().default(''),
		/** The phase it was submitted in. */
		phase: text('phase').notNull(),
		/**
		 * Written on a phone in `phase` but received after the session moved on (the phone was offline): kept in
		 * that phase's list and shown to the facilitator as arriving late.
		 */
		late: integer('late', { mode: 'boolean' }).notNull().default(false),
		createdAt: integer('created_at').notNull(),
		moderatedAt: integer('moderated_at'),
		moderatedBy: text('moderated_by'),
		/**
		 * The session sequence number at which it last came onto the wall (approved from pending or hidden). Text
		 * shown during a pause reaches the room only after the pause: the sequence, not a clock, says which.
		 */
		shownSeq: integer('shown_seq')
	},
	(t) => [
		uniqueIndex('contribution_request_unique').on(t.sessionId, t.clientRequestId),
		index('contribution_session_status_idx').on(t.sessionId, t.status)
	]
);

/**
 * A contribution recorded as a safeguarding concern (issue 11): a threat to someone's safety is not kept
 * confidential. A copy of the text with when, in which phase, who recorded it, what was done and a note; seen by the
 * dialogue's facilitators and the organisation's organisers only. Never linked to a phone (no participant id), and
 * kept under its own retention period (`retainUntil`, from the dialogue's `safeguardingRetentionDays`), not the raw
 * data's: the contribution itself is deleted with the session's raw data, this record is not.
 */
export const safeguardingRecord = sqliteTable(
	'safeguarding_record',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		/**
		 * Deleting the dialogue (an organiser's explicit act, re-applied on restore) deletes its records too: a
		 * record nobody can reach is a liability, not a safeguard. The review page says so before deleting.
		 */
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		dialogueCodename: text('dialogue_codename').notNull(),
		sessionId: text('session_id').references(() => liveSession.id, { onDelete: 'set null' }),
		/** The contribution it copies, until retention deletes that; one record per contribution. */
		contributionId: text('contribution_id').references(() => contribution.id, { onDelete: 'set null' }),
		kind: text('kind').$type<ContributionKind>().notNull(),
		text: text('text').notNull(),
		/** What the screening saw in it, JSON array of reasons (may be empty: the facilitator saw it). */
		reasons: text('reasons').notNull().default('[]'),
		phase: text('phase').notNull(),
		contributedAt: integer('contributed_at').notNull(),
		recordedBy: text('recorded_by').references(() => staffUser.id, { onDelete: 'set null' }),
		recordedByName: text('recorded_by_name').notNull(),
		recordedAt: integer('recorded_at').notNull(),
		/** What was done: hidden only, passed to the safeguarding lead, reported to the police, told probation, other. */
		action: text('action').$type<SafeguardingAction>().notNull(),
		note: text('note').notNull().default(''),
		retainUntil: integer('retain_until').notNull()
	},
	(t) => [
		uniqueIndex('safeguarding_contribution_unique').on(t.contributionId),
		index('safeguarding_organisation_idx').on(t.organisationId, t.recordedAt),
		index('safeguarding_retain_idx').on(t.retainUntil)
	]
);

/** A theme grouping concerns, answered by the facilitator. */
export const theme = sqliteTable(
	'theme',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** The facilitator's answer (from the knowledge pack), shown when the theme is marked answered. */
		answer: text('answer').notNull().default(''),
		answeredAt: integer('answered_at'),
		position: integer('position').notNull().default(0),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('theme_session_idx').on(t.sessionId)]
);

/** An endorsement of a proposal. `voterKey` is an HMAC under the session's voter secret, nulled at close. */
export const endorsement = sqliteTable(
	'endorsement',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		contributionId: text('contribution_id')
			.notNull()
			.references(() => contribution.id, { onDelete: 'cascade' }),
		voterKey: text('voter_key'),
		clientRequestId: text('client_request_id').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		uniqueIndex('endorsement_request_unique').on(t.sessionId, t.clientRequestId),
		uniqueIndex('endorsement_voter_unique').on(t.contributionId, t.voterKey),
		index('endorsement_session_idx').on(t.sessionId)
	]
);

/**
 * An answer to a prompt: ground-rules affirmation, check-in, pulse questions, consent, check-out. One per voter
 * and prompt (a new answer replaces the old). `voterKey` as for endorsements.
 */
export const response = sqliteTable(
	'response',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		prompt: text('prompt').notNull(),
		value: text('value').notNull(),
		voterKey: text('voter_key'),
		clientRequestId: text('client_request_id').notNull(),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		/**
		 * The session sequence number of the answer's last change: whether it came after a resolution is told by
		 * the sequence, never by a clock that may have been set back.
		 */
		answeredSeq: integer('answered_seq')
	},
	(t) => [
		uniqueIndex('response_request_unique').on(t.sessionId, t.clientRequestId),
		uniqueIndex('response_voter_unique').on(t.sessionId, t.prompt, t.voterKey),
		index('response_session_prompt_idx').on(t.sessionId, t.prompt)
	]
);

/** Append-only log of everything that happened in a session, in per-session order. */
export const sessionEvent = sqliteTable(
	'session_event',
	{
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		type: text('type').notNull(),
		/** Event payload as JSON; never holds a participant token. */
		payload: text('payload')
			.notNull()
			.default(sql`'{}'`),
		/** Who may read this event on a live stream: 'all' | 'staff'. */
		audience: text('audience').notNull().default('all'),
		/** Staff member who caused it, if any. */
		actorId: text('actor_id'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.seq] })]
);

/** Bookkeeping for start-up and maintenance jobs (e.g. the last retention sweep). */
export const meta = sqliteTable(
	'meta',
	{
		key: text('key').notNull(),
		value: text('value').notNull()
	},
	(t) => [uniqueIndex('meta_key_unique').on(t.key)]
);

// ---------------------------------------------------------------------------------------------------------------
// Agreement, outcome and follow-up. These outlive the raw contributions: retention deletes contributions,
// endorsements and responses, never commitments or the stored outcome report.
// ---------------------------------------------------------------------------------------------------------------

export type CommitmentStatus = 'planned' | 'inProgress' | 'done' | 'notDone';

/** A SMART commitment of the agreed role: a specific action, a responsible role (never a person), a due date. */
export const commitment = sqliteTable(
	'commitment',
	{
		id: text('id').primaryKey(),
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		/** The shortlisted proposal it came from, while that still exists. */
		proposalId: text('proposal_id').references(() => contribution.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		/** A role ("football club board", "neighbourhood social worker"), never a participant's identity. */
		ownerRole: text('owner_role').notNull(),
		/** `YYYY-MM-DD`. */
		dueOn: text('due_on'),
		/** How it will be reviewed (at the review meeting, by the social worker, …). */
		reviewHow: text('review_how').notNull().default(''),
		status: text('status').$type<CommitmentStatus>().notNull().default('planned'),
		statusNote: text('status_note').notNull().default(''),
		statusChangedAt: integer('status_changed_at'),
		position: integer('position').notNull().default(0),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('commitment_session_idx').on(t.sessionId),
		index('commitment_dialogue_idx').on(t.dialogueId),
		// Deleting a contribution sets its commitments' proposal to null: without this index SQLite read the whole
		// table for every contribution a retention purge deleted (found with scripts/bench/query-plans.js).
		index('commitment_proposal_idx').on(t.proposalId)
	]
);

/**
 * The outcome report of a closed session, built once at closing from the raw data (small-group suppression
 * applied) and kept after retention has deleted that raw data. JSON; no participant identifier in it.
 */
export const outcomeReport = sqliteTable(
	'outcome_report',
	{
		sessionId: text('session_id')
			.primaryKey()
			.references(() => liveSession.id, { onDelete: 'cascade' }),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		content: text('content').notNull(),
		generatedAt: integer('generated_at').notNull()
	},
	(t) => [index('outcome_report_dialogue_idx').on(t.dialogueId)]
);

/** `PARTNER_KINDS` in `$lib/validation/follow-up` lists them. */
export type PartnerKind = 'housing' | 'employer' | 'club' | 'faith' | 'other';

/**
 * An alliance partner of the follow-up (issue 11): an organisation in the community that helps carry the agreement
 * (a housing association, an employer, a club, a faith group). A role and an organisation, never a person's name:
 * the service refuses what looks like one.
 */
export const alliancePartner = sqliteTable(
	'alliance_partner',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<PartnerKind>().notNull(),
		/** The role there that the follow-up works with ("tenancy officer", "youth coach"). */
		role: text('role').notNull(),
		organisation: text('organisation').notNull(),
		createdBy: text('created_by'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('alliance_partner_dialogue_idx').on(t.dialogueId, t.createdAt)]
);

/** `MILESTONE_STATUSES` in `$lib/validation/follow-up` lists them. */
export type MilestoneStatus = 'planned' | 'reached' | 'missed';

/** A milestone of the follow-up: a date, what should have happened by then, and whether it did. */
export const milestone = sqliteTable(
	'milestone',
	{
		id: text('id').primaryKey(),
		dialogueId: text('dialogue_id')
			.notNull()
			.references(() => dialogue.id, { onDelete: 'cascade' }),
		/** `YYYY-MM-DD`. */
		dueOn: text('due_on').notNull(),
		what: text('what').notNull(),
		status: text('status').$type<MilestoneStatus>().notNull().default('planned'),
		statusChangedAt: integer('status_changed_at'),
		createdBy: text('created_by'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('milestone_dialogue_idx').on(t.dialogueId, t.dueOn)]
);
