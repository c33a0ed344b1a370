/**
 * What a form's failure says. Pages with several forms (one per rule, group or item) get one failure back: it
 * belongs to the form whose id it carries, and only that form shows its messages and typed values.
 */
import type { FieldErrors } from '$lib/validation';

interface Failure {
	formId: string | null;
	values: Record<string, string>;
	errors: FieldErrors;
}

export function failureFor(form: Failure | null | undefined, formId: string): Failure | null {
	return form && form.formId === formId ? form : null;
}

/** Whether a failure names any field: then the page says, above the form, that something needs attention. */
export function hasErrors(errors: Record<string, unknown> | null | undefined): boolean {
	return Object.keys(errors ?? {}).length > 0;
}
