import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './rate-limit';

const MINUTE = 60 * 1000;
const T0 = Date.UTC(2025, 0, 1);

describe('sign-in rate limiting', () => {
	it('allows 5 failures per email in 15 minutes, then asks to wait', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++) {
			expect(limiter.check('ana@example.org', '10.0.0.1', T0 + i).allowed).toBe(true);
			limiter.recordFailure('ana@example.org', '10.0.0.1', T0 + i);
		}
		const blocked = limiter.check('ana@example.org', '10.0.0.2', T0 + MINUTE);
		expect(blocked).toEqual({ allowed: false, retryAfterSeconds: 14 * 60 });
		// Another email from the same address is not affected by this email's limit.
		expect(limiter.check('ben@example.org', '10.0.0.1', T0 + MINUTE).allowed).toBe(true);
	});

	it('frees the email again once the oldest failure leaves the window', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++) limiter.recordFailure('ana@example.org', 'a', T0 + i * MINUTE);
		expect(limiter.check('ana@example.org', 'a', T0 + 15 * MINUTE - 1).allowed).toBe(false);
		expect(limiter.check('ana@example.org', 'a', T0 + 15 * MINUTE + 1).allowed).toBe(true);
	});

	it('limits one address trying many emails to 30 failures', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 30; i++) limiter.recordFailure(`person${i}@example.org`, '10.0.0.9', T0);
		const blocked = limiter.check('new@example.org', '10.0.0.9', T0 + 1);
		expect(blocked.allowed).toBe(false);
		expect(limiter.check('new@example.org', '10.0.0.10', T0 + 1).allowed).toBe(true);
	});

	it('counts only failures: a hall full of people signing in correctly is never blocked', () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 100; i++) {
			expect(limiter.check(`person${i}@example.org`, 'hall', T0).allowed).toBe(true);
			limiter.recordSuccess(`person${i}@example.org`);
		}
		expect(limiter.check('late@example.org', 'hall', T0).allowed).toBe(true);
	});

	it('clears the email count after a correct password, but not the address count', () => {
		const limiter = new SignInLimiter({ maxPerAddress: 6 });
		for (let i = 0; i < 4; i++) limiter.recordFailure('ana@example.org', 'a', T0);
		limiter.recordSuccess('ana@example.org');
		for (let i = 0; i < 2; i++) limiter.recordFailure('ana@example.org', 'a', T0);
		expect(limiter.check('ana@example.org', 'b', T0).allowed).toBe(true);
		expect(limiter.check('other@example.org', 'a', T0).allowed).toBe(false);
	});

	it('sweeps stale entries so memory stays bounded', () => {
		const limiter = new SignInLimiter({ sweepAbove: 10 });
		for (let i = 0; i < 20; i++) limiter.recordFailure(`p${i}@example.org`, `addr${i}`, T0);
		limiter.recordFailure('late@example.org', 'late', T0 + 16 * MINUTE);
		// Only the fresh email and address remain; the stale ones no longer block anything.
		expect(limiter.check('p1@example.org', 'addr1', T0 + 16 * MINUTE).allowed).toBe(true);
	});
});
