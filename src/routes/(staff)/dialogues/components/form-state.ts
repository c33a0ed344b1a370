/**
 * Pages with several forms (one per rule, group or item) get one failure back: it belongs to the form whose id
 * it carries, and only that form shows its messages and typed values.
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
