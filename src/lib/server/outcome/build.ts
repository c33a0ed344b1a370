/**
 * Builds the outcome report of a session from its raw data and the machine's record of the meeting (every
 * accepted values check with its overrides, revisits and pauses). Runs inside the transaction that closes the
 * session, before the voter keys are erased, and again by retention for a closed session that has none yet.
 * Every figure goes through the small-group safeguard in `suppression.ts`; no participant identifier, token,
 * voter key or client request id is read into it, and no concern text either.
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { normaliseSettings, VALUES, type DialogueContext, type Value } from '$lib/dialogue';
import {
	CHECK_OUT_PROMPTS,
	CONSENT_GRADIENTS,
	type CheckOutPrompt,
	type ConsentGradient
} from '$lib/live/types';
import {
	OUTCOME_FORMAT,
	OUTCOME_VERSION,
	type ConsentOutcome,
	type OutcomeReport,
	type PulseResult,
	type ReportProposal,
	type ReportSharing,
	type ReportTransition,
	type ReportValueResult,
	type TimelineEntry
} from '$lib/outcome/types';
import { contribution, dialogue, dialogueFacilitator, liveSession, staffUser, theme } from '../db/schema';
import { planOf } from '../dialogues/plans';
import { readSettings } from '../dialogues/settings';
import { commitmentRows, consentTally } from '../live/commands/agreement';
import { sharePartners } from '../live/views/share';
import { answerCounts, scaleMean } from '../live/views/aggregates';
import { endorsementCounts, themeTitles, participantCount } from '../live/views/reads';
import { decodeTiedTo } from '../live/views/shapes';
import { parseControls, type Reader } from '../live/store';
import { readEvents } from '../sessions/service';
import { countFigure, partition, questionMean, suppressReason } from '$lib/privacy/small-groups';

export class ReportSourceError extends Error {
	override name = 'ReportSourceError';
}

function staffNames(db: Reader, ids: (string | null)[]): Map<string, string> {
	const wanted = [...new Set(ids.filter((id): id is string => !!id))];
	if (wanted.length === 0) return new Map();
	return new Map(
		db
			.select({ id: staffUser.id, name: staffUser.name })
			.from(staffUser)
			.where(inArray(staffUser.id, wanted))
			.all()
			.map((row) => [row.id, row.name])
	);
}

function supportRank(p: { endorsements: number | null }): number {
	return p.endorsements === null ? 0.5 : p.endorsements;
}

function pulse(values: Map<string, number> | undefined, minGroupSize: number): PulseResult {
	let responses = 0;
	for (const n of values?.values() ?? []) responses += n;
	const scale = scaleMean(values);
	return {
		responses: countFigure(responses, minGroupSize),
		mean: questionMean(responses, scale, minGroupSize)
	};
}

/** Which prompts the facilitator opened and when, from the log (`controls.changed`). */
function promptTimeline(db: Reader, sessionId: string): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	let openPrompt: unknown = null;
	let checkOutOpen = false;
	for (let after = 0; ;) {
		const page = readEvents(db, sessionId, after, 1000);
		for (const event of page) {
			if (event.type !== 'controls.changed') continue;
			const payload = (event.payload ?? {}) as { openPrompt?: unknown; checkOutOpen?: unknown };
			if (typeof payload.openPrompt === 'string' && payload.openPrompt !== openPrompt) {
				entries.push({ at: event.createdAt, kind: 'promptOpened', prompt: payload.openPrompt });
			}
			if (payload.checkOutOpen === true && !checkOutOpen) {
				entries.push({ at: event.createdAt, kind: 'checkOutOpened' });
			}
			openPrompt = payload.openPrompt ?? null;
			checkOutOpen = payload.checkOutOpen === true;
		}
		if (page.length < 1000) break;
		after = page[page.length - 1]?.seq ?? after;
	}
	return entries;
}

/**
 * The report of a session that is closing (or closed), or that ended early: then `context.ending` says why and
 * where, and the report covers as far as the meeting got. `context` is the machine's context after the last
 * transition; `closedAt` the moment it closed or ended.
 */
export function buildOutcomeReport(
	db: Reader,
	sessionId: string,
	context: Pick<DialogueContext, 'settings' | 'transitions' | 'revisits' | 'pauses'> &
		Partial<Pick<DialogueContext, 'ending'>>,
	options: { closedAt: number; generatedAt?: number }
): OutcomeReport {
	const session = db.select().from(liveSession).where(eq(liveSession.id, sessionId)).get();
	if (!session?.dialogueId) throw new ReportSourceError(`Session ${sessionId} has no dialogue.`);
	const dialogueRow = db.select().from(dialogue).where(eq(dialogue.id, session.dialogueId)).get();
	if (!dialogueRow) throw new ReportSourceError(`The dialogue of session ${sessionId} is gone.`);
	const controls = parseControls(session.controls);
	const version = controls.agreement.version;
	// The stricter of the session's and the dialogue's current minimum: raising it later protects old reports too.
	const min = Math.max(
		normaliseSettings(context.settings).minGroupSize,
		readSettings(dialogueRow).minGroupSize
	);

	const answers = answerCounts(db, sessionId, version);
	const inSession = eq(contribution.sessionId, sessionId);

	// The agreement
	const commitments = commitmentRows(db, sessionId);
	const proposalRows = db
		.select()
		.from(contribution)
		.where(and(inSession, eq(contribution.kind, 'proposal'), eq(contribution.status, 'approved')))
		.orderBy(asc(contribution.createdAt), asc(contribution.id))
		.all();
	const proposalText = new Map(proposalRows.map((p) => [p.id, p.redactedText ?? p.text]));
	const committed = new Set(commitments.map((c) => c.proposalId).filter(Boolean));

	// May it be shared outside the group: the group's decision, and the spread under the small-group rule.
	const shareValues = answers.get('share');
	const shareYes = shareValues?.get('yes') ?? 0;
	const shareNo = shareValues?.get('no') ?? 0;
	const shareSpread = partition({ yes: shareYes, no: shareNo }, min);
	const sharing: ReportSharing = {
		decision: shareNo > 0 ? 'notAgreed' : shareYes > 0 ? 'agreed' : 'notAsked',
		partners: sharePartners(db, sessionId),
		responses: shareSpread.total,
		spread: shareSpread.parts
	};

	// Consent on the agreed version
	const consentValues = answers.get('consent');
	const consent = partition(
		Object.fromEntries(CONSENT_GRADIENTS.map((g) => [g, consentValues?.get(g) ?? 0])) as Record<
			ConsentGradient,
			number
		>,
		min
	);

	// The group's decision: reported at any group size, without a count (privacy rule 4).
	const tally = consentTally(db, sessionId, controls.agreement);
	const resolvedOnVersion = controls.agreement.resolutions.some((r) => r.version === version);
	const consentMove = context.transitions.findLast((t) => t.from === 'agreement');
	const consentOverride =
		consentMove?.check.results.respect.state === 'overridden'
			? (consentMove.check.results.respect.override ?? null)
			: null;
	const consentOutcome: ConsentOutcome = {
		held: tally.responses > 0,
		reached: tally.responses > 0 && tally.blocks === 0,
		objectionsRaised:
			tally.blocks > 0 || resolvedOnVersion || (consentValues?.get('cannotLiveWith') ?? 0) > 0,
		objectionOpen: tally.blocks > 0,
		override: consentOverride
	};

	// Proposals and their support
	const endorsements = endorsementCounts(db, sessionId);
	const titles = themeTitles(db, sessionId);
	const proposals: ReportProposal[] = proposalRows
		.map((p) => {
			const tied = decodeTiedTo(p.tiedTo, titles);
			return {
				text: p.redactedText ?? p.text,
				redacted: p.redactedText !== null,
				proposedRole: p.proposedRole,
				resources: p.resources,
				shortlisted: p.shortlisted,
				ownerRole: p.ownerRole,
				tiedTo: tied === null ? null : tied.kind === 'theme' ? tied.title : tied.text,
				endorsements: countFigure(endorsements.get(p.id) ?? 0, min),
				committed: committed.has(p.id),
				riskNote: p.riskNote
			};
		})
		// Ordered by the shown figure only (a hidden one between zero and the minimum): ordering by the raw count
		// would rank hidden figures among themselves.
		.sort((a, b) => Number(b.shortlisted) - Number(a.shortlisted) || supportRank(b) - supportRank(a));

	// The values check at every transition
	const names = staffNames(db, [
		...context.transitions.map((t) => t.by),
		...context.revisits.map((r) => r.by),
		...context.pauses.map((p) => p.by)
	]);
	const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
	const transitions: ReportTransition[] = context.transitions.map((t) => ({
		from: t.from,
		to: t.to,
		at: t.at,
		by: nameOf(t.by),
		passed: t.check.passed,
		results: Object.fromEntries(
			VALUES.map((value): [Value, ReportValueResult] => {
				const result = t.check.results[value];
				return [
					value,
					{
						state: result.state,
						reasons: result.reasons.map((r) => suppressReason(r, min)),
						override: result.state === 'overridden' ? (result.override ?? null) : null
					}
				];
			})
		) as Record<Value, ReportValueResult>
	}));

	// Participation
	const joined = participantCount(db, sessionId);
	const affirm = answers.get('groundRules.affirm');
	const groundRules = partition(
		{ affirmed: affirm?.get('yes') ?? 0, objected: affirm?.get('object') ?? 0 },
		min
	);
	const byStatus = new Map(
		db
			.select({ status: contribution.status, n: count() })
			.from(contribution)
			.where(inSession)
			.groupBy(contribution.status)
			.all()
			.map((r) => [r.status, r.n])
	);
	const contributions = partition(
		{
			approved: byStatus.get('approved') ?? 0,
			hidden: byStatus.get('hidden') ?? 0,
			pending: byStatus.get('pending') ?? 0
		},
		min
	);
	let rolesNamed = 0;
	for (const n of answers.get('role.named')?.values() ?? []) rolesNamed += n;

	const checkOut = Object.fromEntries(
		CHECK_OUT_PROMPTS.map((p) => [p, pulse(answers.get(p), min)])
	) as Record<CheckOutPrompt, PulseResult>;

	const plan = planOf(db, session.dialogueId);
	const facilitators = db
		.select({ name: staffUser.name, role: dialogueFacilitator.role })
		.from(dialogueFacilitator)
		.innerJoin(staffUser, eq(staffUser.id, dialogueFacilitator.userId))
		.where(eq(dialogueFacilitator.dialogueId, session.dialogueId))
		.all()
		.sort((a, b) => Number(a.role !== 'lead') - Number(b.role !== 'lead') || a.name.localeCompare(b.name));
	const reviewed = session.reviewOf
		? db
				.select({ id: liveSession.id, closedAt: liveSession.closedAt })
				.from(liveSession)
				.where(eq(liveSession.id, session.reviewOf))
				.get()
		: undefined;

	const timeline: TimelineEntry[] = [
		...(session.openedAt !== null ? [{ at: session.openedAt, kind: 'opened' as const }] : []),
		...context.transitions.map((t) => ({ at: t.at, kind: 'advanced' as const, from: t.from, to: t.to })),
		...context.revisits.map((r) => ({
			at: r.at,
			kind: 'revisited' as const,
			from: r.from,
			to: r.to,
			note: r.reason
		})),
		...context.pauses.flatMap((p) => [
			{ at: p.at, kind: 'paused' as const, from: p.from, ...(p.reason ? { note: p.reason } : {}) },
			...(p.resumedAt !== null ? [{ at: p.resumedAt, kind: 'resumed' as const, to: p.from }] : [])
		]),
		...promptTimeline(db, sessionId),
		...(controls.agreement.readBackAt !== null
			? [{ at: controls.agreement.readBackAt, kind: 'readBack' as const }]
			: []),
		...controls.agreement.resolutions.map((r) => ({
			at: r.at,
			kind: 'consentResolved' as const,
			note: r.note
		})),
		...(controls.agreement.ritual
			? [{ at: controls.agreement.ritual.at, kind: 'ritualRecorded' as const }]
			: []),
		context.ending
			? {
					at: options.closedAt,
					kind: 'endedEarly' as const,
					from: context.ending.phase,
					note: context.ending.note ?? context.ending.reason
				}
			: { at: options.closedAt, kind: 'closed' as const }
	]
		// Closing is last even when it shares a millisecond with the final move.
		.map((entry, index) => ({ entry, index }))
		.sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
		.map(({ entry }) => entry);

	return {
		format: OUTCOME_FORMAT,
		version: OUTCOME_VERSION,
		sessionId,
		dialogueId: session.dialogueId,
		codename: dialogueRow.codename,
		place: dialogueRow.place,
		communityKind: dialogueRow.communityKind,
		reviewOf: reviewed ? { sessionId: reviewed.id, closedAt: reviewed.closedAt } : null,
		openedAt: session.openedAt,
		closedAt: options.closedAt,
		generatedAt: options.generatedAt ?? options.closedAt,
		endedEarly: context.ending
			? {
					reason: context.ending.reason,
					note: context.ending.note,
					phase: context.ending.phase,
					wasPaused: context.ending.wasPaused,
					at: context.ending.at
				}
			: null,
		minGroupSize: min,
		facilitators,
		agreement: {
			version,
			readBackAt: controls.agreement.readBackAt,
			commitments: commitments.map((c) => ({
				position: c.position,
				action: c.action,
				ownerRole: c.ownerRole,
				dueOn: c.dueOn,
				reviewHow: c.reviewHow,
				fromProposal: c.proposalId ? (proposalText.get(c.proposalId) ?? null) : null
			}))
		},
		consent: {
			version,
			responses: consent.total,
			spread: consent.parts,
			resolutions: controls.agreement.resolutions.map((r) => ({
				at: r.at,
				note: r.note,
				resolved: countFigure(r.resolved, min)
			})),
			outcome: consentOutcome
		},
		sharing,
		closing: {
			ritualPlanned: plan.closingCeremony,
			ritualRecorded: controls.agreement.ritual !== null,
			ritualNote: controls.agreement.ritual?.note ?? '',
			ritualAt: controls.agreement.ritual?.at ?? null,
			followUpOn: session.followUpOn
		},
		themes: db
			.select()
			.from(theme)
			.where(eq(theme.sessionId, sessionId))
			.orderBy(asc(theme.position), asc(theme.createdAt))
			.all()
			.map((t) => ({
				title: t.title,
				answer: t.answeredAt === null ? null : t.answer,
				answeredAt: t.answeredAt
			})),
		proposals,
		values: {
			transitions,
			revisits: context.revisits.map((r) => ({ ...r, by: nameOf(r.by) })),
			pauses: context.pauses.map((p) => ({
				from: p.from,
				at: p.at,
				by: nameOf(p.by),
				reason: p.reason,
				resumedAt: p.resumedAt
			}))
		},
		pulses: {
			checkIn: pulse(answers.get('checkIn'), min),
			respected: pulse(answers.get('pulse.respected'), min),
			checkOut
		},
		participation: {
			joined: countFigure(joined, min),
			groundRules: { affirmed: groundRules.parts.affirmed, objected: groundRules.parts.objected },
			rolesNamed: countFigure(rolesNamed, min),
			contributions: { submitted: contributions.total, ...contributions.parts }
		},
		timeline,
		// Counts only: the names given for a round were forgotten when it ended. A turn was taken aloud before the
		// whole room, so how many there were tells no one anything new; a pass was pressed alone on a phone, so the
		// number of passes is under the small-group rule.
		speaking: controls.speakingRounds.map((r) => ({
			purpose: r.purpose,
			phase: r.phase,
			turns: r.turns,
			passes: countFigure(r.passes, min)
		}))
	};
}
