/**
 * Input rules of the live session's JSON API, shared by the phones (to check before queueing a submission) and
 * the server (to check at the edge). Texts are cleaned first (Unicode normalised, control and invisible
 * characters removed, trimmed) and measured after cleaning; HTML is kept as typed, since it is only ever shown
 * as text. Messages are translated sentences, produced at parse time in the request's language.
 */
import * as v from 'valibot';
import { FACILITATOR_END_REASONS, LIVE_PHASES, PHASES, VALUES } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { SPEAKER_KINDS, SPEAKING_BAR_MAX_SECONDS, SPEAKING_PURPOSES } from './speaking';
import { cleanLine, cleanText } from '$lib/validation/fields';
import { isCalendarDate } from '$lib/validation/fields';
import {
	AFFIRM_VALUES,
	CHECK_IN_WORD_MAX,
	COMMITMENT_ACTION_MAX,
	COMMITMENT_REVIEW_MAX,
	COMMITMENT_ROLE_MAX,
	CONSENT_GRADIENTS,
	CONTRIBUTION_MAX,
	OPEN_PROMPT_CHOICES,
	PROMPTS,
	PROPOSAL_FIELD_MAX,
	RISK_NOTE_MAX,
	ROLE_NAME_MAX,
	SAFEGUARDING_ACTIONS,
	SHARE_VALUES,
	type Prompt
} from './types';

/** Characters as a person counts them (an emoji is one), not UTF-16 units. */
export function characterCount(value: string): number {
	return [...value].length;
}

/** At most `max` characters as a person counts them (after cleaning). */
function atMost(max: number) {
	return v.check(
		(s: string) => characterCount(s) <= max,
		(issue) => m.live_field_too_long({ max, count: characterCount(String(issue.input)) })
	);
}

/** Not empty (after cleaning). */
const filled = v.check(
	(s: string) => s.length > 0,
	() => m.live_field_required()
);

/** A text cleaned by `clean` (`cleanText` keeps line breaks, `cleanLine` makes one line), at most `max` long. */
function cleaned(clean: (value: string) => string, max: number) {
	return v.pipe(
		v.string(() => m.live_field_text()),
		v.transform(clean),
		atMost(max)
	);
}

/** A required multi-line text of 1–`max` characters after cleaning. */
function requiredText(max: number) {
	// An empty text is never too long, so checking it is filled after its length reports the same problems.
	return v.pipe(cleaned(cleanText, max), filled);
}

/** An optional one-line text of at most `max` characters ('' when left out). */
function optionalLine(max: number) {
	return v.pipe(
		v.optional(
			v.string(() => m.live_field_text()),
			''
		),
		v.transform(cleanLine),
		atMost(max)
	);
}

/** A required one-line text of 1–`max` characters. */
function requiredLine(max: number) {
	// An empty text is never too long, so checking it is filled after its length reports the same problems.
	return v.pipe(cleaned(cleanLine, max), filled);
}

/** The phone's idempotency key: any opaque id of 8–100 URL-safe characters (a UUID is typical). */
export const clientRequestIdField = v.pipe(
	v.string(() => m.live_field_request_id()),
	v.regex(/^[A-Za-z0-9_-]{8,100}$/, () => m.live_field_request_id())
);

/** Ids the server handed out (UUIDs), checked loosely: an unknown id is a 404, not a format error. */
const idField = v.pipe(
	v.string(() => m.live_field_id()),
	v.regex(/^[A-Za-z0-9_-]{1,100}$/, () => m.live_field_id())
);

// ---------------------------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------------------------

/** The join-code alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B and friends, so a code read off a wall is typed right. */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY3467';
export const JOIN_CODE_LENGTH = 6;

/** What a person typed as a join code, as stored: upper case, without spaces or dashes. */
export function normaliseJoinCode(value: string): string {
	return value.toUpperCase().replace(/[\s-]+/g, '');
}

export const joinSchema = v.object(
	{
		code: v.pipe(
			v.string(() => m.live_field_code()),
			v.transform(normaliseJoinCode),
			v.check(
				(s) => s.length > 0,
				() => m.live_field_required()
			),
			v.check(
				(s) => s.length <= 20,
				() => m.live_field_code()
			)
		)
	},
	() => m.live_field_object()
);
export type JoinInput = v.InferOutput<typeof joinSchema>;

export const contributionSchema = v.object(
	{
		kind: v.picklist(['concern', 'proposal'], () => m.live_field_kind()),
		text: requiredText(CONTRIBUTION_MAX),
		clientRequestId: clientRequestIdField,
		proposedRole: optionalLine(PROPOSAL_FIELD_MAX),
		resources: optionalLine(PROPOSAL_FIELD_MAX),
		/**
		 * Where the phone was when the person pressed Send: the phase and the last event it had seen. A concern sent
		 * from an offline queue after the facilitator moved on is accepted into that phase's list, marked late.
		 */
		writtenIn: v.optional(
			v.object(
				{
					phase: v.picklist(LIVE_PHASES, () => m.live_field_phase()),
					seq: v.pipe(v.number(), v.integer(), v.minValue(0))
				},
				() => m.live_field_object()
			)
		)
	},
	() => m.live_field_object()
);
export type ContributionInput = v.InferOutput<typeof contributionSchema>;

export const endorsementSchema = v.object(
	{ contributionId: idField, clientRequestId: clientRequestIdField },
	() => m.live_field_object()
);
export type EndorsementInput = v.InferOutput<typeof endorsementSchema>;

/**
 * The stored form of an answer to `prompt`, or null when it is not a valid answer: `yes`/`object` for the ground
 * rules; 1–5 for pulses; a number 1–5 or a short word (at most three words) for the check-in; a role in words.
 */
export function normaliseAnswer(prompt: Prompt, value: unknown): string | null {
	const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? cleanLine(value) : null;
	if (raw === null || raw === '') return null;
	switch (prompt) {
		case 'groundRules.affirm':
			return (AFFIRM_VALUES as readonly string[]).includes(raw) ? raw : null;
		case 'pulse.respected':
			return /^[1-5]$/.test(raw) ? raw : null;
		case 'checkIn':
			if (/^[1-5]$/.test(raw)) return raw;
			if (/^\d+$/.test(raw)) return null;
			return characterCount(raw) <= CHECK_IN_WORD_MAX && raw.split(' ').length <= 3 ? raw : null;
		case 'role.named':
			return characterCount(raw) <= ROLE_NAME_MAX ? raw : null;
		case 'consent':
			return (CONSENT_GRADIENTS as readonly string[]).includes(raw) ? raw : null;
		case 'share':
			return (SHARE_VALUES as readonly string[]).includes(raw) ? raw : null;
		case 'checkOut.safe':
		case 'checkOut.heard':
		case 'checkOut.respected':
		case 'checkOut.fair':
		case 'checkOut.nextSteps':
		case 'checkOut.recommend':
			return /^[1-5]$/.test(raw) ? raw : null;
	}
}

function answerMessage(prompt: Prompt): string {
	switch (prompt) {
		case 'groundRules.affirm':
			return m.live_field_affirm();
		case 'pulse.respected':
			return m.live_field_scale();
		case 'checkIn':
			return m.live_field_check_in({ max: CHECK_IN_WORD_MAX });
		case 'role.named':
			return m.live_field_role({ max: ROLE_NAME_MAX });
		case 'consent':
			return m.outcome_field_consent();
		case 'share':
			return m.live_field_share();
		case 'checkOut.safe':
		case 'checkOut.heard':
		case 'checkOut.respected':
		case 'checkOut.fair':
		case 'checkOut.nextSteps':
		case 'checkOut.recommend':
			return m.live_field_scale();
	}
}

/** A draft version of the agreement as a client saw it (consent is given on one version). */
const draftVersionField = v.pipe(
	v.number(() => m.outcome_field_draft_version()),
	v.integer(() => m.outcome_field_draft_version()),
	v.minValue(0, () => m.outcome_field_draft_version())
);

export const responseSchema = v.pipe(
	v.object(
		{
			prompt: v.picklist(PROMPTS, () => m.live_field_prompt()),
			value: v.union([v.string(), v.number()], () => m.live_field_text()),
			clientRequestId: clientRequestIdField,
			/** Consent only: the agreement draft version the phone showed (a changed draft asks again). */
			draftVersion: v.optional(draftVersionField)
		},
		() => m.live_field_object()
	),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const { prompt, value, clientRequestId, draftVersion } = dataset.value;
		const answer = normaliseAnswer(prompt, value);
		if (answer === null) {
			addIssue({
				message: answerMessage(prompt),
				path: [
					{ type: 'object', origin: 'value', input: dataset.value, key: 'value', value: dataset.value.value }
				]
			});
			return NEVER;
		}
		if (prompt === 'consent' && draftVersion === undefined) {
			addIssue({
				message: m.outcome_field_draft_version(),
				path: [
					{ type: 'object', origin: 'value', input: dataset.value, key: 'draftVersion', value: undefined }
				]
			});
			return NEVER;
		}
		return prompt === 'consent'
			? { prompt, value: answer, clientRequestId, draftVersion }
			: { prompt, value: answer, clientRequestId };
	})
);
export type ResponseInput = v.InferOutput<typeof responseSchema>;

/** `queued`: the phone holds submissions it could not send yet (told so the facilitator waits before moving on). */
/** `POST /sessions/{id}/pause-request`: a phone asks for a pause, or takes its request back. */
export const pauseRequestSchema = v.object({ asking: v.boolean(() => m.live_field_object()) }, () =>
	m.live_field_object()
);

/**
 * `POST /sessions/{id}/speaking` (issue 11, the talking piece): "I'd like to speak" as someone, by a first name or by
 * a seat number, or "pass". The label is checked by the server (`phones/speaking.ts`), with a field message.
 */
export const speakingSchema = v.variant(
	'action',
	[
		v.object(
			{
				action: v.literal('ask'),
				roundId: idField,
				kind: v.picklist(SPEAKER_KINDS, () => m.live_field_speaker_kind()),
				label: v.optional(
					v.pipe(
						v.string(() => m.live_field_speaker_name()),
						v.maxLength(200, () => m.live_field_speaker_name())
					)
				)
			},
			() => m.live_field_object()
		),
		v.object({ action: v.literal('pass'), roundId: idField }, () => m.live_field_object())
	],
	() => m.live_field_object()
);

/** The projector's gentle bar for a turn: its length in seconds, or none. */
const barSeconds = v.optional(
	v.nullable(
		v.pipe(
			v.number(() => m.live_field_duration()),
			v.integer(() => m.live_field_duration()),
			v.minValue(10, () => m.live_field_duration()),
			v.maxValue(SPEAKING_BAR_MAX_SECONDS, () => m.live_field_duration())
		)
	),
	null
);

/** A phone's language: one of the project's. */
export const languageSchema = v.object({ language: v.picklist(locales, () => m.live_field_language()) }, () =>
	m.live_field_object()
);

export const typingSchema = v.object(
	{
		typing: v.boolean(() => m.live_field_object()),
		queued: v.optional(v.boolean(() => m.live_field_object()))
	},
	() => m.live_field_object()
);

// ---------------------------------------------------------------------------------------------------------------
// Facilitator commands
// ---------------------------------------------------------------------------------------------------------------

/** An override is professional judgement in words: present but blank is refused, not silently ignored. */
const overrideText = v.optional(
	v.pipe(
		v.string(() => m.live_field_text()),
		v.transform(cleanText),
		v.check(
			(s) => s.length > 0,
			() => m.live_field_override_blank()
		),
		v.check(
			(s) => characterCount(s) <= 2000,
			(issue) => m.live_field_too_long({ max: 2000, count: characterCount(String(issue.input)) })
		)
	)
);

const revision = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));

/**
 * The phase the console showed when the facilitator pressed the button. A move is about that phase: once the
 * session left it (another console, a double click), the move is refused with a 409 rather than applied to
 * whatever phase came next.
 */
const fromPhase = v.picklist([...PHASES, 'paused'] as const, () => m.live_field_phase());

const idList = v.pipe(
	v.array(idField, () => m.live_field_id()),
	v.minLength(1, () => m.live_field_required()),
	v.maxLength(500, () => m.live_field_id())
);

const contributionRef = { contributionId: idField };

/** A cleaned multi-line text of at most `max` characters, or undefined when left out. */
function maybeText(max: number) {
	return v.optional(cleaned(cleanText, max));
}

/** A cleaned one-line text of at most `max` characters, or undefined when left out. */
function maybeLine(max: number) {
	return v.optional(cleaned(cleanLine, max));
}

/** A calendar day `YYYY-MM-DD`; '' or null means "none". Output: the day or null. */
const dayValue = v.pipe(
	v.nullable(v.string(() => m.outcome_field_date())),
	v.transform((s) => cleanLine(s ?? '')),
	v.check(
		(s) => s === '' || (isCalendarDate(s) && s >= '2000-01-01'),
		() => m.outcome_field_date()
	),
	v.transform((s) => (s === '' ? null : s))
);

/**
 * Commitment fields as the facilitator types them. Each may be left out: on `add` it starts empty, on `update`
 * it stays as it is. An empty action, role or date is allowed in the draft; the values check counts it.
 */
const commitmentFields = {
	action: maybeText(COMMITMENT_ACTION_MAX),
	ownerRole: maybeLine(COMMITMENT_ROLE_MAX),
	dueOn: v.optional(dayValue),
	reviewHow: maybeLine(COMMITMENT_REVIEW_MAX)
};

/** The draft version the console showed: a change made meanwhile by someone else is a 409, not overwritten. */
const expectedVersion = v.optional(draftVersionField);

function command<const T extends string, E extends v.ObjectEntries>(type: T, entries: E) {
	return v.object({ type: v.literal(type), ...entries }, () => m.live_field_object());
}

export const commandSchema = v.variant(
	'type',
	[
		command('phase.advance', {
			overrides: v.optional(
				v.object(
					Object.fromEntries(VALUES.map((value) => [value, overrideText])) as Record<
						(typeof VALUES)[number],
						typeof overrideText
					>,
					() => m.live_field_object()
				)
			),
			from: fromPhase,
			expectedRevision: revision,
			/**
			 * The last event the console had when the facilitator pressed advance: contributions that reached the
			 * queue after it were never on their screen, so they do not hold the meeting back (they stay queued).
			 */
			seenSeq: revision
		}),
		command('phase.revisit', {
			phase: v.picklist(LIVE_PHASES, () => m.live_field_phase()),
			reason: requiredText(2000),
			from: fromPhase,
			expectedRevision: revision
		}),
		command('session.pause', { reason: optionalLine(500) }),
		command('session.resume', {}),
		// Ending the meeting early (issue 11): irreversible; "other" needs a note, checked with a field message.
		command('session.endEarly', {
			reason: v.picklist(FACILITATOR_END_REASONS, () => m.live_field_end_reason()),
			note: optionalLine(500)
		}),
		// The facilitator has seen the phones' "I need a moment" and decided not to pause (issue 11).
		command('pauseRequests.seen', {}),
		command('contribution.approve', { ...contributionRef, themeId: v.optional(idField) }),
		command('contribution.hide', { ...contributionRef, note: optionalLine(500) }),
		// A flood in the queue (issue 9): several at once, or everything the screening flagged.
		command('contributions.hide', { contributionIds: idList, note: optionalLine(500) }),
		command('contributions.hideFlagged', { note: optionalLine(500) }),
		// Everything waiting that the screening did not flag; what arrived after `seenSeq` stays waiting.
		command('contributions.approveUnflagged', { seenSeq: revision }),
		// The safeguarding route (issue 11): hidden from the room and recorded for staff, with what was done.
		command('contribution.safeguard', {
			...contributionRef,
			action: v.picklist(SAFEGUARDING_ACTIONS, () => m.live_field_safeguarding_action()),
			note: optionalLine(1000)
		}),
		command('contribution.redact', {
			...contributionRef,
			text: requiredText(CONTRIBUTION_MAX),
			note: optionalLine(500)
		}),
		command('theme.create', { title: requiredLine(120), contributionIds: v.optional(idList) }),
		command('theme.assign', { themeId: v.nullable(idField), contributionIds: idList }),
		command('theme.merge', { themeIds: idList, into: idField }),
		command('theme.rename', { themeId: idField, title: requiredLine(120) }),
		command('theme.answer', { themeId: idField, note: requiredText(2000) }),
		command('theme.suggest', {}),
		command('proposal.shortlist', { ...contributionRef, shortlisted: v.optional(v.boolean(), true) }),
		command('proposal.owner', { ...contributionRef, ownerRole: optionalLine(120) }),
		command('proposal.risk', { ...contributionRef, riskNote: optionalLine(RISK_NOTE_MAX) }),
		command('proposal.tie', {
			...contributionRef,
			themeId: v.optional(v.nullable(idField)),
			need: optionalLine(300)
		}),
		command('purpose.explained', { explained: v.optional(v.boolean(), true) }),
		command('objections.resolved', {}),
		command('prompt.open', { prompt: v.picklist(OPEN_PROMPT_CHOICES, () => m.live_field_prompt()) }),
		command('prompt.close', {}),
		command('spotlight.set', {
			kind: v.picklist(['theme', 'contribution'] as const, () => m.live_field_id()),
			id: idField
		}),
		command('spotlight.clear', {}),
		command('timer.start', {
			durationSeconds: v.optional(
				v.pipe(
					v.number(() => m.live_field_duration()),
					v.integer(() => m.live_field_duration()),
					v.minValue(1, () => m.live_field_duration()),
					v.maxValue(4 * 60 * 60, () => m.live_field_duration())
				)
			)
		}),
		command('timer.pause', {}),
		command('timer.reset', {}),
		command('join.show', {}),
		command('join.hide', {}),
		command('door.close', {}),
		command('door.open', {}),
		// "Return to our ground rules": on the projector over everything, and off again (issue 11).
		command('groundRules.show', {}),
		command('groundRules.hide', {}),
		command('display.rotate', {}),
		// The projector's languages (issue 12): one of the project's, and a second one beneath it, or none.
		command('display.languages', {
			first: v.picklist(locales, () => m.live_field_language()),
			second: v.optional(v.nullable(v.picklist(locales, () => m.live_field_language())), null)
		}),
		command('address.choose', { origin: requiredLine(200) }),
		// The agreement (issue 5): commitments, read-back, consent, closing.
		command('agreement.commitment.add', {
			proposalId: v.optional(idField),
			...commitmentFields,
			expectedVersion
		}),
		command('agreement.commitment.update', { commitmentId: idField, ...commitmentFields, expectedVersion }),
		command('agreement.commitment.remove', { commitmentId: idField, expectedVersion }),
		command('agreement.commitment.move', {
			commitmentId: idField,
			position: v.pipe(
				v.number(() => m.outcome_field_position()),
				v.integer(() => m.outcome_field_position()),
				v.minValue(0, () => m.outcome_field_position())
			),
			expectedVersion
		}),
		command('agreement.readBack', { version: draftVersionField }),
		command('consent.open', {}),
		command('consent.close', {}),
		// The draft version and the number of resolutions the console showed: a second press (or a second console)
		// finds one more resolution than it saw and is refused instead of recording the same talk twice.
		command('consent.resolve', {
			note: requiredText(1000),
			version: draftVersionField,
			resolutions: v.pipe(
				v.number(() => m.live_field_resolutions()),
				v.integer(() => m.live_field_resolutions()),
				v.minValue(0, () => m.live_field_resolutions())
			)
		}),
		// The speaking round (issue 11, the talking piece). A pass names the holder the console showed (`from`).
		command('speaking.start', {
			purpose: v.optional(
				v.picklist(SPEAKING_PURPOSES, () => m.live_field_speaking_purpose()),
				'open'
			),
			barSeconds
		}),
		command('speaking.pass', { roundId: idField, from: v.nullable(idField) }),
		command('speaking.bar', { roundId: idField, barSeconds }),
		command('speaking.end', { roundId: idField }),
		command('checkOut.open', {}),
		command('checkOut.close', {}),
		command('closing.ritualRecorded', { note: maybeText(1000) }),
		command('closing.followUp', { date: dayValue })
	],
	() => m.live_field_command()
);
export type Command = v.InferOutput<typeof commandSchema>;
export type CommandType = Command['type'];
