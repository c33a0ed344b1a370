/**
 * The screens of the phases, loaded when needed (and one phase ahead), so that the phone's first load stays
 * small: it holds the join and welcome screens only. Each lazily loaded screen carries its styles in its script
 * (`<svelte:options css="injected" />`), so the join page's HTML does not link the stylesheets of later screens.
 * Their texts in a language other than English come with them too: the phone loads its language's `later` part
 * (`scripts/vite-locale-chunks.js`) beside the first screen it loads, so that the first load carries the texts of
 * the first screens only (issue 14). A chunk that fails on bad Wi-Fi offers a reload: drafts and the queue are in
 * localStorage, so reloading loses nothing.
 */
import type { SessionPhase } from '$lib/dialogue';
import { loadLocale } from '$lib/i18n/locale-chunks';
import type { Prompt } from '$lib/live/types';
import { getLocale } from '$lib/paraglide/runtime';
import { lazy } from './lazy';

/** A screen with its texts in the phone's language: both requested at once, the screen ready when both are. */
function screen<T>(load: () => Promise<T>) {
	return lazy(() => Promise.all([load(), loadLocale(getLocale(), ['later'])]).then(([module]) => module));
}

export const loadConcern = screen(() => import('./ConcernScreen.svelte'));
export const loadProposal = screen(() => import('./ProposalScreen.svelte'));
export const loadMine = screen(() => import('./MineList.svelte'));
export const loadPrompt = screen(() => import('./PromptScreen.svelte'));
export const loadTimer = screen(() => import('$lib/components/live/CountdownTimer.svelte'));
export const loadConsent = screen(() => import('./ConsentScreen.svelte'));
export const loadCheckOut = screen(() => import('./CheckOutScreen.svelte'));
export const loadAgreement = screen(() => import('./AgreementScreen.svelte'));
/** The getting-started steps after the welcome, and what every screen of a live phase shows beside its own. */
export const loadRead = screen(() => import('./ReadScreen.svelte'));
export const loadRules = screen(() => import('./RulesScreen.svelte'));
export const loadSpeaking = screen(() => import('./SpeakingCard.svelte'));
export const loadRoomHelp = screen(() => import('./RoomHelp.svelte'));

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
