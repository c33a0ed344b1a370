/**
 * Sign-in throttling that slows an attacker without handing them a way to lock someone else out (after the
 * OWASP Authentication and Credential Stuffing cheat sheets).
 *
 * - An attempt is reserved before its password is checked: `reserve` decides and counts it in one synchronous
 *   step, and the password hash is verified only afterwards. Sixty attempts sent at once therefore meet a
 *   limit that already counts the ones ahead of them; at most the free attempts are ever verified. A right
 *   password gives the reservation back.
 * - Limits are growing delays, not lock-outs: after a key's free failures, each further attempt waits for a
 *   delay that doubles with each failure (from `firstDelayMs` up to `maxDelayMs`) after the last one.
 * - Which keys count depends on the browser:
 *   - From a browser the person has signed in from before (a known device: the `hearth_device` cookie of this
 *     account), only that device's own failures count. Failures elsewhere, against the email or from the same
 *     address, never hold it back: the real person keeps getting in during an attack on their account.
 *   - From any other browser: the email at this address (someone mistyping, or guessing one account from one
 *     place), the email from anywhere (guessing spread over many addresses) and the address across all emails
 *     (one place trying many accounts; the limit is high because a hall or an office shares one address).
 *   So someone behind the same address as an attacker, or whose account is being guessed, signs in as usual
 *   from a browser they used before; only a first sign-in on a new browser may have to wait (at most
 *   `maxDelayMs`) while the attack goes on.
 *
 * In memory, for one server process (as Hearth runs): a restart forgets, which at worst gives an attacker the
 * free attempts once more. JavaScript runs one thing at a time, so the check-and-count in `reserve` cannot be
 * interleaved by another request; nothing asynchronous happens inside it.
 */

export interface DelayRule {
	/** Failures allowed without any wait. */
	free: number;
	/** The wait after the first failure beyond the free ones; it doubles with each further failure. */
	firstDelayMs: number;
	maxDelayMs: number;
}

export interface RateLimitOptions {
	/** Failures older than this are forgotten. */
	windowMs: number;
	/** A known device's own failures (the only limit it meets). */
	device: DelayRule;
	/** One email from one address, from a browser that is not a known device of that account. */
	emailAtAddress: DelayRule;
	/** One email from anywhere, from browsers that are not known devices. */
	email: DelayRule;
	/** One address across all emails, from browsers that are not known devices. */
	address: DelayRule;
	/** Above this many tracked keys, stale ones are swept on the next reservation (bounds the memory). */
	sweepAbove: number;
}

const MINUTE = 60 * 1000;

export const DEFAULT_SIGN_IN_LIMITS: RateLimitOptions = {
	windowMs: 60 * MINUTE,
	device: { free: 5, firstDelayMs: 30 * 1000, maxDelayMs: 15 * MINUTE },
	emailAtAddress: { free: 5, firstDelayMs: 30 * 1000, maxDelayMs: 15 * MINUTE },
	email: { free: 10, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE },
	address: { free: 30, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE },
	sweepAbove: 10_000
};

/** Who is trying: the email typed, the client's address, and the known device of that account, if any. */
export interface AttemptSource {
	email: string;
	address: string;
	/** The stored id of this browser's device cookie when it belongs to the account of `email`; else null. */
	deviceId: string | null;
}

/** A reserved attempt: say how it went once the password has been checked. */
export interface Reservation {
	/** The password was right: the attempt is given back, and this person's own count starts again. */
	succeeded(): void;
	/** The password was wrong (or there is no such account): the attempt stays counted. */
	failed(): void;
}

export type ReserveDecision =
	{ allowed: true; reservation: Reservation } | { allowed: false; retryAfterSeconds: number };

export class SignInLimiter {
	readonly options: RateLimitOptions;
	/** key → failure (and reserved attempt) times, oldest first. */
	readonly #failures = new Map<string, number[]>();

	constructor(options: Partial<RateLimitOptions> = {}) {
		this.options = { ...DEFAULT_SIGN_IN_LIMITS, ...options };
	}

	/** The keys an attempt counts against, each with its rule. */
	#keys(source: AttemptSource): [string, DelayRule][] {
		const { email, address, deviceId } = source;
		if (deviceId) return [[`d:${deviceId}`, this.options.device]];
		return [
			[`ea:${email}\n${address}`, this.options.emailAtAddress],
			[`e:${email}`, this.options.email],
			[`a:${address}`, this.options.address]
		];
	}

	/**
	 * Decides whether this attempt may be tried now and, if so, counts it at once (before any password is
	 * checked). Synchronous on purpose: see the module comment.
	 */
	reserve(source: AttemptSource, now = Date.now()): ReserveDecision {
		if (this.#failures.size > this.options.sweepAbove) this.#sweep(now);
		const keys = this.#keys(source);
		const wait = Math.max(...keys.map(([key, rule]) => this.#wait(key, rule, now)));
		if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
		for (const [key] of keys) {
			const times = this.#recent(key, now);
			times.push(now);
			this.#failures.set(key, times);
		}
		let settled = false;
		return {
			allowed: true,
			reservation: {
				succeeded: () => {
					if (settled) return;
					settled = true;
					for (const [key] of keys) {
						// This person's own slate is wiped: their typos before are forgiven. The email's and the
						// address's counts keep everyone else's failures (a right password must not reset an attack).
						if (key.startsWith('d:') || key.startsWith('ea:')) this.#failures.delete(key);
						else this.#release(key, now);
					}
				},
				failed: () => {
					settled = true;
				}
			}
		};
	}

	/** Forget everything (tests). */
	clear(): void {
		this.#failures.clear();
	}

	/** Takes back one reserved time of `key`. */
	#release(key: string, at: number): void {
		const times = this.#failures.get(key);
		if (!times) return;
		const index = times.lastIndexOf(at);
		if (index >= 0) times.splice(index, 1);
		if (times.length === 0) this.#failures.delete(key);
	}

	/** Failures of `key` still inside the window. */
	#recent(key: string, now: number): number[] {
		const times = this.#failures.get(key) ?? [];
		const start = now - this.options.windowMs;
		return times.filter((t) => t > start);
	}

	/** Milliseconds until `key` allows one more attempt (0 when it allows one now). */
	#wait(key: string, rule: DelayRule, now: number): number {
		const times = this.#recent(key, now);
		if (times.length < rule.free) return 0;
		const beyond = times.length - rule.free;
		// 2^beyond grows fast; past 2^30 the cap has long been reached.
		const delay = Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(beyond, 30));
		const last = times[times.length - 1] ?? now;
		return Math.max(0, last + delay - now);
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
