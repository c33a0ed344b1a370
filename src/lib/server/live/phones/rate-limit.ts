// live/phones: what phones send (contributions, endorsements, answers), its screening and limits, addresses.
/**
 * Sliding-window counters in memory, for the live session's limits: submissions per phone, and *failed* join
 * attempts per client address (a hall full of phones on one Wi-Fi shares one address, so successful joins are
 * never counted). A restart forgets the counts, which is acceptable for limits of minutes. Keys are never
 * stored anywhere else and never logged. Windows are measured on the monotonic clock: a wall clock set back by
 * an hour must not block a phone for that hour, nor one set forward open the window early.
 */
import { monotonicNow } from '../../clock';

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class WindowLimiter {
	readonly #hits = new Map<string, number[]>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		/** Above this many keys, stale ones are swept (bounds the memory). */
		readonly sweepAbove = 10_000
	) {}

	/** Whether one more hit of `key` is allowed now, without counting it. */
	check(key: string, now = monotonicNow()): LimitDecision {
		const times = this.#recent(key, now);
		if (times.length < this.limit) return { allowed: true };
		const oldestBlocking = times[times.length - this.limit] ?? now;
		const waitMs = Math.max(1, oldestBlocking + this.windowMs - now);
		return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
	}

	/** Counts a hit of `key`. */
	hit(key: string, now = monotonicNow()): void {
		if (this.#hits.size > this.sweepAbove) this.#sweep(now);
		const times = this.#recent(key, now);
		times.push(now);
		this.#hits.set(key, times);
	}

	/** Checks and, when allowed, counts in one step. */
	take(key: string, now = monotonicNow()): LimitDecision {
		const decision = this.check(key, now);
		if (decision.allowed) this.hit(key, now);
		return decision;
	}

	clear(): void {
		this.#hits.clear();
	}

	#recent(key: string, now: number): number[] {
		const start = now - this.windowMs;
		return (this.#hits.get(key) ?? []).filter((t) => t > start);
	}

	#sweep(now: number): void {
		for (const key of [...this.#hits.keys()]) {
			const times = this.#recent(key, now);
			if (times.length === 0) this.#hits.delete(key);
			else this.#hits.set(key, times);
		}
	}
}

/**
 * How many of a phone's contributions may wait for moderation at once. Contributions are stored without any
 * reference to the phone (privacy), so the ids a phone sent are remembered here, in memory only, never stored
 * or logged, and forgotten as soon as a moderator has dealt with them (or on restart, which is acceptable for a
 * brake). `isPending` tells which of the remembered ids still wait.
 */
export class PendingLimiter {
	readonly #byPhone = new Map<string, string[]>();

	constructor(readonly limit: number) {}

	/** How many of this phone's contributions still wait (forgetting the others). */
	waiting(key: string, isPending: (ids: string[]) => Set<string>): number {
		const ids = this.#byPhone.get(key);
		if (!ids) return 0;
		const still = isPending(ids);
		const kept = ids.filter((id) => still.has(id));
		if (kept.length === 0) this.#byPhone.delete(key);
		else this.#byPhone.set(key, kept);
		return kept.length;
	}

	/** Remembers a new contribution of this phone. */
	add(key: string, id: string): void {
		this.#byPhone.set(key, [...(this.#byPhone.get(key) ?? []), id]);
	}

	clear(): void {
		this.#byPhone.clear();
	}
}

/** Five unread contributions per phone: more than a person writes before a facilitator reads, a brake on a flood. */
export const pendingLimiter = new PendingLimiter(5);

/** Ten contributions a minute per phone: plenty for a person, a brake on a script. */
export const contributionLimiter = new WindowLimiter(10, 60_000);
/** Endorsements and answers are small and often re-tapped: a looser limit. */
export const voteLimiter = new WindowLimiter(60, 60_000);
/** Asking for a pause and taking it back: ten times a minute per phone is more than a person taps. */
export const pauseRequestLimiter = new WindowLimiter(10, 60_000);
/** Asking to speak, passing, changing the name for the round: thirty a minute per phone (each may be a write). */
export const speakingLimiter = new WindowLimiter(30, 60_000);
/** A phone's language changes: ten a minute (a person changes it once or twice; each is a write). */
export const languageLimiter = new WindowLimiter(10, 60_000);
/** Twenty wrong join codes per address per ten minutes. */
export const joinFailureLimiter = new WindowLimiter(20, 10 * 60_000);

/** Forget every count (tests). */
export function clearLimits(): void {
	contributionLimiter.clear();
	voteLimiter.clear();
	joinFailureLimiter.clear();
	pendingLimiter.clear();
	pauseRequestLimiter.clear();
	languageLimiter.clear();
	speakingLimiter.clear();
}
