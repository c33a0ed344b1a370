import { describe, expect, it } from 'vitest';
import { SignInLimiter, type AttemptSource } from './rate-limit';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2025, 0, 1);

const ana = (address = '10.0.0.1', deviceId: string | null = null): AttemptSource => ({
	email: 'ana@example.org',
	address,
	deviceId
});

/** Reserves and records a failure; returns whether the attempt was allowed at all. */
function fail(limiter: SignInLimiter, source: AttemptSource, now: number): boolean {
	const decision = limiter.reserve(source, now);
	if (decision.allowed) decision.reservation.failed();
	return decision.allowed;
}

describe('sign-in rate limiting', () => {
	it('counts an attempt when it is reserved, before any password is checked', () => {
		const limiter = new SignInLimiter();
		// Sixty attempts at the same moment, none of them settled yet (their passwords are still being checked).
		const decisions = Array.from({ length: 60 }, () => limiter.reserve(ana(), T0));
		expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
		expect(decisions.at(-1)).toEqual({ allowed: false, retryAfterSeconds: 30 });
	});

	it('makes each failure beyond the free ones wait twice as long, up to 15 minutes', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++) expect(fail(limiter, ana(), T0)).toBe(true);
		expect(limiter.reserve(ana(), T0 + 30 * SECOND - 1).allowed).toBe(false);
		let now = T0 + 30 * SECOND;
		const waits: number[] = [];
		for (let i = 0; i < 6; i++) {
			expect(fail(limiter, ana(), now)).toBe(true);
			const refused = limiter.reserve(ana(), now);
			if (refused.allowed) throw new Error('should wait');
			waits.push(refused.retryAfterSeconds);
			now += refused.retryAfterSeconds * SECOND;
		}
		expect(waits).toEqual([60, 120, 240, 480, 900, 900]);
	});

	it('gives a right password its attempt back and forgives that person’s own typos', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 4; i++) fail(limiter, ana(), T0);
		const right = limiter.reserve(ana(), T0);
		if (!right.allowed) throw new Error('should be allowed');
		right.reservation.succeeded();
		for (let i = 0; i < 5; i++) expect(fail(limiter, ana(), T0 + 1)).toBe(true);
	});

	it('does not let an attacker hold the real person back on a known device', () => {
		const limiter = new SignInLimiter();
		// Guessing from many addresses: the email's limit from anywhere is reached...
		for (let i = 0; i < 40; i++) fail(limiter, ana(`203.0.113.${i}`), T0 + i);
		expect(limiter.reserve(ana('198.51.100.7'), T0 + MINUTE).allowed).toBe(false);
		// ...but Ana's own laptop, where she signed in before, meets only its own limit.
		const fromLaptop = limiter.reserve(ana('198.51.100.7', 'laptop'), T0 + MINUTE);
		expect(fromLaptop.allowed).toBe(true);
	});

	it('holds an address that tries many emails, but not the known devices behind it', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 30; i++)
			expect(fail(limiter, { email: `p${i}@example.org`, address: 'hall', deviceId: null }, T0)).toBe(true);
		const stranger = limiter.reserve({ email: 'new@example.org', address: 'hall', deviceId: null }, T0 + 1);
		expect(stranger.allowed).toBe(false);
		// Someone else in the same hall, on a browser they signed in from before.
		const colleague = { email: 'ben@example.org', address: 'hall', deviceId: 'ben-laptop' };
		expect(limiter.reserve(colleague, T0 + 1).allowed).toBe(true);
		// Another address is not affected.
		expect(limiter.reserve({ ...colleague, address: 'office', deviceId: null }, T0 + 1).allowed).toBe(true);
	});

	it('limits a known device by its own failures (a stolen device cookie does not give unlimited guesses)', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++) expect(fail(limiter, ana('x', 'laptop'), T0)).toBe(true);
		expect(limiter.reserve(ana('x', 'laptop'), T0 + 1).allowed).toBe(false);
		// Failures on a known device do not count against the email for other browsers.
		expect(limiter.reserve(ana('x'), T0 + 1).allowed).toBe(true);
	});

	it('does not let a right password reset the count of an ongoing attack on the email', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 10; i++) fail(limiter, ana(`203.0.113.${i}`), T0);
		const owner = limiter.reserve(ana('home', 'laptop'), T0);
		if (!owner.allowed) throw new Error('known device should pass');
		owner.reservation.succeeded();
		expect(limiter.reserve(ana('203.0.113.99'), T0 + 1).allowed).toBe(false);
	});

	it('counts only failures: a hall full of people signing in correctly is never held back', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 100; i++) {
			const decision = limiter.reserve({ email: `p${i}@example.org`, address: 'hall', deviceId: null }, T0);
			if (!decision.allowed) throw new Error(`person ${i} was held back`);
			decision.reservation.succeeded();
		}
		expect(limiter.reserve({ email: 'late@example.org', address: 'hall', deviceId: null }, T0).allowed).toBe(
			true
		);
	});

	it('forgets failures after an hour, also when sweeping stale entries to bound the memory', () => {
		const limiter = new SignInLimiter({ sweepAbove: 10 });
		for (let i = 0; i < 20; i++)
			fail(limiter, { email: `p${i}@example.org`, address: `a${i}`, deviceId: null }, T0);
		for (let i = 0; i < 5; i++) fail(limiter, ana(), T0);
		let now = T0;
		for (let i = 0; i < 5; i++) {
			const refused = limiter.reserve(ana(), now);
			if (refused.allowed) throw new Error('should wait');
			now += refused.retryAfterSeconds * SECOND;
			expect(fail(limiter, ana(), now)).toBe(true);
		}
		// Ten failures in the last hour: 15 minutes to wait after the last one.
		expect(limiter.reserve(ana(), now + 15 * MINUTE - 1).allowed).toBe(false);
		// An hour after the last one, all are forgotten: five free attempts again.
		now += 61 * MINUTE;
		for (let i = 0; i < 5; i++) expect(fail(limiter, ana(), now)).toBe(true);
		expect(limiter.reserve(ana(), now).allowed).toBe(false);
	});
});
