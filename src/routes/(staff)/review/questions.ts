/** The pulse questions by name, as the dashboard's filter and chart show them. */
import { CHECK_OUT_PROMPTS } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';

/** Which pulse the trend chart shows: "I feel respected" or one of the check-out questions. */
export const PULSE_CHOICES = ['pulse.respected', ...CHECK_OUT_PROMPTS] as const;
export type PulseChoice = (typeof PULSE_CHOICES)[number];

export function checkOutQuestion(prompt: string): string {
	switch (prompt) {
		case 'pulse.respected':
			return m.outcome_q_respected();
		case 'checkOut.safe':
			return m.outcome_q_checkOut_safe();
		case 'checkOut.heard':
			return m.outcome_q_checkOut_heard();
		case 'checkOut.respected':
			return m.outcome_q_checkOut_respected();
		case 'checkOut.fair':
			return m.outcome_q_checkOut_fair();
		case 'checkOut.nextSteps':
			return m.outcome_q_checkOut_nextSteps();
		case 'checkOut.recommend':
			return m.outcome_q_checkOut_recommend();
		default:
			return prompt;
	}
}
