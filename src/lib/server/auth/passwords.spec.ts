import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	PasswordPolicyError,
	passwordProblem,
	verifyAgainstNothing,
	verifyPassword
} from './passwords';

describe('password hashing', () => {
	it('hashes with argon2id and a per-hash salt', async () => {
		const first = await hashPassword('correct horse battery');
		const second = await hashPassword('correct horse battery');
		expect(first).toMatch(/^\$argon2id\$v=19\$m=\d+,p=\d+,t=\d+\$/);
		expect(first).not.toBe(second);
		expect(first).not.toContain('correct horse');
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('never matches a missing or malformed hash, and does not throw', async () => {
		expect(await verifyPassword(null, 'correct horse battery')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'correct horse battery')).toBe(false);
		expect(await verifyAgainstNothing('anything at all')).toBe(false);
	});
});

describe('password policy', () => {
	it('accepts 10 to 200 characters, spaces included', () => {
		expect(passwordProblem('ten chars!')).toBeNull();
		expect(passwordProblem('x'.repeat(200))).toBeNull();
	});

	it('refuses fewer than 10 and more than 200 characters', async () => {
		expect(passwordProblem('nine char')).toBe('passwordShort');
		expect(passwordProblem('x'.repeat(201))).toBe('passwordLong');
		await expect(hashPassword('short')).rejects.toBeInstanceOf(PasswordPolicyError);
		await expect(hashPassword('x'.repeat(201))).rejects.toThrow(/at most 200/);
	});
});
