/**
 * The consent gradients and the check-out questions in words, the same on the phone and the console. Mapped
 * statically: a dynamic `m[key]` lookup would pull every message of the app into the phone's small bundle.
 */
import type { CheckOutPrompt, ConsentGradient } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';

export function gradientLabel(gradient: ConsentGradient): string {
	switch (gradient) {
		case 'fullySupport':
			return m.outcome_gradient_fullySupport();
		case 'canLiveWith':
			return m.outcome_gradient_canLiveWith();
		case 'haveConcerns':
			return m.outcome_gradient_haveConcerns();
		case 'cannotLiveWith':
			return m.outcome_gradient_cannotLiveWith();
	}
}

/** A check-out question as the phone asks it ("I felt safe"). */
export function checkOutLabel(prompt: CheckOutPrompt): string {
	switch (prompt) {
		case 'checkOut.safe':
			return m.agr_phone_checkout_safe();
		case 'checkOut.heard':
			return m.agr_phone_checkout_heard();
		case 'checkOut.respected':
			return m.agr_phone_checkout_respected();
		case 'checkOut.fair':
			return m.agr_phone_checkout_fair();
		case 'checkOut.nextSteps':
			return m.agr_phone_checkout_next_steps();
		case 'checkOut.recommend':
			return m.agr_phone_checkout_recommend();
	}
}
