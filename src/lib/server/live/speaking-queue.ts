// live/: what every folder here shares; the speaking round's queue, held in memory only.
/**
 * The speaking round's queue (issue 11, the talking piece), in this process's memory only: which phone asked for a
 * turn, in what order, under which first name or seat number. None of it is written to a table, the session's log
 * or a backup, so nothing on disk ties a device to a name or to having spoken; `forgetSpeakingRound` drops all of it
 * when the round ends (the end, a phase move, the session ending), and a restart forgets it too (the round itself,
 * its holder and its counts are kept in the session's controls; phones ask again).
 *
 * One place per phone: asking again while waiting keeps the place (and takes a new label), so a phone asking a
 * thousand times is still one place in the queue.
 */
import { randomBytes } from 'node:crypto';
import type { MySpeakingPlace, SpeakerKind, SpeakingSeat, SpeakingStatus } from '$lib/live/speaking';

interface Place {
	turnId: string;
	kind: SpeakerKind;
	label: string | null;
	status: SpeakingStatus;
	/** Order of asking (lower first). */
	order: number;
}

interface RoundQueue {
	roundId: string;
	/** Keyed by the participant's id (never stored; forgotten with the round). */
	places: Map<string, Place>;
	nextOrder: number;
}

const queues = new Map<string, RoundQueue>();

function newTurnId(): string {
	return randomBytes(12).toString('base64url');
}

/** The queue of the round `roundId` of a session, created on first use (and replaced when the round changed). */
function queueOf(sessionId: string, roundId: string): RoundQueue {
	const existing = queues.get(sessionId);
	if (existing && existing.roundId === roundId) return existing;
	const fresh: RoundQueue = { roundId, places: new Map(), nextOrder: 0 };
	queues.set(sessionId, fresh);
	return fresh;
}

function seatOf(place: Place): SpeakingSeat {
	return { turnId: place.turnId, kind: place.kind, label: place.label };
}

/** What an ask or a pass changed: nothing (a repeat), or the queue (`changed`), and the pass count's step. */
export interface QueueChange {
	changed: boolean;
	/**
	 * Whether a screen shows the change (the queue, who is next, a label). A pass by a phone that was not waiting
	 * changes only the count of passes, which no screen may tell below the minimum group size: no frame for it.
	 */
	visible: boolean;
	passDelta: -1 | 0 | 1;
	place: MySpeakingPlace;
}

function mine(place: Place): MySpeakingPlace {
	return { turnId: place.turnId, status: place.status, kind: place.kind, label: place.label };
}

/**
 * What asking for a turn would do, without doing it (`commit` applies it once the transaction that logs it has
 * committed). Waiting already: the same place, with the new label. Passed or spoken: a new place at the end.
 * Holding the piece: nothing.
 */
export function planAsk(
	sessionId: string,
	roundId: string,
	participantId: string,
	kind: SpeakerKind,
	label: string | null
): { change: QueueChange; commit: () => void } {
	const queue = queueOf(sessionId, roundId);
	const place = queue.places.get(participantId);
	if (place && place.status === 'holding') {
		return {
			change: { changed: false, visible: false, passDelta: 0, place: mine(place) },
			commit: () => {}
		};
	}
	if (place && place.status === 'waiting') {
		const same = place.kind === kind && place.label === label;
		const next: Place = { ...place, kind, label };
		return {
			change: { changed: !same, visible: !same, passDelta: 0, place: mine(next) },
			commit: () => queue.places.set(participantId, next)
		};
	}
	const next: Place = { turnId: newTurnId(), kind, label, status: 'waiting', order: queue.nextOrder };
	return {
		change: {
			changed: true,
			visible: true,
			passDelta: place?.status === 'passed' ? -1 : 0,
			place: mine(next)
		},
		commit: () => {
			queue.nextOrder = Math.max(queue.nextOrder, next.order + 1);
			queue.places.set(participantId, next);
		}
	};
}

/**
 * What passing would do: a phone that has not spoken passes (once; leaving the queue if it was waiting). A phone
 * that holds the piece or has spoken changes nothing.
 */
export function planPass(
	sessionId: string,
	roundId: string,
	participantId: string
): { change: QueueChange; commit: () => void } {
	const queue = queueOf(sessionId, roundId);
	const place = queue.places.get(participantId);
	if (place && place.status !== 'waiting') {
		return {
			change: { changed: false, visible: false, passDelta: 0, place: mine(place) },
			commit: () => {}
		};
	}
	const next: Place = {
		turnId: place?.turnId ?? newTurnId(),
		kind: place?.kind ?? 'someone',
		label: null,
		status: 'passed',
		order: place?.order ?? queue.nextOrder
	};
	return {
		change: { changed: true, visible: place?.status === 'waiting', passDelta: 1, place: mine(next) },
		commit: () => queue.places.set(participantId, next)
	};
}

/** Who waits, in the order they asked. */
export function waitingSeats(sessionId: string, roundId: string): SpeakingSeat[] {
	const queue = queues.get(sessionId);
	if (!queue || queue.roundId !== roundId) return [];
	return [...queue.places.values()]
		.filter((p) => p.status === 'waiting')
		.sort((a, b) => a.order - b.order)
		.map(seatOf);
}

/** The seat of a turn id, when this process still knows it (after a restart it does not: "someone"). */
export function seatOfTurn(sessionId: string, roundId: string, turnId: string | null): SpeakingSeat | null {
	if (turnId === null) return null;
	const queue = queues.get(sessionId);
	const place =
		queue && queue.roundId === roundId
			? [...queue.places.values()].find((p) => p.turnId === turnId)
			: undefined;
	return place ? seatOf(place) : { turnId, kind: 'someone', label: null };
}

/** A phone's own place in the round, if it asked or passed. */
export function myPlace(sessionId: string, roundId: string, participantId: string): MySpeakingPlace | null {
	const queue = queues.get(sessionId);
	if (!queue || queue.roundId !== roundId) return null;
	const place = queue.places.get(participantId);
	return place ? mine(place) : null;
}

/**
 * Hands the piece on: the holder `from` (if any) has spoken, and `to` (the first waiting) holds it now. Applied
 * after the commit that recorded the move; the command checked `from` against the stored holder first.
 */
export function movePiece(sessionId: string, roundId: string, from: string | null, to: string | null): void {
	const queue = queueOf(sessionId, roundId);
	for (const place of queue.places.values()) {
		if (from !== null && place.turnId === from) place.status = 'spoken';
		if (to !== null && place.turnId === to) place.status = 'holding';
	}
}

/** Forgets the round's queue and every label in it. */
export function forgetSpeakingRound(sessionId: string): void {
	queues.delete(sessionId);
}

/** Whether this process holds anything of a session's round (specs). */
export function holdsSpeakingQueue(sessionId: string): boolean {
	return queues.has(sessionId);
}
