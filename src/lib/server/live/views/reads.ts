// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * Small reads that commands, views, streams and the outcome report share, so that a proposal's support or a
 * theme's title is counted and looked up one way wherever it is shown.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { contribution, endorsement, participant, theme } from '../../db/schema';
import type { Reader } from '../store';

/** Theme id → title, for showing what a proposal is tied to. */
export function themeTitles(tx: Reader, sessionId: string): Map<string, string> {
	return new Map(
		prepared(tx, 'themeTitles', (reader) =>
			reader
				.select({ id: theme.id, title: theme.title })
				.from(theme)
				.where(eq(theme.sessionId, sql.placeholder('sessionId')))
				.prepare()
		)
			.all({ sessionId })
			.map((t) => [t.id, t.title])
	);
}

/** One of the session's contributions by its id (undefined when the session holds none such). */
export function contributionOf(
	tx: Reader,
	sessionId: string,
	id: string
): typeof contribution.$inferSelect | undefined {
	return prepared(tx, 'contributionOf', (reader) =>
		reader
			.select()
			.from(contribution)
			.where(
				and(
					eq(contribution.id, sql.placeholder('id')),
					eq(contribution.sessionId, sql.placeholder('sessionId'))
				)
			)
			.prepare()
	).get({ id, sessionId });
}

/** How many phones have joined the session (the raw count: callers apply the small-group rule). */
export function participantCount(tx: Reader, sessionId: string): number {
	return (
		prepared(tx, 'participantCount', (reader) =>
			reader
				.select({ n: count() })
				.from(participant)
				.where(eq(participant.sessionId, sql.placeholder('sessionId')))
				.prepare()
		).get({ sessionId })?.n ?? 0
	);
}

/** How many phones support this contribution (the raw count: callers apply the small-group rule). */
export function endorsementCount(tx: Reader, contributionId: string): number {
	return (
		prepared(tx, 'endorsementCount', (reader) =>
			reader
				.select({ n: count() })
				.from(endorsement)
				.where(eq(endorsement.contributionId, sql.placeholder('contributionId')))
				.prepare()
		).get({ contributionId })?.n ?? 0
	);
}

/** Contribution id → how many phones support it, for every supported contribution of the session (raw counts). */
export function endorsementCounts(tx: Reader, sessionId: string): Map<string, number> {
	return new Map(
		prepared(tx, 'endorsementCounts', (reader) =>
			reader
				.select({ id: endorsement.contributionId, n: count() })
				.from(endorsement)
				.where(eq(endorsement.sessionId, sql.placeholder('sessionId')))
				.groupBy(endorsement.contributionId)
				.prepare()
		)
			.all({ sessionId })
			.map((r) => [r.id, r.n])
	);
}

/**
 * The proposals one phone (its voter key) supports that are still shown. Support for a proposal a moderator hid
 * afterwards no longer counts against the cap: the phone cannot see it to take it back.
 */
export function shownEndorsementsOf(tx: Reader, sessionId: string, key: string): string[] {
	return prepared(tx, 'shownEndorsementsOf', (reader) =>
		reader
			.select({ id: endorsement.contributionId })
			.from(endorsement)
			.innerJoin(contribution, eq(contribution.id, endorsement.contributionId))
			.where(
				and(
					eq(endorsement.sessionId, sql.placeholder('sessionId')),
					eq(endorsement.voterKey, sql.placeholder('key')),
					eq(contribution.status, 'approved')
				)
			)
			.prepare()
	)
		.all({ sessionId, key })
		.map((r) => r.id);
}
