// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * What the server measures for a values check: the live facts of a session, and the preparation facts of its
 * dialogue from the preparation service. Plain counts read in one pass, so that the check the console shows and
 * the one `phase.advance` applies are computed the same way.
 */
import { and, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { emptyFacts, type DialogueFacts, type SessionPhase } from '$lib/dialogue';
import { prepared } from '../../db/prepared';
import { contribution, response, sessionEvent, theme } from '../../db/schema';
import { preparationFacts } from '../../dialogues/readiness';
import { agreementFacts, type AgreementFacts } from '../commands/agreement';
import { answerCounts, promptIsOpen, scaleMean } from './aggregates';
import { readSessionState, type Reader, type SessionState } from '../store';
import { participantCount } from './reads';

/** Facts measured in the room, the agreement and closing facts (consent, commitments, check-out) included. */
export type LiveFacts = AgreementFacts &
	Pick<
		DialogueFacts,
		| 'participantCount'
		| 'groundRulesAffirmed'
		| 'openObjections'
		| 'checkInResponses'
		| 'purposeExplained'
		| 'moderationQueue'
		| 'respectPulse'
		| 'unthemedConcerns'
		| 'themesUnanswered'
		| 'rolesNamed'
		| 'shortlisted'
		| 'shortlistedUntied'
		| 'shortlistedWithoutOwner'
	>;

/**
 * How many of the session's contributions `where` holds for, prepared once per connection under `key`: `where`
 * names columns and constants only (the session is the query's one placeholder).
 */
function countWhere(db: Reader, sessionId: string, key: string, where: () => ReturnType<typeof and>): number {
	return (
		prepared(db, `facts.${key}`, (reader) =>
			reader
				.select({ n: count() })
				.from(contribution)
				.where(and(eq(contribution.sessionId, sql.placeholder('sessionId')), where()))
				.prepare()
		).get({ sessionId })?.n ?? 0
	);
}

/**
 * The facts each phase's check reads (`findingsFor` in `$lib/dialogue/values`); `values.spec` keeps the list
 * honest. A busy hall recomputes the check after every change, so only these are counted for it.
 */
type FactGroup = 'opening' | 'fears' | 'proposals' | 'agreement';
const GROUPS_READ_BY: Partial<Record<SessionPhase, readonly FactGroup[]>> = {
	opening: ['opening'],
	fearsAndStigma: ['fears'],
	proposals: ['proposals'],
	agreement: ['agreement'],
	closing: ['agreement']
};

/**
 * The live facts of a session. With `forPhase`, only those the check that leaves that phase reads are counted
 * (the others keep their empty values): what `sessionFacts` asks for. Without it, every one of them.
 */
export function liveFacts(
	db: Reader,
	sessionId: string,
	state: SessionState = readSessionState(db, sessionId),
	forPhase?: SessionPhase
): LiveFacts {
	const wanted = (group: FactGroup) =>
		forPhase === undefined || (GROUPS_READ_BY[forPhase]?.includes(group) ?? false);
	// Conditions are built only when their query is prepared (once per connection), not on every count.
	const approved = () => eq(contribution.status, 'approved');
	const needsAnswers = wanted('opening') || wanted('fears');
	const answers = needsAnswers
		? answerCounts(db, sessionId, state.controls.agreement.version)
		: new Map<string, Map<string, number>>();
	const sum = (values: Map<string, number> | undefined) =>
		[...(values?.values() ?? [])].reduce((a, b) => a + b, 0);
	// Every live fact starts empty; only the groups the phase reads are counted below.
	const facts: LiveFacts = pick(emptyFacts(), LIVE_FACTS);

	if (wanted('opening')) {
		// Objections answered after they were talked through block again: "after" by sequence number, not by clock
		// (a setting stored before sequence numbers were kept falls back to its time).
		const { objectionsResolvedSeq: resolvedSeq, objectionsResolvedAt: resolvedAt } = state.controls;
		facts.openObjections =
			db
				.select({ n: count() })
				.from(response)
				.where(
					and(
						eq(response.sessionId, sessionId),
						eq(response.prompt, 'groundRules.affirm'),
						eq(response.value, 'object'),
						resolvedSeq !== null
							? gt(response.answeredSeq, resolvedSeq)
							: resolvedAt === null
								? undefined
								: gt(response.updatedAt, resolvedAt)
					)
				)
				.get()?.n ?? 0;
		facts.participantCount = participantCount(db, sessionId);
		facts.groundRulesAffirmed = answers.get('groundRules.affirm')?.get('yes') ?? 0;
		facts.checkInResponses = sum(answers.get('checkIn'));
		facts.purposeExplained = state.controls.purposeExplained;
	}

	if (wanted('fears') || wanted('proposals')) {
		facts.moderationQueue = countWhere(db, sessionId, 'pending', () => eq(contribution.status, 'pending'));
	}

	if (wanted('fears')) {
		// Themes that hold at least one approved concern and have no answer yet. An empty theme (all its concerns
		// hidden or moved) asks nothing of the room. The contributions are looked up by the session too, so that
		// SQLite reads them through (session, status) instead of scanning every contribution of every session.
		facts.themesUnanswered =
			prepared(db, 'facts.themesUnanswered', (reader) =>
				reader
					.select({ n: sql<number>`count(distinct ${theme.id})` })
					.from(contribution)
					.innerJoin(theme, eq(theme.id, contribution.themeId))
					.where(
						and(
							eq(contribution.sessionId, sql.placeholder('sessionId')),
							eq(contribution.status, 'approved'),
							eq(contribution.kind, 'concern'),
							eq(theme.sessionId, sql.placeholder('sessionId')),
							isNull(theme.answeredAt)
						)
					)
					.prepare()
			).get({ sessionId })?.n ?? 0;
		const pulse = scaleMean(answers.get('pulse.respected'));
		facts.respectPulse = {
			responses: pulse.n,
			mean: pulse.mean,
			open: promptIsOpen('pulse.respected', state.controls)
		};
		facts.unthemedConcerns = countWhere(db, sessionId, 'unthemedConcerns', () =>
			and(approved(), eq(contribution.kind, 'concern'), isNull(contribution.themeId))
		);
		// Roles named in answer to "what role can you play?", and proposals that name the proposer's role.
		facts.rolesNamed =
			sum(answers.get('role.named')) +
			countWhere(db, sessionId, 'rolesNamed', () =>
				and(approved(), eq(contribution.kind, 'proposal'), ne(contribution.proposedRole, ''))
			);
	}

	if (wanted('proposals')) {
		const shortlistedProposal = () =>
			and(approved(), eq(contribution.kind, 'proposal'), eq(contribution.shortlisted, true));
		facts.shortlisted = countWhere(db, sessionId, 'shortlisted', shortlistedProposal);
		facts.shortlistedUntied = countWhere(db, sessionId, 'shortlistedUntied', () =>
			and(shortlistedProposal(), eq(contribution.tiedTo, ''))
		);
		facts.shortlistedWithoutOwner = countWhere(db, sessionId, 'shortlistedWithoutOwner', () =>
			and(shortlistedProposal(), eq(contribution.ownerRole, ''))
		);
	}

	if (wanted('agreement')) Object.assign(facts, agreementFacts(db, state));
	return facts;
}

/** The facts `liveFacts` returns (the type checks that none is missing). */
const LIVE_FACTS = [
	'participantCount',
	'groundRulesAffirmed',
	'openObjections',
	'checkInResponses',
	'purposeExplained',
	'moderationQueue',
	'respectPulse',
	'unthemedConcerns',
	'themesUnanswered',
	'rolesNamed',
	'shortlisted',
	'shortlistedUntied',
	'shortlistedWithoutOwner',
	'consentRoundOpen',
	'consentResponses',
	'consentBlocks',
	'agreementReadBack',
	'commitments',
	'commitmentsIncomplete',
	'checkOutResponses',
	'closingRitualPlanned',
	'closingRitualRecorded',
	'followUpDateSet'
] as const satisfies readonly (keyof LiveFacts)[];

function pick<T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
	return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

/**
 * Contributions waiting for moderation that the console could have shown by event `seenSeq`: those submitted
 * up to the moment of that event. What arrived later (a flood still coming in as the facilitator presses
 * advance) was never on their screen, so it is not something they can act on yet. An unknown sequence number
 * counts the whole queue.
 */
export function pendingSeenBy(db: Reader, sessionId: string, seenSeq: number): number {
	// Told by the log's sequence, not by clocks (a clock set back would make later arrivals look seen): what was
	// submitted after `seenSeq` is read from the few events since, and left out of the queue's count.
	const later = new Set<unknown>();
	for (const event of db
		.select({ payload: sessionEvent.payload })
		.from(sessionEvent)
		.where(
			and(
				eq(sessionEvent.sessionId, sessionId),
				gt(sessionEvent.seq, seenSeq),
				eq(sessionEvent.type, 'contribution.submitted')
			)
		)
		.all()) {
		try {
			later.add((JSON.parse(event.payload) as { id?: unknown }).id);
		} catch {
			// Not a payload this version wrote: nothing to leave out.
		}
	}
	return db
		.select({ id: contribution.id })
		.from(contribution)
		.where(and(eq(contribution.sessionId, sessionId), eq(contribution.status, 'pending')))
		.all()
		.filter((row) => !later.has(row.id)).length;
}

/**
 * Every fact a `phase.advance` needs: the dialogue's preparation (read live, so that a fix made during the
 * preparation → opening check counts at once) and the room's live facts. Only the check that leaves preparation
 * measures the preparation (`findingsFor` in `$lib/dialogue/values`); in any later phase it is not read, which
 * spares the values check recomputed after every change in a busy hall a dozen queries.
 */
export function sessionFacts(
	db: Reader,
	sessionId: string,
	now = Date.now(),
	state: SessionState = readSessionState(db, sessionId)
): DialogueFacts {
	const prepared =
		state.dialogueId && state.phase === 'preparation'
			? preparationFacts(db, state.dialogueId, now)
			: emptyFacts();
	return { ...prepared, ...liveFacts(db, sessionId, state, state.phase) };
}
