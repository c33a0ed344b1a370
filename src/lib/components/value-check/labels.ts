/** A value's state in words, the same on the console, the projector and the preparation pages. */
import type { ValueState } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';

/** Shown next to the state's shape and colour, so that nobody has to tell colours apart. */
export function valueStateLabel(state: ValueState): string {
	return state === 'met'
		? m.live_value_state_met()
		: state === 'unmet'
			? m.live_value_state_unmet()
			: m.live_value_state_overridden();
}
