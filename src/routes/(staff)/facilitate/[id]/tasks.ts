/**
 * What "In this phase" lists: the tasks of the phase the console shows. The opening's tasks (purpose and roles
 * explained, objections to the ground rules talked through) and its check-in question belong to the opening (and
 * to preparation, to get ready); the "I feel respected" pulse and the question of a role one could play to worries
 * and fears and to the proposals; the agreement and the closing have rounds of their own. A question still open on
 * the phones is always listed, so that it can be closed. Paused, the view does not say from which phase: all. The
 * agreement adds the question whether it may be shared with the follow-up's partners (issue 11), after consent.
 */
import { OPENABLE_PROMPTS } from '$lib/live/types';
import type { SessionPhase } from '$lib/dialogue/types';

export type TaskPrompt = (typeof OPENABLE_PROMPTS)[number] | 'share';

export interface PhaseTasks {
	/** Purpose and roles explained; objections to the ground rules talked through. */
	opening: boolean;
	prompts: TaskPrompt[];
}

function isTaskPrompt(prompt: string | null): prompt is TaskPrompt {
	return prompt === 'share' || (OPENABLE_PROMPTS as readonly (string | null)[]).includes(prompt);
}

export function phaseTasks(phase: SessionPhase, openPrompt: string | null = null): PhaseTasks {
	const tasks: PhaseTasks =
		phase === 'preparation' || phase === 'opening'
			? { opening: true, prompts: ['checkIn'] }
			: phase === 'fearsAndStigma' || phase === 'proposals'
				? { opening: false, prompts: ['pulse.respected', 'role.named'] }
				: phase === 'paused'
					? { opening: true, prompts: [...OPENABLE_PROMPTS] }
					: phase === 'agreement'
						? { opening: false, prompts: ['share'] }
						: { opening: false, prompts: [] };
	if (isTaskPrompt(openPrompt) && !tasks.prompts.includes(openPrompt)) tasks.prompts.push(openPrompt);
	return tasks;
}
