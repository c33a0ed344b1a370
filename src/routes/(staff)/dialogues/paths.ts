/**
 * Where each preparation item lives, and which page fixes an unmet reason of the preparation check. Links are
 * built with `resolve` so they follow the app's base path.
 */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { FixTarget } from '$lib/dialogue';
import { FIX_TARGET_ITEM, type PrepItem } from '$lib/validation';

export function workspaceHref(id: string): ResolvedPathname {
	return resolve('/(staff)/dialogues/[id]', { id });
}

export function itemHref(id: string, item: PrepItem): ResolvedPathname {
	switch (item) {
		case 'details':
			return resolve('/(staff)/dialogues/[id]/details', { id });
		case 'facilitators':
			return resolve('/(staff)/dialogues/[id]/facilitators', { id });
		case 'capacity':
			return resolve('/(staff)/dialogues/[id]/capacity', { id });
		case 'information':
			return resolve('/(staff)/dialogues/[id]/information', { id });
		case 'risk':
			return resolve('/(staff)/dialogues/[id]/risk', { id });
		case 'knowledge':
			return resolve('/(staff)/dialogues/[id]/knowledge', { id });
		case 'groundRules':
			return resolve('/(staff)/dialogues/[id]/ground-rules', { id });
		case 'safety':
			return resolve('/(staff)/dialogues/[id]/safety', { id });
		case 'sessionPlan':
			return resolve('/(staff)/dialogues/[id]/session-plan', { id });
		case 'impartiality':
			return resolve('/(staff)/dialogues/[id]/impartiality', { id });
	}
}

export function settingsHref(id: string): ResolvedPathname {
	return resolve('/(staff)/dialogues/[id]/settings', { id });
}

/** The page that fixes a reason, or null for reasons fixed in the live console rather than in preparation. */
export function fixHref(id: string, fix: FixTarget | undefined): ResolvedPathname | null {
	const item = fix ? FIX_TARGET_ITEM[fix] : undefined;
	return item ? itemHref(id, item) : null;
}
