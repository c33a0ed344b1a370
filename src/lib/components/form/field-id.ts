/** The ids that tie a form field to its label, hint and error, the same in every component of the kit. */

/** The element id of a form field, from its name or error path (`answers.proDemocratic.assessment`). */
export function fieldId(name: string, scope = ''): string {
	return `f-${scope ? `${scope}-` : ''}${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** `aria-describedby` for a field: its hint, then its error, each only while shown (undefined for neither). */
export function describedByIds(
	id: string,
	hint: string | undefined,
	error: string | undefined
): string | undefined {
	return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}
