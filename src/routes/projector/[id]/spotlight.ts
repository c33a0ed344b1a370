/**
 * What the spotlight shows, looked up in the projector's own moderated view: a contribution hidden or a theme
 * merged away since is simply not found, so nothing but the moderated wall ever reaches the spotlight.
 */
import type { ConcernWall, PublicProposal, SpotlightTarget } from '$lib/live/types';

export interface SpotlightContent {
	/** The theme's title; null for a single contribution. */
	title: string | null;
	texts: string[];
	answer: string | null;
}

export function spotlightContent(
	target: SpotlightTarget | null | undefined,
	wall: ConcernWall,
	proposals: PublicProposal[]
): SpotlightContent | null {
	if (!target) return null;
	if (target.kind === 'theme') {
		const theme = wall.themes.find((t) => t.id === target.id);
		return theme
			? { title: theme.title, texts: theme.concerns.map((c) => c.text), answer: theme.answer }
			: null;
	}
	const concern =
		wall.unthemed.find((c) => c.id === target.id) ??
		wall.themes.flatMap((t) => t.concerns).find((c) => c.id === target.id);
	const text = concern?.text ?? proposals.find((p) => p.id === target.id)?.text;
	return text === undefined ? null : { title: null, texts: [text], answer: null };
}
