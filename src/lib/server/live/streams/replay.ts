// live/streams: where event streams are written; replay of the log, caps on open streams, who is connected.
/**
 * What a stream sends is decided when it is read, not when it was written. The log keeps each event as it was
 * written (a contribution's text when it was approved, a theme's title before a rename); a stream replaying it
 * after a reconnect, or from the start, must show only the current moderated state. So every event that refers
 * to a contribution, a theme or the agreement draft is projected against the current rows:
 *
 * - a contribution that is hidden now goes out as a `contribution.hidden` tombstone (its id only), a redacted one
 *   with its redacted text only, whatever the logged payload held;
 * - a theme carries its current title and answer (a theme merged away since sends nothing);
 * - the agreement draft is the current draft;
 * - what was approved during the pause the session is in now reaches phones and the projector only after it
 *   resumes; the public `session.resume` then carries the whole board (`PublicBoard`), once for every phone;
 * - staff-only parts (`staff`, pending texts, flags) never reach a public stream.
 *
 * The current state is read once per batch (`CurrentState`, shared by every stream through the FrameCache), not
 * per stream: a live fan-out to 2,000 phones costs the same few queries as one.
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { AgreementDraft, PublicBoard, ThemeSummary } from '$lib/live/types';
import type { Figure } from '$lib/outcome/types';
import { countFigure } from '$lib/privacy/small-groups';
import type { Db } from '../../db';
import { prepared } from '../../db/prepared';
import { contribution, endorsement, liveSession, theme } from '../../db/schema';
import type { LoggedEvent } from '../../sessions/service';
import { agreementDraft } from '../commands/agreement';
import { pausedSince, withheldDuringPause } from '../views/pause';
import { contributionOf, endorsementCount, themeTitles } from '../views/reads';
import { toApproved, toModerationItem, toThemeSummary } from '../views/shapes';
import { readSessionState } from '../store';
import { monotonicNow } from '../../clock';
import { speakingStaffView, speakingView } from '../views/speaking';
import type { SpeakingChanged } from '$lib/live/speaking';
import { publicBoard } from '../views/views';

export type Visibility = 'staff' | 'public';

/** One projected frame: its type may differ from the logged one (a tombstone for a hidden contribution). */
export interface Projected {
	type: string;
	data: unknown;
}

type ContributionRow = typeof contribution.$inferSelect;

const MACHINE_EVENTS = new Set([
	'phase.advance',
	'phase.revisit',
	'session.pause',
	'session.resume',
	// Phones and the projector learn only that the session moved to `endedEarly`, never the reason or note.
	'session.endEarly'
]);

/** Event types whose payload names a contribution, and where. */
const CONTRIBUTION_ID: Record<string, (payload: Record<string, unknown>) => unknown> = {
	'contribution.submitted': (p) => p.id,
	'contribution.approved': (p) => p.id,
	'proposal.updated': (p) => p.id,
	'endorsement.counted': (p) => p.contributionId
};

/** SQLite allows a limited number of bound variables: look rows up in chunks. */
const CHUNK = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function payloadOf(event: LoggedEvent): Record<string, unknown> {
	return isRecord(event.payload) ? event.payload : {};
}

/**
 * The current moderated state of one session, read lazily and at most once per batch of events: only the
 * parts the batch needs (its contributions, the themes, the draft, whether and since when it is paused).
 */
export class CurrentState {
	readonly #contributions = new Map<string, ContributionRow | null>();
	readonly #endorsements = new Map<string, number>();
	#themes: Map<string, ThemeSummary> | null = null;
	#titles: ReadonlyMap<string, string> | null = null;
	#draft: AgreementDraft | null = null;
	#pause: { since: number | null } | null = null;
	#board: PublicBoard | null = null;

	constructor(
		readonly db: Db,
		readonly sessionId: string
	) {}

	/** Reads the contributions (and their endorsement counts) that `events` name, in a few queries. */
	prefetch(events: readonly LoggedEvent[]): void {
		const ids = new Set<string>();
		for (const event of events) {
			const id = CONTRIBUTION_ID[event.type]?.(payloadOf(event));
			if (typeof id === 'string' && !this.#contributions.has(id)) ids.add(id);
		}
		this.#load([...ids]);
	}

	#load(wanted: string[]): void {
		const [only] = wanted;
		if (wanted.length === 1 && only !== undefined) return this.#loadOne(only);
		for (let i = 0; i < wanted.length; i += CHUNK) {
			const chunk = wanted.slice(i, i + CHUNK);
			for (const id of chunk) this.#contributions.set(id, null);
			const rows = this.db
				.select()
				.from(contribution)
				.where(and(eq(contribution.sessionId, this.sessionId), inArray(contribution.id, chunk)))
				.all();
			for (const row of rows) this.#contributions.set(row.id, row);
			const counts = this.db
				.select({ id: endorsement.contributionId, n: count() })
				.from(endorsement)
				.where(inArray(endorsement.contributionId, chunk))
				.groupBy(endorsement.contributionId)
				.all();
			for (const { id, n } of counts) this.#endorsements.set(id, n);
		}
	}

	/** One contribution (most events name one): the same reads as `#load`, prepared once per connection. */
	#loadOne(id: string): void {
		this.#contributions.set(id, contributionOf(this.db, this.sessionId, id) ?? null);
		const counted = endorsementCount(this.db, id);
		if (counted > 0) this.#endorsements.set(id, counted);
	}

	contribution(id: unknown): ContributionRow | null {
		if (typeof id !== 'string') return null;
		if (!this.#contributions.has(id)) this.#load([id]);
		return this.#contributions.get(id) ?? null;
	}

	/** Support as every screen may show it: null below the minimum group size (the small-group rule). */
	endorsements(id: string): Figure {
		return countFigure(this.#endorsements.get(id) ?? 0, this.minGroupSize());
	}

	#minGroupSize: number | null = null;

	minGroupSize(): number {
		this.#minGroupSize ??= readSessionState(this.db, this.sessionId).settings.minGroupSize;
		return this.#minGroupSize;
	}

	theme(id: unknown): ThemeSummary | null {
		if (!this.#themes) {
			const rows = this.db.select().from(theme).where(eq(theme.sessionId, this.sessionId)).all();
			this.#themes = new Map(rows.map((row) => [row.id, toThemeSummary(row)]));
		}
		return typeof id === 'string' ? (this.#themes.get(id) ?? null) : null;
	}

	titles(): ReadonlyMap<string, string> {
		this.#titles ??= themeTitles(this.db, this.sessionId);
		return this.#titles;
	}

	draft(): AgreementDraft {
		this.#draft ??= agreementDraft(this.db, readSessionState(this.db, this.sessionId));
		return this.#draft;
	}

	/** The sequence number of the pause the session is in now; null when it is not paused. */
	pausedSince(): number | null {
		if (!this.#pause) {
			const row = prepared(this.db, 'sessionPhase', (reader) =>
				reader
					.select({ phase: liveSession.phase })
					.from(liveSession)
					.where(eq(liveSession.id, sql.placeholder('sessionId')))
					.prepare()
			).get({ sessionId: this.sessionId });
			this.#pause = { since: row ? pausedSince(this.db, this.sessionId, row.phase) : null };
		}
		return this.#pause.since;
	}

	#speaking: { public: SpeakingChanged; staff: SpeakingChanged } | null = null;

	/**
	 * The speaking round as it is now, per visibility: a `speaking.changed` is logged with the round's id only, so
	 * a replay shows the round as it runs now (or that none runs), never a name from before.
	 */
	speaking(visibility: Visibility): SpeakingChanged {
		if (!this.#speaking) {
			const state = readSessionState(this.db, this.sessionId);
			const serverNow = monotonicNow();
			this.#speaking = {
				public: { round: speakingView(state), serverNow },
				staff: { round: speakingStaffView(state), serverNow }
			};
		}
		return this.#speaking[visibility];
	}

	/** The room's board as it is now (for a public `session.resume`). */
	board(): PublicBoard {
		this.#board ??= publicBoard(this.db, this.sessionId, this.minGroupSize(), this.pausedSince());
		return this.#board;
	}
}

function tombstone(id: unknown, visibility: Visibility, row: ContributionRow | null): Projected {
	return {
		type: 'contribution.hidden',
		data: visibility === 'staff' && row ? { id, staff: { moderatorNote: row.moderatorNote } } : { id }
	};
}

/**
 * What a viewer of `visibility` may see of a logged event now, or null. Staff see staff events and staff
 * parts; everyone else only events for `all`, without the payload's `staff` part, and of the machine's phase
 * events only where it went. Anything naming a contribution, a theme or the draft shows its current state.
 */
export function projectEvent(
	event: LoggedEvent,
	visibility: Visibility,
	current: CurrentState
): Projected | null {
	if (visibility === 'public' && event.audience !== 'all') return null;
	const payload = payloadOf(event);
	const isPublic = visibility === 'public';
	switch (event.type) {
		case 'contribution.submitted': {
			// Staff only, as it is now (moderated since: the approval or hide that follows in the log moves it).
			const row = current.contribution(payload.id);
			return row ? { type: event.type, data: toModerationItem(row) } : null;
		}
		case 'contribution.approved': {
			const row = current.contribution(payload.id);
			if (!row || row.status !== 'approved') return tombstone(payload.id, visibility, row);
			if (isPublic && withheldDuringPause(row.shownSeq, current.pausedSince())) return null;
			const shown = toApproved(row, current.endorsements(row.id), current.titles());
			return {
				type: event.type,
				data: isPublic ? shown : { ...shown, staff: { moderatorNote: row.moderatorNote } }
			};
		}
		case 'proposal.updated': {
			const row = current.contribution(payload.id);
			if (!row || row.status !== 'approved') return null;
			if (isPublic && withheldDuringPause(row.shownSeq, current.pausedSince())) return null;
			const shown = toApproved(row, 0, current.titles());
			return {
				type: event.type,
				data: {
					id: row.id,
					shortlisted: shown.shortlisted,
					ownerRole: shown.ownerRole,
					tiedTo: shown.tiedTo,
					...(isPublic ? {} : { staff: { riskNote: row.riskNote } })
				}
			};
		}
		case 'endorsement.counted': {
			const row = current.contribution(payload.contributionId);
			if (!row || row.status !== 'approved') return null;
			if (isPublic && withheldDuringPause(row.shownSeq, current.pausedSince())) return null;
			return {
				type: event.type,
				data: { contributionId: row.id, endorsements: current.endorsements(row.id) }
			};
		}
		case 'theme.created':
		case 'theme.updated': {
			const summary = current.theme(payload.id);
			return summary ? { type: event.type, data: summary } : null;
		}
		case 'agreement.changed':
			return { type: event.type, data: current.draft() };
		case 'speaking.changed':
			return { type: event.type, data: current.speaking(visibility) };
	}
	if (!isPublic) return { type: event.type, data: event.payload };
	if (MACHINE_EVENTS.has(event.type)) {
		const change = { from: payload.from, to: payload.to };
		// The pause held back what was approved during it; the resume brings the board as it is now.
		return {
			type: event.type,
			data: event.type === 'session.resume' ? { ...change, board: current.board() } : change
		};
	}
	const { staff: _staff, ...shown } = payload;
	return { type: event.type, data: shown };
}
