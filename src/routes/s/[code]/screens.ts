/**
 * The screens of the phases, loaded when needed (and one phase ahead), so that the phone's first load stays
 * small. A chunk that fails on bad Wi-Fi offers a reload: drafts and the queue are in localStorage, so
 * reloading loses nothing.
 */
import type { SessionPhase } from '$lib/dialogue';
import type { Prompt } from '$lib/live/types';
import { lazy } from './lazy';

export const loadConcern = lazy(() => import('./ConcernScreen.svelte'));
export const loadProposal = lazy(() => import('./ProposalScreen.svelte'));
export const loadMine = lazy(() => import('./MineList.svelte'));
export const loadPrompt = lazy(() => import('./PromptScreen.svelte'));
export const loadTimer = lazy(() => import('$lib/components/live/CountdownTimer.svelte'));
export const loadConsent = lazy(() => import('./ConsentScreen.svelte'));
export const loadCheckOut = lazy(() => import('./CheckOutScreen.svelte'));
export const loadAgreement = lazy(() => import('./AgreementScreen.svelte'));

/** Loads the screens of this phase and of the next one in the background. */
export function preloadScreens(phase: SessionPhase | undefined, prompt: Prompt | null | undefined): void {
	const quietly = (load: () => Promise<unknown>) => void load().catch(() => undefined);
	if (phase === 'preparation' || phase === 'opening' || (prompt && prompt !== 'consent')) quietly(loadPrompt);
	if (phase === 'opening' || phase === 'fearsAndStigma') quietly(loadConcern);
	if (phase === 'fearsAndStigma' || phase === 'proposals') quietly(loadProposal);
	if (phase === 'proposals' || phase === 'agreement') quietly(loadConsent);
	if (phase === 'agreement' || phase === 'closing') quietly(loadCheckOut);
	if (phase === 'proposals' || phase === 'agreement' || phase === 'closing') quietly(loadAgreement);
}
