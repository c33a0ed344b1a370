/**
 * The screens of the phases, loaded when needed (and one phase ahead), so that the phone's first load stays
 * small: it holds the join and welcome screens only. Each lazily loaded screen carries its styles in its script
 * (`<svelte:options css="injected" />`), so the join page's HTML does not link the stylesheets of later screens. A chunk that fails on bad Wi-Fi offers a reload: drafts and the queue are in localStorage, so
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
/** The getting-started steps after the welcome, and what every screen of a live phase shows beside its own. */
export const loadRead = lazy(() => import('./ReadScreen.svelte'));
export const loadRules = lazy(() => import('./RulesScreen.svelte'));
export const loadSpeaking = lazy(() => import('./SpeakingCard.svelte'));
export const loadRoomHelp = lazy(() => import('./RoomHelp.svelte'));

const quietly = (load: () => Promise<unknown>) => void load().catch(() => undefined);

/**
 * The rest of getting started and what every live phase shows (the speaking card, the room's help), loaded while
 * the phone joins: on a slow network they then arrive with the first screen, not one round trip after it, and a
 * phone that loses the Wi-Fi later has them.
 */
export function preloadGettingStarted(): void {
	quietly(loadRead);
	quietly(loadRules);
	quietly(loadSpeaking);
	quietly(loadRoomHelp);
}

/**
 * While the phone joins (its phase not known yet): getting started, and the worry screen, the first a phone types
 * on — phones mostly join in the opening, and the fears phase follows it.
 */
export function preloadWhileJoining(): void {
	preloadGettingStarted();
	quietly(loadConcern);
}

/** Loads the screens of this phase and of the next one in the background. */
export function preloadScreens(phase: SessionPhase | undefined, prompt: Prompt | null | undefined): void {
	if (phase !== undefined && phase !== 'closed' && phase !== 'endedEarly') preloadGettingStarted();
	if (phase === 'preparation' || phase === 'opening' || (prompt && prompt !== 'consent')) quietly(loadPrompt);
	if (phase === 'opening' || phase === 'fearsAndStigma') quietly(loadConcern);
	if (phase === 'fearsAndStigma' || phase === 'proposals') quietly(loadProposal);
	if (phase === 'proposals' || phase === 'agreement') quietly(loadConsent);
	if (phase === 'agreement' || phase === 'closing') quietly(loadCheckOut);
	if (phase === 'proposals' || phase === 'agreement' || phase === 'closing') quietly(loadAgreement);
}
