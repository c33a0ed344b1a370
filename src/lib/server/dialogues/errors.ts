/**
 * What a dialogue service refuses, as typed errors the routes turn into a 404, a 403 or a form message.
 * "Not found" is also the answer for another organisation's dialogue and for a dialogue a facilitator is not
 * assigned to: telling them apart would confirm that the id exists.
 */
import * as v from 'valibot';
import { parseWith, type FieldErrors } from '$lib/validation';

export class DialogueNotFoundError extends Error {
	override name = 'DialogueNotFoundError';
	constructor(readonly what = 'dialogue') {
		super(`No such ${what}.`);
	}
}

/** The person may see the dialogue but this action is for organisers. */
export class NotAllowedError extends Error {
	override name = 'NotAllowedError';
	constructor(readonly action: string) {
		super(`Only an organiser can ${action}.`);
	}
}

/** The input does not pass its schema, or conflicts with what is stored (a codename already in use). */
export class InvalidInputError extends Error {
	override name = 'InvalidInputError';
	constructor(readonly errors: FieldErrors) {
		super(`Invalid input: ${Object.keys(errors).join(', ')}`);
	}
}

/** Parses service input with the same schema the form used; a caller that skipped it still cannot store junk. */
export function parseInput<TSchema extends v.GenericSchema>(
	schema: TSchema,
	input: unknown
): v.InferOutput<TSchema> {
	const result = parseWith(schema, input);
	if (!result.ok) throw new InvalidInputError(result.errors);
	return result.value;
}
