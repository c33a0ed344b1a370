/**
 * The outcome report as a document in the reader's language: a title, key facts and sections of paragraphs,
 * tables, lists and values checks. The report page, the PDF and the Markdown export all render this one model,
 * so that they show the same words and the same suppressed figures ("not enough answers", never a number).
 */
import {
	VALUES,
	reasonMessageKey,
	type EndEarlyReason,
	type SessionPhase,
	type ValueState
} from '$lib/dialogue';
import { phaseLabel } from '$lib/components/live/phases';
import { formatDay, formatMoment } from '$lib/format/dates';
import { valueLabel } from '$lib/components/values';
import { CHECK_OUT_PROMPTS, CONSENT_GRADIENTS } from '$lib/live/types';
import { checkOutQuestion } from '$lib/outcome/questions';
import type {
	Block,
	ConsentOutcome,
	FactItem,
	Figure,
	OutcomeDocument,
	OutcomeReport,
	ReportEnding,
	ReportReason,
	Section,
	TimelineEntry
} from '$lib/outcome/types';
import * as messages from '$lib/paraglide/messages';
import { gradientLabel } from '$lib/live/labels';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

type MessageFunction = (params?: Record<string, unknown>) => string;
const lookup = messages as unknown as Record<string, MessageFunction | undefined>;

/** A figure in words: the number, or "not enough answers". */
export function figureText(value: Figure, decimals = 0): string {
	if (value === null) return m.outcome_not_enough();
	return new Intl.NumberFormat(getLocale(), {
		minimumFractionDigits: decimals,
		maximumFractionDigits: decimals
	}).format(value);
}

/**
 * The reader's locale for dates in the document being built (`src/lib/format/dates.ts`). Set by `outcomeDocument`
 * for the length of one synchronous call, so that every section writes dates alike without passing it around.
 */
let dateLocale: string | null = null;

export function momentText(ms: number): string {
	return formatMoment(ms, dateLocale ?? getLocale());
}

/** A calendar day `YYYY-MM-DD` in words, read as a day (never shifted by a time zone). */
export function dayText(day: string | null): string {
	return day ? formatDay(day, dateLocale ?? getLocale()) : m.outcome_not_set();
}

export function stateText(state: ValueState): string {
	return state === 'met'
		? m.outcome_state_met()
		: state === 'overridden'
			? m.outcome_state_overridden()
			: m.outcome_state_unmet();
}

/** A reason of the values check in words; a suppressed one has its own wording, without numbers. */
export function reasonText(reason: ReportReason): string {
	const key = reason.suppressed
		? `outcome_reason_hidden_${reason.code.replaceAll('.', '_')}`
		: reasonMessageKey(reason.code);
	return lookup[key]?.(reason.params) ?? m.outcome_reason_unknown();
}

export { checkOutQuestion };

function promptText(prompt: string): string {
	switch (prompt) {
		case 'checkIn':
			return m.outcome_prompt_checkIn();
		case 'pulse.respected':
			return m.outcome_prompt_respected();
		case 'role.named':
			return m.outcome_prompt_role();
		case 'consent':
			return m.outcome_prompt_consent();
		case 'share':
			return m.outcome_meta_sharing();
		default:
			return prompt;
	}
}

function phase(value: string | undefined): string {
	return value ? phaseLabel(value as SessionPhase) : '';
}

export function timelineText(entry: TimelineEntry): string {
	switch (entry.kind) {
		case 'opened':
			return m.outcome_event_opened();
		case 'advanced':
			return m.outcome_event_advanced({ from: phase(entry.from), to: phase(entry.to) });
		case 'revisited':
			return m.outcome_event_revisited({
				from: phase(entry.from),
				to: phase(entry.to),
				reason: entry.note ?? ''
			});
		case 'paused':
			return entry.note
				? m.outcome_event_paused_reason({ phase: phase(entry.from), reason: entry.note })
				: m.outcome_event_paused({ phase: phase(entry.from) });
		case 'resumed':
			return m.outcome_event_resumed({ phase: phase(entry.to) });
		case 'promptOpened':
			return m.outcome_event_prompt({ prompt: promptText(entry.prompt ?? '') });
		case 'checkOutOpened':
			return m.outcome_event_check_out();
		case 'readBack':
			return m.outcome_event_read_back();
		case 'consentResolved':
			return m.outcome_event_resolved();
		case 'ritualRecorded':
			return m.outcome_event_ritual();
		case 'closed':
			return m.outcome_event_closed();
		case 'endedEarly':
			return m.outcome_event_ended_early({ phase: phase(entry.from) });
	}
}

/** Why a meeting ended early, in words (the note is added by the caller where there is one). */
export function endReasonText(reason: EndEarlyReason): string {
	switch (reason) {
		case 'safety':
			return m.outcome_end_reason_safety();
		case 'tooFewPeople':
			return m.outcome_end_reason_too_few();
		case 'time':
			return m.outcome_end_reason_time();
		case 'other':
			return m.outcome_end_reason_other();
		case 'leftOpen':
			return m.outcome_end_reason_left_open();
	}
}

/** The first section of a report of a meeting that ended early: that it did, why, and how far it got. */
function endedEarlySection(ending: ReportEnding): Section {
	const reason = endReasonText(ending.reason);
	return {
		id: 'endedEarly',
		heading: m.outcome_section_ended_early(),
		blocks: [
			{ kind: 'paragraph', text: m.outcome_ended_early_intro({ phase: phase(ending.phase) }) },
			{
				kind: 'facts',
				items: [
					{ label: m.outcome_ended_early_when(), value: momentText(ending.at) },
					{ label: m.outcome_ended_early_phase(), value: phase(ending.phase) },
					{
						label: m.outcome_ended_early_reason(),
						value: ending.note ? `${reason}: ${ending.note}` : reason
					}
				]
			}
		]
	};
}

function agreementSection(report: OutcomeReport): Section {
	const { agreement } = report;
	const blocks: Block[] = [{ kind: 'paragraph', text: m.outcome_agreement_intro() }];
	if (agreement.commitments.length === 0) {
		blocks.push({ kind: 'paragraph', text: m.outcome_agreement_none() });
	} else {
		blocks.push({
			kind: 'table',
			caption: m.outcome_agreement_caption(),
			head: [
				m.outcome_col_number(),
				m.outcome_col_action(),
				m.outcome_col_owner(),
				m.outcome_col_due(),
				m.outcome_col_review()
			],
			rows: agreement.commitments.map((c, i) => [
				String(i + 1),
				c.action || m.outcome_not_set(),
				c.ownerRole || m.outcome_not_set(),
				dayText(c.dueOn),
				c.reviewHow || m.outcome_not_set()
			])
		});
	}
	blocks.push({
		kind: 'paragraph',
		text:
			agreement.readBackAt !== null
				? m.outcome_agreement_read_back({ when: momentText(agreement.readBackAt) })
				: m.outcome_agreement_not_read_back()
	});
	return { id: 'agreement', heading: m.outcome_section_agreement(), blocks };
}

/** The group's decision in one sentence: always shown, at any group size (privacy rule 4). */
export function consentOutcomeText(outcome: ConsentOutcome): string {
	if (!outcome.held) return m.outcome_consent_not_held();
	if (!outcome.reached) return m.outcome_consent_not_reached();
	return outcome.objectionsRaised
		? m.outcome_consent_reached_after_objections()
		: m.outcome_consent_reached();
}

function consentSection(report: OutcomeReport): Section {
	const { consent } = report;
	const blocks: Block[] = [{ kind: 'paragraph', text: m.outcome_consent_intro() }];
	if (consent.outcome) {
		const decision = [
			consentOutcomeText(consent.outcome),
			...(consent.outcome.override ? [m.outcome_consent_override({ reason: consent.outcome.override })] : [])
		].join(' ');
		blocks.push({ kind: 'facts', items: [{ label: m.outcome_consent_decision(), value: decision }] });
	}
	blocks.push({
		kind: 'table',
		caption: m.outcome_consent_caption(),
		head: [m.outcome_col_answer(), m.outcome_col_people()],
		rows: [
			...CONSENT_GRADIENTS.map((g) => [gradientLabel(g), figureText(consent.spread[g])]),
			[m.outcome_total_answers(), figureText(consent.responses)]
		],
		numeric: [1]
	});
	if (consent.responses === null) {
		blocks.push({ kind: 'paragraph', text: m.outcome_consent_spread_note({ min: report.minGroupSize }) });
	}
	if (consent.resolutions.length > 0) {
		blocks.push({ kind: 'paragraph', text: m.outcome_consent_resolved_title() });
		blocks.push({
			kind: 'list',
			items: consent.resolutions.map((r) => `${momentText(r.at)}: ${r.note}`)
		});
	}
	const sharing = report.sharing;
	if (sharing && sharing.decision !== 'notAsked') {
		blocks.push({ kind: 'paragraph', text: sharingText(report) });
		blocks.push({
			kind: 'paragraph',
			text: m.outcome_share_spread({ yes: figureText(sharing.spread.yes), no: figureText(sharing.spread.no) })
		});
	}
	return { id: 'consent', heading: m.outcome_section_consent(), blocks };
}

function closingSection(report: OutcomeReport): Section {
	const { closing } = report;
	return {
		id: 'closing',
		heading: m.outcome_section_closing(),
		blocks: [
			{
				kind: 'facts',
				items: [
					{
						label: m.outcome_ritual_planned(),
						value: closing.ritualPlanned || m.outcome_ritual_none_planned()
					},
					{
						label: m.outcome_ritual_recorded(),
						value: closing.ritualRecorded
							? [closing.ritualAt !== null ? momentText(closing.ritualAt) : '', closing.ritualNote]
									.filter(Boolean)
									.join(': ') || m.outcome_yes()
							: m.outcome_ritual_not_recorded()
					},
					{ label: m.outcome_meta_follow_up(), value: dayText(closing.followUpOn) }
				]
			}
		]
	};
}

function themesSection(report: OutcomeReport): Section {
	const blocks: Block[] = [{ kind: 'paragraph', text: m.outcome_themes_intro() }];
	if (report.themes.length === 0) blocks.push({ kind: 'paragraph', text: m.outcome_themes_none() });
	else {
		blocks.push({
			kind: 'table',
			caption: m.outcome_themes_caption(),
			head: [m.outcome_col_theme(), m.outcome_col_theme_answer()],
			rows: report.themes.map((t) => [t.title, t.answer ?? m.outcome_theme_unanswered()])
		});
	}
	return { id: 'themes', heading: m.outcome_section_themes(), blocks };
}

function proposalsSection(report: OutcomeReport): Section {
	const blocks: Block[] = [{ kind: 'paragraph', text: m.outcome_proposals_intro() }];
	if (report.proposals.length === 0) blocks.push({ kind: 'paragraph', text: m.outcome_proposals_none() });
	else {
		blocks.push({
			kind: 'table',
			caption: m.outcome_proposals_caption(),
			head: [
				m.outcome_col_proposal(),
				m.outcome_col_role(),
				m.outcome_col_answers_to(),
				m.outcome_col_status(),
				m.outcome_col_support()
			],
			rows: report.proposals.map((p) => [
				p.text,
				p.ownerRole || p.proposedRole || '–',
				p.tiedTo ?? '–',
				p.committed
					? m.outcome_proposal_committed()
					: p.shortlisted
						? m.outcome_proposal_shortlisted()
						: m.outcome_proposal_listed(),
				figureText(p.endorsements)
			]),
			numeric: [4]
		});
		// The facilitator's risk notes, under the table: a judgement in sentences, too long for a cell.
		const risks = report.proposals.filter((p) => p.riskNote);
		if (risks.length > 0) {
			blocks.push({
				kind: 'list',
				items: risks.map((p) => `${p.text} — ${m.outcome_risk_note({ note: p.riskNote ?? '' })}`)
			});
		}
	}
	return { id: 'proposals', heading: m.outcome_section_proposals(), blocks };
}

function valuesSection(report: OutcomeReport): Section {
	const { values } = report;
	const blocks: Block[] = [{ kind: 'paragraph', text: m.outcome_values_intro() }];
	for (const t of values.transitions) {
		blocks.push({
			kind: 'check',
			title: m.outcome_transition_title({ from: phase(t.from), to: phase(t.to) }),
			meta: t.by ? m.outcome_transition_meta({ when: momentText(t.at), name: t.by }) : momentText(t.at),
			values: VALUES.map((value) => {
				const result = t.results[value];
				return {
					value,
					label: valueLabel[value](),
					state: result.state,
					stateLabel: stateText(result.state),
					reasons: result.reasons.map(reasonText),
					override: result.override
				};
			})
		});
	}
	if (values.revisits.length === 0) blocks.push({ kind: 'paragraph', text: m.outcome_revisits_none() });
	else {
		blocks.push({
			kind: 'table',
			caption: m.outcome_revisits_title(),
			head: [m.outcome_col_when(), m.outcome_col_from(), m.outcome_col_to(), m.outcome_col_reason()],
			rows: values.revisits.map((r) => [momentText(r.at), phase(r.from), phase(r.to), r.reason])
		});
	}
	if (values.pauses.length === 0) blocks.push({ kind: 'paragraph', text: m.outcome_pauses_none() });
	else {
		blocks.push({
			kind: 'table',
			caption: m.outcome_pauses_title(),
			head: [m.outcome_col_when(), m.outcome_col_phase(), m.outcome_col_reason(), m.outcome_col_resumed()],
			rows: values.pauses.map((p) => [
				momentText(p.at),
				phase(p.from),
				p.reason ?? '–',
				p.resumedAt !== null ? momentText(p.resumedAt) : m.outcome_not_resumed()
			])
		});
	}
	return { id: 'values', heading: m.outcome_section_values(), blocks };
}

const speakingPurpose = {
	open: m.live_speaking_purpose_name_open,
	checkIn: m.live_speaking_purpose_name_checkIn,
	checkOut: m.live_speaking_purpose_name_checkOut
};

/** A speaking round by what it was for, in the reader's language. */
export function speakingRoundName(purpose: keyof typeof speakingPurpose): string {
	return speakingPurpose[purpose]();
}

/** The speaking rounds held (issue 11): how many turns and passes, never who spoke or what was said. */
function speakingSection(rounds: NonNullable<OutcomeReport['speaking']>): Section {
	const blocks: Block[] =
		rounds.length === 0
			? [{ kind: 'paragraph', text: m.outcome_speaking_none() }]
			: [
					{ kind: 'paragraph', text: m.outcome_speaking_intro() },
					{
						kind: 'table',
						caption: m.outcome_speaking_title(),
						head: [
							m.outcome_speaking_round(),
							m.outcome_speaking_phase(),
							m.outcome_speaking_turns(),
							m.outcome_speaking_passes()
						],
						rows: rounds.map((r) => [
							speakingRoundName(r.purpose),
							phase(r.phase),
							figureText(r.turns),
							figureText(r.passes)
						]),
						numeric: [2, 3]
					}
				];
	return { id: 'speaking', heading: m.outcome_speaking_title(), blocks };
}

function pulsesSection(report: OutcomeReport): Section {
	const { pulses } = report;
	const row = (question: string, result: { responses: Figure; mean: Figure }) => [
		question,
		figureText(result.responses),
		figureText(result.mean, 1)
	];
	return {
		id: 'pulses',
		heading: m.outcome_section_pulses(),
		blocks: [
			{ kind: 'paragraph', text: m.outcome_pulses_intro() },
			{
				kind: 'table',
				caption: m.outcome_pulses_caption(),
				head: [m.outcome_col_question(), m.outcome_col_answers(), m.outcome_col_mean()],
				rows: [
					row(m.outcome_q_checkIn(), pulses.checkIn),
					row(m.outcome_q_respected(), pulses.respected),
					...CHECK_OUT_PROMPTS.map((p) => row(checkOutQuestion(p), pulses.checkOut[p]))
				],
				numeric: [1, 2]
			}
		]
	};
}

function participationSection(report: OutcomeReport): Section {
	const { participation: p } = report;
	return {
		id: 'participation',
		heading: m.outcome_section_participation(),
		blocks: [
			{ kind: 'paragraph', text: m.outcome_participation_intro() },
			{
				kind: 'facts',
				items: [
					{ label: m.outcome_part_joined(), value: figureText(p.joined) },
					{ label: m.outcome_part_affirmed(), value: figureText(p.groundRules.affirmed) },
					{ label: m.outcome_part_objected(), value: figureText(p.groundRules.objected) },
					{ label: m.outcome_part_roles(), value: figureText(p.rolesNamed) },
					{ label: m.outcome_part_submitted(), value: figureText(p.contributions.submitted) },
					{ label: m.outcome_part_approved(), value: figureText(p.contributions.approved) },
					{ label: m.outcome_part_hidden(), value: figureText(p.contributions.hidden) },
					{ label: m.outcome_part_pending(), value: figureText(p.contributions.pending) }
				]
			}
		]
	};
}

function timelineSection(report: OutcomeReport): Section {
	return {
		id: 'timeline',
		heading: m.outcome_section_timeline(),
		blocks: [
			{
				kind: 'table',
				caption: m.outcome_timeline_caption(),
				head: [m.outcome_col_when(), m.outcome_col_event()],
				rows: report.timeline.map((entry) => [momentText(entry.at), timelineText(entry)])
			}
		]
	};
}

/**
 * The whole report as a document in the current language, its dates in `locale` (the reader's variant of that
 * language, `readerLocale` in `src/lib/format/dates.ts`; the page's language when not given).
 */
export function outcomeDocument(report: OutcomeReport, locale?: string): OutcomeDocument {
	dateLocale = locale ?? null;
	try {
		return buildDocument(report);
	} finally {
		dateLocale = null;
	}
}

/** The group's decision on sharing in a sentence; a report from before the question existed was never asked. */
export function sharingText(report: OutcomeReport): string {
	const sharing = report.sharing;
	if (!sharing || sharing.decision === 'notAsked') return m.outcome_share_not_asked();
	if (sharing.decision === 'notAgreed') return m.outcome_share_not_agreed();
	return m.outcome_share_agreed({ partners: sharing.partners.join(', ') });
}

function buildDocument(report: OutcomeReport): OutcomeDocument {
	const facilitators = report.facilitators
		.map((f) => `${f.name} (${f.role === 'lead' ? m.outcome_role_lead() : m.outcome_role_co()})`)
		.join(', ');
	const facts: FactItem[] = [
		{ label: m.outcome_meta_codename(), value: report.codename },
		...(report.place ? [{ label: m.outcome_meta_place(), value: report.place }] : []),
		...(report.communityKind ? [{ label: m.outcome_meta_community(), value: report.communityKind }] : []),
		...(report.openedAt !== null
			? [{ label: m.outcome_meta_opened(), value: momentText(report.openedAt) }]
			: []),
		report.endedEarly
			? { label: m.outcome_meta_ended_early(), value: momentText(report.closedAt) }
			: { label: m.outcome_meta_closed(), value: momentText(report.closedAt) },
		...(report.reviewOf
			? [
					{
						label: m.outcome_meta_review_of(),
						value: report.reviewOf.closedAt !== null ? momentText(report.reviewOf.closedAt) : '–'
					}
				]
			: []),
		{ label: m.outcome_meta_facilitators(), value: facilitators || m.outcome_none() },
		{ label: m.outcome_meta_follow_up(), value: dayText(report.closing.followUpOn) },
		// On the first page of every export: whether the group agreed that it may go outside the group.
		{ label: m.outcome_meta_sharing(), value: sharingText(report) }
	];
	return {
		title: m.outcome_title({ codename: report.codename }),
		subtitle: [report.communityKind, report.place].filter(Boolean).join(' · '),
		facts,
		notice: m.outcome_privacy_notice({ min: report.minGroupSize }),
		sections: [
			...(report.endedEarly ? [endedEarlySection(report.endedEarly)] : []),
			agreementSection(report),
			consentSection(report),
			closingSection(report),
			themesSection(report),
			proposalsSection(report),
			valuesSection(report),
			pulsesSection(report),
			participationSection(report),
			...(report.speaking ? [speakingSection(report.speaking)] : []),
			timelineSection(report)
		]
	};
}

/** The report for the JSON export: as stored, with each reason also in words. */
export function outcomeJson(report: OutcomeReport): unknown {
	return {
		...report,
		values: {
			...report.values,
			transitions: report.values.transitions.map((t) => ({
				...t,
				results: Object.fromEntries(
					VALUES.map((value) => [
						value,
						{
							...t.results[value],
							reasons: t.results[value].reasons.map((r) => ({ ...r, text: reasonText(r) }))
						}
					])
				)
			}))
		}
	};
}
