// live/: what every folder here shares; the transaction and its hashes, errors, input parsing, spec helpers.
/** Parsing service input with the shared schemas: invalid input becomes a 422 with one message per field. */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { fieldErrors } from '$lib/validation/errors';
import { LiveError } from './errors';

export function parseInput<TSchema extends v.GenericSchema>(
	schema: TSchema,
	input: unknown
): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	throw new LiveError(422, 'invalid', m.live_error_invalid(), { errors: fieldErrors(result.issues) });
}
