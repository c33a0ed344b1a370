/**
 * Words for values-check reasons. Reason messages are looked up by key (`reason_<code>`), since the codes come
 * from the dialogue module; an unknown key falls back to a plain sentence naming the item, never to a code.
 */
import * as messages from '$lib/paraglide/messages';
import { m } from '$lib/paraglide/messages';
import { reasonMessageKey, type Reason, type ValueState } from '$lib/dialogue';

type MessageFunction = (params?: Record<string, unknown>) => string;

export function reasonText(reason: Reason): string {
	const message = (messages as unknown as Record<string, MessageFunction | undefined>)[
		reasonMessageKey(reason.code)
	];
	return message?.(reason.params) ?? m.prep_reason_fallback();
}

export function stateLabel(state: ValueState): string {
	switch (state) {
		case 'met':
			return m.prep_state_met();
		case 'unmet':
			return m.prep_state_unmet();
		case 'overridden':
			return m.prep_state_overridden();
	}
}
