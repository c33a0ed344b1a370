/**
 * Sign-in throttling, in memory (one server process; a restart forgets, which is acceptable for a limit that
 * lasts 15 minutes). Only failures count: a whole community hall, or an office, can share one address, and
 * people signing in successfully must never lock each other out. Two limits apply, per email (guessing one
 * person's password) and per client address (trying many emails).
 */

export interface RateLimitOptions {
	windowMs: number;
	maxPerEmail: number;
	maxPerAddress: number;
	/** Above this many tracked keys, stale ones are swept on the next failure (bounds the memory). */
	sweepAbove: number;
}

export const DEFAULT_SIGN_IN_LIMITS: RateLimitOptions = {
	windowMs: 15 * 60 * 1000,
	maxPerEmail: 5,
	maxPerAddress: 30,
	sweepAbove: 10_000
};

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInLimiter {
	readonly options: RateLimitOptions;
	/** key → failure times, oldest first. Keys are `e:<email>` and `a:<address>`. */
	readonly #failures = new Map<string, number[]>();

	constructor(options: Partial<RateLimitOptions> = {}) {
		this.options = { ...DEFAULT_SIGN_IN_LIMITS, ...options };
	}

	/** Whether another attempt for this email from this address may be tried now. */
	check(email: string, address: string, now = Date.now()): RateLimitDecision {
		const waits = [
			this.#wait(`e:${email}`, this.options.maxPerEmail, now),
			this.#wait(`a:${address}`, this.options.maxPerAddress, now)
		];
		const longest = Math.max(...waits);
		return longest > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(longest / 1000) } : { allowed: true };
	}

	recordFailure(email: string, address: string, now = Date.now()): void {
		if (this.#failures.size > this.options.sweepAbove) this.#sweep(now);
		for (const key of [`e:${email}`, `a:${address}`]) {
			const times = this.#recent(key, now);
			times.push(now);
			this.#failures.set(key, times);
		}
	}

	/**
	 * A correct password clears that email's failures. The address keeps its count: otherwise one known
	 * account would let someone reset the address limit between guesses at others.
	 */
	recordSuccess(email: string): void {
		this.#failures.delete(`e:${email}`);
	}

	/** Forget everything (tests). */
	clear(): void {
		this.#failures.clear();
	}

	/** Failures of `key` still inside the window. */
	#recent(key: string, now: number): number[] {
		const times = this.#failures.get(key) ?? [];
		const start = now - this.options.windowMs;
		return times.filter((t) => t > start);
	}

	/** Milliseconds until one more failure of `key` would be allowed (0 when it is allowed now). */
	#wait(key: string, max: number, now: number): number {
		const times = this.#recent(key, now);
		if (times.length < max) return 0;
		// The attempt frees up when the oldest failure that keeps us at the limit leaves the window.
		const blocking = times[times.length - max] ?? now;
		return Math.max(1, blocking + this.options.windowMs - now);
	}

	#sweep(now: number): void {
		for (const key of [...this.#failures.keys()]) {
			const times = this.#recent(key, now);
			if (times.length === 0) this.#failures.delete(key);
			else this.#failures.set(key, times);
		}
	}
}

/** The process-wide limiter used by the sign-in form. */
export const signInLimiter = new SignInLimiter();
