/**
 * Names and guiding questions of the phases, mapped statically: a dynamic `m[key]` lookup would pull every
 * message of the app into the phone's small bundle.
 */
import type { SessionPhase, ValueState } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';

export function phaseLabel(phase: SessionPhase): string {
	switch (phase) {
		case 'preparation':
			return m.live_phase_preparation();
		case 'opening':
			return m.live_phase_opening();
		case 'fearsAndStigma':
			return m.live_phase_fearsAndStigma();
		case 'proposals':
			return m.live_phase_proposals();
		case 'agreement':
			return m.live_phase_agreement();
		case 'closing':
			return m.live_phase_closing();
		case 'closed':
			return m.live_phase_closed();
		case 'paused':
			return m.live_phase_paused();
	}
}

/** The question the room works on in this phase (the restorative questions in fears and stigma). */
export function guidingQuestion(phase: SessionPhase): string {
	switch (phase) {
		case 'preparation':
			return m.live_question_preparation();
		case 'opening':
			return m.live_question_opening();
		case 'fearsAndStigma':
			return m.live_question_fearsAndStigma();
		case 'proposals':
			return m.live_question_proposals();
		case 'agreement':
			return m.live_question_agreement();
		case 'closing':
			return m.live_question_closing();
		case 'closed':
			return m.live_question_closed();
		case 'paused':
			return m.live_question_paused();
	}
}

/** A value's state in words (shown next to its shape and colour). */
export function valueStateLabel(state: ValueState): string {
	return state === 'met'
		? m.live_value_state_met()
		: state === 'unmet'
			? m.live_value_state_unmet()
			: m.live_value_state_overridden();
}
