/** The element id of a form field, from its name or error path (`answers.proDemocratic.assessment`). */
export function fieldId(name: string, scope = ''): string {
	return `f-${scope ? `${scope}-` : ''}${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
