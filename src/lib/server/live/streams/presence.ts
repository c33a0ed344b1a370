// live/streams: where event streams are written; replay of the log, caps on open streams, who is connected.
/**
 * Who is connected right now, which phones are typing, and which ask for a pause: in memory only, never stored. Streams register
 * here by role; phones report "typing" while their text field has unsent text, and the report expires on its
 * own so that a phone that went away stops counting. Listeners (the console's streams) hear of changes.
 */
import type { PauseRequests, ViewerRole } from '$lib/live/types';
import type { Figure } from '$lib/outcome/types';
import { countFigure } from '$lib/privacy/small-groups';
import { monotonicNow } from '../../clock';

/** A typing report lasts this long unless renewed. */
export const TYPING_TTL_MS = 8_000;
/**
 * A phone holding unsent items counts this long after its last report: it may be the phone that has just lost
 * its Wi-Fi, and cannot say so any more.
 */
export const QUEUED_TTL_MS = 60_000;
/**
 * A request for a pause ("I need a moment") stands this long unless the facilitator answers it first (by pausing,
 * or by marking the requests seen): long enough to be noticed in a busy phase, not forever.
 */
export const PAUSE_REQUEST_TTL_MS = 10 * 60_000;

export interface PresenceCounts {
	connected: Record<ViewerRole, number>;
	typing: number;
	/** Phones that said they hold queued submissions not sent yet. */
	queued: number;
	/** Phones asking for a pause. */
	pauseRequests: number;
}

interface SessionPresence {
	connected: Record<ViewerRole, number>;
	/** participant id → expiry (ms). */
	typing: Map<string, number>;
	/** participant id → expiry (ms). */
	queued: Map<string, number>;
	/** participant id → expiry (ms): one request per phone, however often it asks. */
	pauseRequests: Map<string, number>;
	listeners: Set<() => void>;
}

const sessions = new Map<string, SessionPresence>();

function entry(sessionId: string): SessionPresence {
	let found = sessions.get(sessionId);
	if (!found) {
		found = {
			connected: { participant: 0, staff: 0, display: 0, observer: 0 },
			typing: new Map(),
			queued: new Map(),
			pauseRequests: new Map(),
			listeners: new Set()
		};
		sessions.set(sessionId, found);
	}
	return found;
}

function notify(presence: SessionPresence): void {
	for (const listener of presence.listeners) listener();
}

function forgetIfIdle(sessionId: string, presence: SessionPresence): void {
	const { participant, staff, display, observer } = presence.connected;
	const reports = presence.typing.size + presence.queued.size + presence.pauseRequests.size;
	if (participant + staff + display + observer === 0 && reports === 0 && presence.listeners.size === 0) {
		sessions.delete(sessionId);
	}
}

/** Counts one open stream; returns the function that uncounts it. */
export function trackConnection(sessionId: string, role: ViewerRole): () => void {
	const presence = entry(sessionId);
	presence.connected[role]++;
	notify(presence);
	let done = false;
	return () => {
		if (done) return;
		done = true;
		presence.connected[role] = Math.max(0, presence.connected[role] - 1);
		notify(presence);
		forgetIfIdle(sessionId, presence);
	};
}

/** A phone says it is (or stopped) typing. */
export function reportTyping(
	sessionId: string,
	participantId: string,
	typing: boolean,
	now = monotonicNow()
): void {
	const presence = entry(sessionId);
	const was = presence.typing.has(participantId);
	if (typing) presence.typing.set(participantId, now + TYPING_TTL_MS);
	else presence.typing.delete(participantId);
	if (was !== typing) notify(presence);
	forgetIfIdle(sessionId, presence);
}

/** A phone says it holds (or no longer holds) submissions it could not send yet. */
export function reportQueued(
	sessionId: string,
	participantId: string,
	queued: boolean,
	now = monotonicNow()
): void {
	const presence = entry(sessionId);
	const was = presence.queued.has(participantId);
	if (queued) presence.queued.set(participantId, now + QUEUED_TTL_MS);
	else presence.queued.delete(participantId);
	if (was !== queued) notify(presence);
	forgetIfIdle(sessionId, presence);
}

/** A phone asks for a pause (or takes its request back). In memory only; the console hears a count, never who. */
export function reportPauseRequest(
	sessionId: string,
	participantId: string,
	asking: boolean,
	now = monotonicNow()
): void {
	const presence = entry(sessionId);
	const was = presence.pauseRequests.has(participantId);
	if (asking) presence.pauseRequests.set(participantId, now + PAUSE_REQUEST_TTL_MS);
	else presence.pauseRequests.delete(participantId);
	if (was !== asking) notify(presence);
	forgetIfIdle(sessionId, presence);
}

/** The facilitator has answered the requests (paused, or marked them seen): they stop counting. */
export function clearPauseRequests(sessionId: string): void {
	const presence = sessions.get(sessionId);
	if (!presence || presence.pauseRequests.size === 0) return;
	presence.pauseRequests.clear();
	notify(presence);
	forgetIfIdle(sessionId, presence);
}

export function presenceOf(sessionId: string, now = monotonicNow()): PresenceCounts {
	const presence = sessions.get(sessionId);
	if (!presence) {
		return {
			connected: { participant: 0, staff: 0, display: 0, observer: 0 },
			typing: 0,
			queued: 0,
			pauseRequests: 0
		};
	}
	for (const map of [presence.typing, presence.queued, presence.pauseRequests]) {
		for (const [id, expires] of map) if (expires <= now) map.delete(id);
	}
	return {
		connected: { ...presence.connected },
		typing: presence.typing.size,
		queued: presence.queued.size,
		pauseRequests: presence.pauseRequests.size
	};
}

/** The counts as the console shows them: phones by the small-group rule (screens and staff are not people answering). */
export interface ShownPresence {
	connected: { participant: Figure; staff: number; display: number; observer: number };
	typing: Figure;
	queued: Figure;
	pauseRequests: PauseRequests;
}

export function shownPresence(counts: PresenceCounts, minGroupSize: number): ShownPresence {
	return {
		connected: { ...counts.connected, participant: countFigure(counts.connected.participant, minGroupSize) },
		typing: countFigure(counts.typing, minGroupSize),
		queued: countFigure(counts.queued, minGroupSize),
		// That someone asked is what the facilitator must know; how many only from the minimum group size up.
		pauseRequests: {
			asked: counts.pauseRequests > 0,
			count: countFigure(counts.pauseRequests, minGroupSize)
		}
	};
}

/** Calls `listener` whenever the counts of this session change; returns the unsubscribe function. */
export function onPresence(sessionId: string, listener: () => void): () => void {
	const presence = entry(sessionId);
	presence.listeners.add(listener);
	return () => {
		presence.listeners.delete(listener);
		forgetIfIdle(sessionId, presence);
	};
}

/** Forget everything (tests). */
export function clearPresence(): void {
	sessions.clear();
}
