/**
 * Turning valibot issues into what a form shows: one plain message per field, keyed by the field's dotted path
 * (`title`, `answers.proDemocratic.concerns.1.mitigation`), which is also the input's `name`-derived id.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';

/** Field path → message. `_form` holds a message that belongs to no single field. */
export type FieldErrors = Record<string, string>;

export const FORM_ERROR_KEY = '_form';

/**
 * The first message for each field. Every schema in this folder gives its own translated message; a message
 * valibot wrote itself (it starts with "Invalid") is replaced by a plain one rather than shown to a person.
 */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const key = v.getDotPath(issue) ?? FORM_ERROR_KEY;
		if (key in errors) continue;
		errors[key] = issue.message.startsWith('Invalid ') ? m.prep_error_invalid() : issue.message;
	}
	return errors;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Parses `input` with `schema`; on failure gives the per-field messages. */
export function parseWith<TSchema extends v.GenericSchema>(
	schema: TSchema,
	input: unknown
): ParseResult<v.InferOutput<TSchema>> {
	const result = v.safeParse(schema, input);
	return result.success
		? { ok: true, value: result.output }
		: { ok: false, errors: fieldErrors(result.issues) };
}
