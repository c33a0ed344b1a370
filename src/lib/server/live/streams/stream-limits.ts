// live/streams: where event streams are written; replay of the log, caps on open streams, who is connected.
/**
 * How many event streams may be open at once. Every stream holds a socket, which is an open file: without caps,
 * one phone cookie could open thousands of streams, and at the process's open-file limit the console,
 * `/healthz` and `/join` would all fail. So phones, projectors and observers are capped per phone, per projector link, per session's observers,
 * per session and for the whole process; a stream over a cap is refused with a 429 problem and `Retry-After`
 * (the phone's stream client backs off and tries again). Staff streams are never refused: they count towards the
 * totals but a facilitator can always watch their session. The process cap stays well below the open-file
 * limit, so that there are always files left for staff, `/healthz`, joins and the database.
 *
 * Counts live in memory only; the keys are participant ids and session ids, never stored or logged.
 */
import fs from 'node:fs';
import { m } from '$lib/paraglide/messages';
import { LiveError } from '../errors';
import type { StreamViewer } from './stream';

export interface StreamLimits {
	/** Streams of one phone (one tab, plus a reconnect whose old socket is not yet noticed as gone). */
	perParticipant: number;
	/** Streams of one session's projector link (the projector, and a second screen in an overflow room). */
	perDisplay: number;
	/**
	 * Observers of one session (the watch link has no cookie to count by): enough for an outer circle, few enough
	 * that a flood of them cannot fill the session's streams before the phones.
	 */
	perObservers: number;
	/** Phone and projector streams of one session (the participant cap times two, plus room to spare). */
	perSession: number;
	/** Phone and projector streams of the whole process. */
	process: number;
}

/** The process cap where `STREAM_LIMIT_PROCESS` is not set (and the open files allow it). */
const DEFAULT_PROCESS_STREAMS = 10_000;

/** Files kept free for staff streams, `/healthz`, joins, the database and its journal. */
const RESERVED_FILES = 256;

/** The soft open-file limit of this process (Linux reads it from /proc), or null where it cannot be read. */
export function openFileLimit(): number | null {
	try {
		const limits = fs.readFileSync('/proc/self/limits', 'utf8');
		const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
		if (!match) return null;
		return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
	} catch {
		return null;
	}
}

function positive(value: string | undefined): number | null {
	if (value === undefined || !/^\d{1,7}$/.test(value.trim())) return null;
	const n = Number(value.trim());
	return n > 0 ? n : null;
}

/**
 * The caps from the environment (`STREAM_LIMIT_PARTICIPANT`, `…_DISPLAY`, `…_OBSERVERS`, `…_SESSION`, `…_PROCESS`), with
 * defaults. The process cap is at most three quarters of what the open-file limit leaves after the reserve (700
 * where the limit cannot be read: a 1024-file default leaves room for that). Unless `STREAM_LIMIT_PROCESS` says
 * otherwise it is also at most 10 000; a server meant for more (`npm run bench` holds 10 000 phones in one hall) sets
 * it higher, within what the files allow.
 */
export function readStreamLimits(
	env: NodeJS.ProcessEnv = process.env,
	files: number | null = openFileLimit()
): StreamLimits {
	const fromFiles = files === null ? 700 : Math.max(16, Math.floor((files - RESERVED_FILES) * 0.75));
	return {
		perParticipant: positive(env.STREAM_LIMIT_PARTICIPANT) ?? 3,
		perDisplay: positive(env.STREAM_LIMIT_DISPLAY) ?? 4,
		perObservers: positive(env.STREAM_LIMIT_OBSERVERS) ?? 100,
		perSession: positive(env.STREAM_LIMIT_SESSION) ?? 1_200,
		process: Math.min(
			positive(env.STREAM_LIMIT_PROCESS) ?? Math.min(DEFAULT_PROCESS_STREAMS, fromFiles),
			fromFiles
		)
	};
}

let limits: StreamLimits | null = null;

export function streamLimits(): StreamLimits {
	limits ??= readStreamLimits();
	return limits;
}

/** Tests change the caps. */
export function setStreamLimits(change: Partial<StreamLimits>): void {
	limits = { ...streamLimits(), ...change };
}

const byKey = new Map<string, number>();
const bySession = new Map<string, number>();
let total = 0;

function bump(map: Map<string, number>, key: string, step: number): void {
	const next = (map.get(key) ?? 0) + step;
	if (next <= 0) map.delete(key);
	else map.set(key, next);
}

/** Seconds a refused phone or projector should wait: its own streams end quickly, a full hall takes longer. */
const RETRY_OWN = 5;
const RETRY_FULL = 30;

/**
 * Counts a new stream of this viewer, or refuses it with a 429 when a cap is reached. Returns the function that
 * uncounts it (safe to call twice).
 */
export function admitStream(sessionId: string, viewer: StreamViewer): () => void {
	const cap = streamLimits();
	const key =
		viewer.role === 'participant'
			? `p:${viewer.participant.id}`
			: viewer.role === 'display'
				? `d:${sessionId}`
				: viewer.role === 'observer'
					? `o:${sessionId}`
					: null;
	if (key !== null) {
		const own =
			viewer.role === 'participant'
				? cap.perParticipant
				: viewer.role === 'observer'
					? cap.perObservers
					: cap.perDisplay;
		if ((byKey.get(key) ?? 0) >= own) {
			throw new LiveError(429, 'tooManyStreams', m.live_error_too_many_streams(), {
				retryAfterSeconds: RETRY_OWN,
				limit: 'viewer'
			});
		}
		if ((bySession.get(sessionId) ?? 0) >= cap.perSession) {
			throw new LiveError(429, 'tooManyStreams', m.live_error_streams_full(), {
				retryAfterSeconds: RETRY_FULL,
				limit: 'session'
			});
		}
		if (total >= cap.process) {
			throw new LiveError(429, 'tooManyStreams', m.live_error_streams_full(), {
				retryAfterSeconds: RETRY_FULL,
				limit: 'process'
			});
		}
		bump(byKey, key, 1);
		bump(bySession, sessionId, 1);
	}
	total++;
	let released = false;
	return () => {
		if (released) return;
		released = true;
		total = Math.max(0, total - 1);
		if (key !== null) {
			bump(byKey, key, -1);
			bump(bySession, sessionId, -1);
		}
	};
}

/** Open streams counted against the caps (tests, and the capacity line in the log). */
export function countedStreams(): { total: number; sessions: number } {
	return { total, sessions: bySession.size };
}
