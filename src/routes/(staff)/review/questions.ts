/** The pulse questions by name, as the dashboard's filter and chart show them. */
import { CHECK_OUT_PROMPTS, type CheckOutPrompt } from '$lib/live/types';
import { checkOutQuestion as checkOutQuestionText } from '$lib/outcome/questions';
import { m } from '$lib/paraglide/messages';

/** Which pulse the trend chart shows: "I feel respected" or one of the check-out questions. */
export const PULSE_CHOICES = ['pulse.respected', ...CHECK_OUT_PROMPTS] as const;
export type PulseChoice = (typeof PULSE_CHOICES)[number];

/** A pulse choice in words; anything else as it is. */
export function checkOutQuestion(prompt: string): string {
	if (prompt === 'pulse.respected') return m.outcome_q_respected();
	return isCheckOutPrompt(prompt) ? checkOutQuestionText(prompt) : prompt;
}

function isCheckOutPrompt(prompt: string): prompt is CheckOutPrompt {
	return (CHECK_OUT_PROMPTS as readonly string[]).includes(prompt);
}
