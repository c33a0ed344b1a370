/**
 * Names and guiding questions of the phases, mapped statically: a dynamic `m[key]` lookup would pull every
 * message of the app into the phone's small bundle.
 */
import type { SessionPhase } from '$lib/dialogue';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

/** The phase's name; in `locale` when given (the projector's second language), else the page's. */
export function phaseLabel(phase: SessionPhase, locale?: Locale): string {
	const o = { locale };
	switch (phase) {
		case 'preparation':
			return m.live_phase_preparation({}, o);
		case 'opening':
			return m.live_phase_opening({}, o);
		case 'fearsAndStigma':
			return m.live_phase_fearsAndStigma({}, o);
		case 'proposals':
			return m.live_phase_proposals({}, o);
		case 'agreement':
			return m.live_phase_agreement({}, o);
		case 'closing':
			return m.live_phase_closing({}, o);
		case 'closed':
			return m.live_phase_closed({}, o);
		case 'paused':
			return m.live_phase_paused({}, o);
		case 'endedEarly':
			return m.live_phase_endedEarly({}, o);
	}
}

/** The question the room works on in this phase (the restorative questions in fears and stigma). */
export function guidingQuestion(phase: SessionPhase, locale?: Locale): string {
	const o = { locale };
	switch (phase) {
		case 'preparation':
			return m.live_question_preparation({}, o);
		case 'opening':
			return m.live_question_opening({}, o);
		case 'fearsAndStigma':
			return m.live_question_fearsAndStigma({}, o);
		case 'proposals':
			return m.live_question_proposals({}, o);
		case 'agreement':
			return m.live_question_agreement({}, o);
		case 'closing':
			return m.live_question_closing({}, o);
		case 'closed':
			return m.live_question_closed({}, o);
		case 'paused':
			return m.live_question_paused({}, o);
		case 'endedEarly':
			return m.live_question_endedEarly({}, o);
	}
}

// Moved to the value-check kit; re-exported so that screens written against this module before the move still
// build. New code imports it from `$lib/components/value-check/labels`.
export { valueStateLabel } from '$lib/components/value-check/labels';
