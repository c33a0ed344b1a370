/**
 * Password hashing with argon2id (the `argon2` package's defaults: 64 MiB, 3 passes, 4 lanes — above the
 * OWASP minimum) and the password policy. The policy itself lives in the shared schema so that the forms can
 * show the same limits.
 */
import argon2 from 'argon2';
import { LIMITS } from '$lib/auth/schemas';

export const PASSWORD_MIN_LENGTH = LIMITS.passwordMin;
export const PASSWORD_MAX_LENGTH = LIMITS.passwordMax;

export type PasswordProblem = 'passwordShort' | 'passwordLong';

/** Why a new password is not acceptable, or null when it is. Long rather than complicated. */
export function passwordProblem(password: string): PasswordProblem | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'passwordShort';
	if (password.length > PASSWORD_MAX_LENGTH) return 'passwordLong';
	return null;
}

export class PasswordPolicyError extends Error {
	override name = 'PasswordPolicyError';
	constructor(readonly problem: PasswordProblem) {
		super(
			problem === 'passwordShort'
				? `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`
				: `A password can have at most ${PASSWORD_MAX_LENGTH} characters.`
		);
	}
}

/** An argon2id hash (PHC string with its own salt and parameters) of a password that meets the policy. */
export async function hashPassword(password: string): Promise<string> {
	const problem = passwordProblem(password);
	if (problem) throw new PasswordPolicyError(problem);
	return argon2.hash(password, { type: argon2.argon2id });
}

/** Whether `password` matches `hash`. A malformed or missing hash never matches (and never throws). */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
	if (!hash || password.length > PASSWORD_MAX_LENGTH) return false;
	try {
		return await argon2.verify(hash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without a real hash, so that "no such account" answers as slowly as
 * "wrong password" and response times do not reveal which emails have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummyHash ??= argon2.hash('hearth-timing-equaliser', { type: argon2.argon2id });
	await argon2.verify(await dummyHash, password.slice(0, PASSWORD_MAX_LENGTH)).catch(() => false);
	return false;
}
