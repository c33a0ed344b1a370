/** The check-out questions in words, the same in the report, its exports and the review dashboard. */
import type { CheckOutPrompt } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';

export function checkOutQuestion(prompt: CheckOutPrompt): string {
	switch (prompt) {
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
	}
}
