/**
 * Reading submitted forms into plain objects that the schemas parse and that a page shows again, as typed,
 * when something needs fixing. Files are never expected: a file in a text field reads as ''.
 */
import { CAPACITY_QUESTION_KEYS, MAX_CONCERNS, type CapacityQuestionKey } from './preparation';

function asText(entry: FormDataEntryValue | null): string {
	return typeof entry === 'string' ? entry : '';
}

/** The named fields as strings ('' when missing). Only the named fields: anything else sent is ignored. */
export function formValues<const K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
	const values = {} as Record<K, string>;
	for (const name of names) values[name] = asText(form.get(name));
	return values;
}

export interface CapacityFormValues {
	occasion: string;
	answers: Record<
		CapacityQuestionKey,
		{ assessment: string; concerns: { concern: string; mitigation: string }[] }
	>;
}

/**
 * The capacity screen form: per question `<key>.assessment`, and repeated `<key>.concern` / `<key>.mitigation`
 * inputs, paired by their order on the page. Rows beyond the schema's limit are kept so that it can refuse them.
 */
export function capacityFormValues(form: FormData): CapacityFormValues {
	const answers = {} as CapacityFormValues['answers'];
	for (const key of CAPACITY_QUESTION_KEYS) {
		const concerns = form.getAll(`${key}.concern`).map(asText);
		const mitigations = form.getAll(`${key}.mitigation`).map(asText);
		const rows = Math.min(Math.max(concerns.length, mitigations.length), MAX_CONCERNS + 1);
		answers[key] = {
			assessment: asText(form.get(`${key}.assessment`)),
			concerns: Array.from({ length: rows }, (_, i) => ({
				concern: concerns[i] ?? '',
				mitigation: mitigations[i] ?? ''
			}))
		};
	}
	return { occasion: asText(form.get('occasion')), answers };
}
