/**
 * Glue between the dialogue services and SvelteKit pages: refusals become a 404 or 403 page, invalid input
 * becomes `fail(400, { values, errors })` so the page shows each message next to its field and keeps what
 * was typed.
 */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { FieldErrors } from '$lib/validation';
import { DialogueNotFoundError, InvalidInputError, NotAllowedError } from './errors';

/** What a failed form action returns. `formId` tells apart several forms on one page (e.g. one per rule). */
export interface FormFailure<V = Record<string, string>> {
	formId: string | null;
	values: V;
	errors: FieldErrors;
}

function refuse(cause: unknown): never {
	if (cause instanceof DialogueNotFoundError) error(404, m.prep_not_found());
	if (cause instanceof NotAllowedError) error(403, m.prep_not_allowed());
	throw cause;
}

/** Runs a service call whose refusal should be a page: "not found" is a 404, "not allowed" a 403. */
export function guarded<T>(call: () => T): T {
	try {
		return call();
	} catch (cause) {
		refuse(cause);
	}
}

export type FormOutcome<T, V> =
	{ failure: ActionFailure<FormFailure<V>>; value?: undefined } | { failure: null; value: T };

/** Runs a service call for a form action: invalid input becomes a 400 with the typed values and messages. */
export function runForm<T, V>(values: V, call: () => T, formId: string | null = null): FormOutcome<T, V> {
	try {
		return { failure: null, value: call() };
	} catch (cause) {
		if (cause instanceof InvalidInputError) {
			return { failure: fail(400, { formId, values, errors: cause.errors }) };
		}
		refuse(cause);
	}
}
