/**
 * `use:enhance` for forms that add something to a list. After a save the page stays the same, so the browser
 * would keep what was typed in the "add" form; `whenSaved` lets the page re-create it empty (with a {#key}).
 */
import type { SubmitFunction } from '@sveltejs/kit';

export function whenSaved(callback: () => void): SubmitFunction {
	return () =>
		async ({ result, update }) => {
			await update();
			if (result.type === 'redirect' || result.type === 'success') callback();
		};
}
