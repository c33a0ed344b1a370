/**
 * `use:enhance` for the staff pages, where one page holds many small forms (a rule, a group, a translation, an
 * "add" form) that each save by reloading the same page (a redirect to it with `?saved=…`).
 *
 * - `keepPlace`: SvelteKit moves the focus to the top of the page after every navigation, the reload after a save
 *   included. On a page of many forms a person often goes on to type in another form while a save is on its way
 *   (on a slow connection for seconds), and every key after the save landed went nowhere. So when the focus is in
 *   a field of another form at that moment, the reload keeps the focus and the scroll where they are.
 * - `whenSaved`: the same, and calls back after a successful save: an "add" form then re-creates itself empty
 *   (with a {#key}), where the browser would keep what was typed.
 */
import { goto } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/** Is the person typing in a field outside `form` (one that would lose its keys if the focus moved)? */
function typingElsewhere(form: HTMLFormElement): boolean {
	const active = document.activeElement;
	return (
		active instanceof HTMLElement &&
		active.matches('input, textarea, select') &&
		!form.contains(active) &&
		!(active instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(active.type))
	);
}

export function whenSaved(callback?: () => void): SubmitFunction {
	return ({ formElement }) =>
		async ({ result, update }) => {
			if (result.type === 'redirect' && typingElsewhere(formElement)) {
				// The server's own redirect, a path of this site already: there is no route id to resolve().
				// eslint-disable-next-line svelte/no-navigation-without-resolve
				await goto(result.location, { invalidateAll: true, keepFocus: true, noScroll: true });
			} else {
				await update();
			}
			if (result.type === 'redirect' || result.type === 'success') callback?.();
		};
}

export const keepPlace: SubmitFunction = whenSaved();
