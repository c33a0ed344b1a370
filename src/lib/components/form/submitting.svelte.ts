/**
 * `use:enhance` for a form with one main button: the button is disabled while the form is on its way, so a
 * second tap on a slow connection does not send it twice. Without JavaScript the form posts natively and the
 * button is never disabled.
 */
import type { SubmitFunction } from '@sveltejs/kit';

export interface Submitting {
	/** True from the moment the form is sent until the page has taken in the answer. */
	readonly active: boolean;
	readonly enhance: SubmitFunction;
}

export function submitting(): Submitting {
	let active = $state(false);
	return {
		get active() {
			return active;
		},
		enhance: () => {
			active = true;
			return async ({ update }) => {
				await update();
				active = false;
			};
		}
	};
}
