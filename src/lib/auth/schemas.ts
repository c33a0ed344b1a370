/**
 * Input rules for the account forms, shared by the server (actions, services, CLI) and the pages (field
 * limits for `maxlength`/`minlength`). Issue messages are short codes, not sentences: the server turns them
 * into words in the reader's language, so one schema serves English and Dutch alike.
 */
import * as v from 'valibot';
import { hasInvisible } from '$lib/validation/invisible';

export const LIMITS = {
	email: 254,
	name: 100,
	organisationName: 120,
	passwordMin: 10,
	passwordMax: 200
} as const;

export const STAFF_ROLES = ['organiser', 'facilitator'] as const;

export type FieldErrorCode =
	| 'required'
	| 'tooLong'
	| 'email'
	| 'passwordShort'
	| 'passwordLong'
	// Too easy to guess (checked on the server only, by auth/strength.ts), each with its main reason.
	| 'passwordCommon'
	| 'passwordPersonal'
	| 'passwordRepeated'
	| 'passwordSequence'
	| 'passwordDate'
	| 'passwordGuessable'
	| 'control'
	| 'mismatch'
	| 'role';

/** Also given to each object schema: valibot reports a missing key with the object's own message. */
const REQUIRED: FieldErrorCode = 'required';

/** The confirmation must repeat the password; reported on the confirmation field. */
const MISMATCH: FieldErrorCode = 'mismatch';

export type FieldErrors = Partial<Record<string, FieldErrorCode>>;

/** Control characters, line separators, and whatever could hide or reorder words: a classic way to disguise a name. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/** Refused rather than removed: a name shown to colleagues is kept exactly as its owner typed it, or not at all. */
export function hasHiddenCharacters(value: string): boolean {
	return CONTROL_CHARACTERS.test(value) || hasInvisible(value);
}

/** A one-line text such as a person's or an organisation's name: trimmed, not empty, no hidden characters. */
function line(max: number) {
	return v.pipe(
		v.string(REQUIRED),
		v.trim(),
		v.nonEmpty(REQUIRED),
		v.maxLength(max, 'tooLong' satisfies FieldErrorCode),
		v.check((s) => !hasHiddenCharacters(s), 'control' satisfies FieldErrorCode)
	);
}

export const emailSchema = v.pipe(
	v.string(REQUIRED),
	v.trim(),
	// Emails are stored lower-cased so that "Ana@Example.org" and "ana@example.org" are one account.
	v.toLowerCase(),
	v.nonEmpty(REQUIRED),
	v.maxLength(LIMITS.email, 'tooLong' satisfies FieldErrorCode),
	v.email('email' satisfies FieldErrorCode)
);

export const nameSchema = line(LIMITS.name);
export const organisationNameSchema = line(LIMITS.organisationName);

/** The password policy: long rather than complicated. Never trimmed: spaces are part of a passphrase. */
export const passwordSchema = v.pipe(
	v.string(REQUIRED),
	v.nonEmpty(REQUIRED),
	v.minLength(LIMITS.passwordMin, 'passwordShort' satisfies FieldErrorCode),
	v.maxLength(LIMITS.passwordMax, 'passwordLong' satisfies FieldErrorCode)
);

export const roleSchema = v.picklist(STAFF_ROLES, 'role' satisfies FieldErrorCode);

export const setupSchema = v.pipe(
	v.object(
		{
			organisationName: organisationNameSchema,
			name: nameSchema,
			email: emailSchema,
			password: passwordSchema,
			confirm: v.string(REQUIRED)
		},
		REQUIRED
	),
	v.forward(
		v.partialCheck([['password'], ['confirm']], (input) => input.password === input.confirm, MISMATCH),
		['confirm']
	)
);

export const loginSchema = v.object(
	{
		email: emailSchema,
		// Only presence and a sane upper bound: the policy of the day must not lock out an older password.
		password: v.pipe(
			v.string(REQUIRED),
			v.nonEmpty(REQUIRED),
			v.maxLength(LIMITS.passwordMax, 'passwordLong' satisfies FieldErrorCode)
		)
	},
	REQUIRED
);

export const inviteSchema = v.object(
	{
		email: emailSchema,
		name: nameSchema,
		role: roleSchema
	},
	REQUIRED
);

export const acceptInviteSchema = v.pipe(
	v.object(
		{
			name: nameSchema,
			password: passwordSchema,
			confirm: v.string(REQUIRED)
		},
		REQUIRED
	),
	v.forward(
		v.partialCheck([['password'], ['confirm']], (input) => input.password === input.confirm, MISMATCH),
		['confirm']
	)
);

export const resetPasswordSchema = v.pipe(
	v.object(
		{
			password: passwordSchema,
			confirm: v.string(REQUIRED)
		},
		REQUIRED
	),
	v.forward(
		v.partialCheck([['password'], ['confirm']], (input) => input.password === input.confirm, MISMATCH),
		['confirm']
	)
);

export type Validated<T> = { ok: true; output: T } | { ok: false; errors: FieldErrors };

/** Runs a schema and keeps the first problem of each field (one message per field is enough to act on). */
export function validate<TSchema extends v.GenericSchema>(
	schema: TSchema,
	input: unknown
): Validated<v.InferOutput<TSchema>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, output: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		if (!(key in errors)) errors[key] = issue.message as FieldErrorCode;
	}
	return { ok: false, errors };
}
