/**
 * Names and guiding questions of the phases, mapped statically: a dynamic `m[key]` lookup would pull every
 * message of the app into the phone's small bundle.
 */
import type { SessionPhase } from '$lib/dialogue';
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
		case 'endedEarly':
			return m.live_phase_endedEarly();
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
		case 'endedEarly':
			return m.live_question_endedEarly();
	}
}

// Moved to the value-check kit; re-exported so that screens written against this module before the move still
// build. New code imports it from `$lib/components/value-check/labels`.
export { valueStateLabel } from '$lib/components/value-check/labels';
