/** Words for what was done about a safeguarding concern, shared by the console and the review page. */
import type { SafeguardingAction } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';

export function safeguardingActionLabel(action: SafeguardingAction): string {
	switch (action) {
		case 'hiddenOnly':
			return m.safeguarding_action_hidden_only();
		case 'safeguardingLead':
			return m.safeguarding_action_lead();
		case 'police':
			return m.safeguarding_action_police();
		case 'probation':
			return m.safeguarding_action_probation();
		case 'other':
			return m.safeguarding_action_other();
	}
}
