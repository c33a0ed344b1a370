/**
 * How each screen's view changes with one event of the live stream. The frequent events (a contribution
 * approved, an endorsement counted, a theme answered) are applied here, in place, so that a hall of phones does
 * not ask the server for a whole view each time. Rare or far-reaching ones return `false`: the stream then
 * fetches a fresh snapshot, which is always right.
 */
import type {
	ApprovedContribution,
	ConcernWall,
	ConsoleView,
	PhoneView,
	ProjectorView,
	PublicProposal,
	StreamEvent,
	ThemeSummary,
	WallConcern
} from '$lib/live/types';
import type { Figure } from '$lib/outcome/types';
import { compareFigures } from '$lib/privacy/small-groups';
import type { MySpeakingPlace, SpeakingRoundView } from '$lib/live/speaking';

// ---------------------------------------------------------------------------------------------------------------
// The concern wall and the proposal ranking, shared by every role
// ---------------------------------------------------------------------------------------------------------------

function removeFromWall(wall: ConcernWall, id: string): WallConcern | null {
	for (const list of [wall.unthemed, ...wall.themes.map((t) => t.concerns)]) {
		const index = list.findIndex((c) => c.id === id);
		if (index >= 0) return list.splice(index, 1)[0] ?? null;
	}
	return null;
}

function placeOnWall(wall: ConcernWall, concern: WallConcern, themeId: string | null): void {
	const theme = themeId ? wall.themes.find((t) => t.id === themeId) : undefined;
	(theme ? theme.concerns : wall.unthemed).push(concern);
}

/** Insert or replace an approved concern (a redaction arrives as a second approval with the new text). */
export function upsertConcern(wall: ConcernWall, c: ApprovedContribution): void {
	removeFromWall(wall, c.id);
	placeOnWall(wall, { id: c.id, text: c.text, redacted: c.redacted }, c.themeId);
}

/** Ids of every approved contribution in a view: the wall's concerns and the proposals. */
export function approvedIds(view: { wall: ConcernWall; proposals: { id: string }[] }): Set<string> {
	const ids = wallIds(view.wall);
	for (const p of view.proposals) ids.add(p.id);
	return ids;
}

/** What the room sees of every approved contribution in a view, by id (the redacted text where there is one). */
export function shownTexts(view: {
	wall: ConcernWall;
	proposals: { id: string; text: string; redacted: boolean }[];
}): Map<string, { text: string; redacted: boolean }> {
	const shown = new Map<string, { text: string; redacted: boolean }>();
	for (const c of view.wall.unthemed) shown.set(c.id, { text: c.text, redacted: c.redacted });
	for (const t of view.wall.themes)
		for (const c of t.concerns) shown.set(c.id, { text: c.text, redacted: c.redacted });
	for (const p of view.proposals) shown.set(p.id, { text: p.text, redacted: p.redacted });
	return shown;
}

export function wallIds(wall: ConcernWall): Set<string> {
	const ids = new Set<string>();
	for (const c of wall.unthemed) ids.add(c.id);
	for (const t of wall.themes) for (const c of t.concerns) ids.add(c.id);
	return ids;
}

function themeConcerns(wall: ConcernWall, ids: string[], themeId: string | null): boolean {
	if (themeId && !wall.themes.some((t) => t.id === themeId)) return false;
	for (const id of ids) {
		const concern = removeFromWall(wall, id);
		if (concern) placeOnWall(wall, concern, themeId);
	}
	return true;
}

function upsertTheme(wall: ConcernWall, theme: ThemeSummary): void {
	const existing = wall.themes.find((t) => t.id === theme.id);
	if (existing) {
		existing.title = theme.title;
		existing.answer = theme.answer;
		existing.answeredAt = theme.answeredAt;
	} else {
		wall.themes.push({
			id: theme.id,
			title: theme.title,
			answer: theme.answer,
			answeredAt: theme.answeredAt,
			concerns: []
		});
	}
}

function mergeThemes(wall: ConcernWall, from: string[], into: string): boolean {
	const target = wall.themes.find((t) => t.id === into);
	if (!target) return false;
	for (const id of from) {
		if (id === into) continue;
		const index = wall.themes.findIndex((t) => t.id === id);
		const source = wall.themes[index];
		if (!source) continue;
		target.concerns.push(...source.concerns);
		wall.themes.splice(index, 1);
	}
	return true;
}

/**
 * Most endorsed first, by the figures shown (a hidden count ranks between 0 and the minimum group size, like the
 * server's order); ties keep the order they had (stable sort), so nothing jumps without a reason.
 */
export function rankProposals<P extends { endorsements: Figure }>(list: P[]): void {
	const ranked = list
		.map((p, index) => ({ p, index }))
		.sort((a, b) => compareFigures(a.p.endorsements, b.p.endorsements) || a.index - b.index)
		.map(({ p }) => p);
	list.splice(0, list.length, ...ranked);
}

/** The console's risk note of a proposal it already shows (events other than `proposal.updated` do not carry it). */
function riskOf(existing: PublicProposal | undefined): string {
	return existing && 'riskNote' in existing && typeof existing.riskNote === 'string' ? existing.riskNote : '';
}

function publicProposal(c: ApprovedContribution): PublicProposal {
	return {
		id: c.id,
		text: c.text,
		redacted: c.redacted,
		proposedRole: c.proposedRole,
		resources: c.resources,
		endorsements: c.endorsements,
		shortlisted: c.shortlisted,
		ownerRole: c.ownerRole,
		tiedTo: c.tiedTo
	};
}

function removeById<T extends { id: string }>(list: T[], id: string): T | null {
	const index = list.findIndex((item) => item.id === id);
	return index >= 0 ? (list.splice(index, 1)[0] ?? null) : null;
}

/**
 * What every role shares: the wall, the proposal ranking and the phase. Returns `true` when applied, `false`
 * when a fresh snapshot is needed, and `null` when the event is not about these parts.
 */
function applyShared(
	view: { wall: ConcernWall; proposals: PublicProposal[] },
	event: StreamEvent,
	makeProposal: (c: ApprovedContribution, existing: PublicProposal | undefined) => PublicProposal
): boolean | null {
	switch (event.type) {
		// Ending early changes everything a screen shows: a fresh snapshot, which is always right.
		case 'session.endEarly':
			return false;
		case 'contribution.approved': {
			const c = event.data;
			if (c.kind === 'concern') {
				upsertConcern(view.wall, c);
			} else {
				const existing = view.proposals.find((p) => p.id === c.id);
				const next = makeProposal(c, existing);
				if (existing) Object.assign(existing, next);
				else view.proposals.push(next);
				rankProposals(view.proposals);
			}
			return true;
		}
		case 'contribution.hidden':
			removeFromWall(view.wall, event.data.id);
			removeById(view.proposals, event.data.id);
			return true;
		case 'contribution.themed':
			return themeConcerns(view.wall, event.data.ids, event.data.themeId);
		case 'theme.created':
		case 'theme.updated':
			upsertTheme(view.wall, event.data);
			return true;
		case 'theme.merged':
			return mergeThemes(view.wall, event.data.from, event.data.into);
		case 'proposal.updated': {
			const p = view.proposals.find((x) => x.id === event.data.id);
			if (p) {
				p.shortlisted = event.data.shortlisted;
				p.ownerRole = event.data.ownerRole;
				p.tiedTo = event.data.tiedTo;
			}
			return true;
		}
		case 'endorsement.counted': {
			const p = view.proposals.find((x) => x.id === event.data.contributionId);
			if (p) {
				p.endorsements = event.data.endorsements;
				rankProposals(view.proposals);
			}
			return true;
		}
		default:
			return null;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------------------------

/** What a phone can send in a phase: the same rule the server applies (see `phoneView`). */
function phoneAccepts(view: PhoneView): PhoneView['accepts'] {
	return {
		concern: view.phase === 'fearsAndStigma',
		proposal: view.phase === 'proposals',
		endorsement: view.phase === 'proposals' && view.endorsementsLeft > 0
	};
}

/** Which agreement rounds take answers: the same rule as the server's phone view. */
function phoneRounds(view: PhoneView): void {
	if (!view.agreement) return;
	view.agreement.consentOpen =
		!view.paused && view.phase === 'agreement' && view.controls.openPrompt === 'consent';
	view.agreement.checkOutOpen =
		!view.paused && view.phase === 'closing' && view.controls.checkOutOpen === true;
}

/**
 * A phone's own place after the round changed (issue 11): it holds the piece when the holder is its turn, has
 * spoken once the piece moved on from it, and has no place in a round that ended or is another one.
 */
export function myPlaceAfter(
	mine: MySpeakingPlace | null | undefined,
	before: SpeakingRoundView | null | undefined,
	round: SpeakingRoundView | null
): MySpeakingPlace | null {
	if (!mine || !round || (before && before.id !== round.id)) return null;
	if (round.holder?.turnId === mine.turnId) return { ...mine, status: 'holding' };
	if (mine.status === 'holding') return { ...mine, status: 'spoken' };
	return mine;
}

export function applyPhoneEvent(view: PhoneView, event: StreamEvent): boolean {
	const shared = applyShared(view, event, (c, existing) => ({
		...publicProposal(c),
		endorsedByMe: (existing as PhoneView['proposals'][number] | undefined)?.endorsedByMe ?? false
	}));
	if (shared !== null) return shared;
	switch (event.type) {
		case 'session.pause':
		case 'session.resume':
		case 'phase.advance':
		case 'phase.revisit':
			// What was approved during the pause comes with the resume, for every phone in one frame.
			if (event.data.board) {
				const endorsed = new Set(view.proposals.filter((p) => p.endorsedByMe).map((p) => p.id));
				view.wall = event.data.board.wall;
				view.proposals = event.data.board.proposals.map((p) => ({ ...p, endorsedByMe: endorsed.has(p.id) }));
			}
			// Everything else a phone shows follows from the phase, so a hall of phones needs no fresh view here.
			// A timer belongs to its phase: the server stops it with the move (and says so), but a phone that
			// replays an older log must not count down into the next phase either.
			if (event.type === 'phase.advance' || event.type === 'phase.revisit') view.controls.timer = null;
			view.phase = event.data.to;
			view.paused = event.data.to === 'paused';
			view.guidingQuestionKey = `live_question_${event.data.to}`;
			view.accepts = phoneAccepts(view);
			phoneRounds(view);
			return true;
		case 'controls.changed': {
			const { serverNow: _serverNow, join: _join, ...controls } = event.data;
			view.controls = controls;
			phoneRounds(view);
			return true;
		}
		case 'agreement.changed': {
			if (!view.agreement) return false;
			// An answer to an earlier version no longer counts: the phone asks again.
			if (event.data.version !== view.agreement.version) delete view.myAnswers.consent;
			view.agreement.version = event.data.version;
			view.agreement.number = event.data.number;
			view.agreement.commitments = event.data.commitments;
			view.agreement.readBack = event.data.readBack;
			return true;
		}
		case 'closing.changed':
			if (!view.agreement) return false;
			view.agreement.ritualRecorded = event.data.ritualRecorded;
			view.agreement.followUpOn = event.data.followUpOn;
			return true;
		case 'speaking.changed':
			view.mySpeaking = myPlaceAfter(view.mySpeaking, view.speaking, event.data.round);
			view.speaking = event.data.round;
			return true;
		default:
			return true;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The projector
// ---------------------------------------------------------------------------------------------------------------

export function applyProjectorEvent(view: ProjectorView, event: StreamEvent): boolean {
	// Also from a pause, whose view holds nothing: the ending needs a fresh snapshot.
	if (event.type === 'session.endEarly') return false;
	if (event.type === 'session.pause') {
		// The pause screen shows nothing else: drop everything the view held.
		const paused: ProjectorView = {
			role: 'display',
			sessionId: view.sessionId,
			seq: event.seq,
			serverNow: view.serverNow,
			phase: 'paused',
			paused: true,
			languages: view.paused ? view.languages : view.controls.languages
		};
		for (const key of Object.keys(view)) delete (view as unknown as Record<string, unknown>)[key];
		Object.assign(view, paused);
		return true;
	}
	// While paused the view holds nothing but the room's languages; the server sends a whole snapshot when it ends.
	if (view.paused) {
		if (event.type === 'controls.changed') view.languages = event.data.languages ?? null;
		return true;
	}
	const shared = applyShared(view, event, (c) => publicProposal(c));
	if (shared !== null) return shared;
	switch (event.type) {
		case 'phase.advance':
		case 'phase.revisit':
			// The values panel of the new step follows as a `values` message.
			view.phase = event.data.to;
			// A timer belongs to its phase (the server stops it with the move, and says so too).
			view.controls.timer = null;
			view.guidingQuestionKey = `live_question_${event.data.to}`;
			// A closed session takes no one in (the same rule as the server's projector view).
			if (view.phase === 'closed') view.join = null;
			return true;
		case 'controls.changed': {
			const { serverNow: _serverNow, join, ...controls } = event.data;
			view.controls = controls;
			view.join = controls.joinVisible && view.phase !== 'closed' ? join : null;
			return true;
		}
		case 'agreement.changed':
			view.agreement = event.data;
			return true;
		case 'speaking.changed':
			view.speaking = event.data.round;
			return true;
		default:
			return true;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The facilitator's console
// ---------------------------------------------------------------------------------------------------------------

function countThemeConcerns(view: ConsoleView): void {
	for (const theme of view.themes) {
		theme.concerns = view.wall.themes.find((t) => t.id === theme.id)?.concerns.length ?? 0;
	}
}

export function applyConsoleEvent(view: ConsoleView, event: StreamEvent): boolean {
	switch (event.type) {
		// The console's whole view changes (the ended panel, the report link): a fresh snapshot.
		case 'session.endEarly':
			return false;
		case 'contribution.submitted':
			if (!view.moderationQueue.some((item) => item.id === event.data.id))
				view.moderationQueue.push(event.data);
			return true;
		case 'contribution.approved': {
			const before =
				removeById(view.moderationQueue, event.data.id) ?? removeById(view.hidden, event.data.id);
			const note = event.data.staff?.moderatorNote ?? before?.moderatorNote ?? '';
			applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: note,
				riskNote: riskOf(existing)
			}));
			countThemeConcerns(view);
			return true;
		}
		case 'contribution.hidden': {
			const queued = removeById(view.moderationQueue, event.data.id);
			if (queued) {
				view.hidden.unshift({
					...queued,
					status: 'hidden',
					moderatorNote: event.data.staff?.moderatorNote ?? queued.moderatorNote
				});
				return true;
			}
			// It was on the wall: the hidden list needs its full record, which only a snapshot has.
			applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: '',
				riskNote: riskOf(existing)
			}));
			countThemeConcerns(view);
			return false;
		}
		case 'contribution.themed':
		case 'theme.merged': {
			const applied = applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: '',
				riskNote: riskOf(existing)
			}));
			if (event.type === 'theme.merged') {
				view.themes = view.themes.filter((t) => t.id === event.data.into || !event.data.from.includes(t.id));
			}
			countThemeConcerns(view);
			return applied === true;
		}
		case 'theme.created':
		case 'theme.updated': {
			applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: '',
				riskNote: riskOf(existing)
			}));
			const existing = view.themes.find((t) => t.id === event.data.id);
			const { position: _position, ...summary } = event.data;
			if (existing) Object.assign(existing, summary);
			else view.themes.push({ ...summary, concerns: 0 });
			countThemeConcerns(view);
			return true;
		}
		case 'proposal.updated': {
			applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: '',
				riskNote: riskOf(existing)
			}));
			const riskNote = event.data.staff?.riskNote;
			const p = view.proposals.find((x) => x.id === event.data.id);
			if (p && riskNote !== undefined) p.riskNote = riskNote;
			return true;
		}
		case 'endorsement.counted':
			applyShared(view, event, (c, existing) => ({
				...publicProposal(c),
				moderatorNote: '',
				riskNote: riskOf(existing)
			}));
			return true;
		case 'participant.joined':
			view.participants.joined = event.data.joined;
			return true;
		case 'response.counted':
			view.aggregates[event.data.prompt] = event.data;
			return true;
		case 'controls.changed': {
			const { serverNow: _serverNow, join, ...controls } = event.data;
			const consentClosed = view.controls.openPrompt === 'consent' && controls.openPrompt !== 'consent';
			// While the round is open, nothing is told about objections (the server's view says the same).
			if (controls.openPrompt === 'consent' && view.agreement) view.agreement.consentBlocked = false;
			view.controls = controls;
			view.join = { ...(join ?? view.join), visible: controls.joinVisible };
			// Whether a "cannot live with it" waits to be resolved is told once the round closes: a fresh view has it.
			return !consentClosed;
		}
		case 'session.pause':
		case 'session.resume':
		case 'phase.advance':
		case 'phase.revisit':
			view.phase = event.data.to;
			view.paused = event.data.to === 'paused';
			if (event.data.check !== undefined) view.check = event.data.check;
			return false;
		case 'outcome.ready':
			view.reportPath = event.data.reportPath;
			return true;
		// The consent spread, the unresolved "cannot live with it" and the incomplete count follow from the whole
		// agreement on the server: one console asks for a fresh view rather than working them out twice. The new
		// projector link is not in `display.rotated` (the log keeps no secret): the fresh view carries it.
		case 'agreement.changed':
		case 'consent.resolved':
		case 'closing.changed':
		case 'session.review':
		case 'display.rotated':
			return false;
		case 'session.created':
		case 'session.opened':
			return true;
		case 'speaking.changed':
			// The staff frame carries the queue and counts too.
			view.speaking = event.data.round && 'queue' in event.data.round ? event.data.round : null;
			return event.data.round === null || 'queue' in event.data.round;
	}
}
