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
import { lazy, type Lazy } from './lazy';

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
 * on — phones mostly join in the opening, and the fears phase follows it. What shows beside a live phase's screen
 * (the speaking card, the room's help) is asked for once the worry screen is here: on slow 3G the two would share
 * the bandwidth, and the worry screen is what a phone that has just joined waits for.
 */
export function preloadWhileJoining(): void {
	quietly(loadRead);
	quietly(loadRules);
	void loadConcern()
		.catch(() => undefined)
		.then(preloadGettingStarted);
}

/**
 * Loads the screens of this phase in the background, and once they are here those shown beside them and the next
 * phase's (on slow 3G what the phone shows now does not share the bandwidth with what it shows later).
 */
export function preloadScreens(phase: SessionPhase | undefined, prompt: Prompt | null | undefined): void {
	const now: Lazy<unknown>[] = [];
	const then: Lazy<unknown>[] = [];
	const when = (current: boolean, upcoming: boolean, load: Lazy<unknown>) => {
		if (current) now.push(load);
		else if (upcoming) then.push(load);
	};
	const live = phase !== undefined && phase !== 'closed' && phase !== 'endedEarly';
	when(live, false, loadRead);
	when(live, false, loadRules);
	when(false, live, loadSpeaking);
	when(false, live, loadRoomHelp);
	when(
		phase === 'preparation' || phase === 'opening' || (!!prompt && prompt !== 'consent'),
		false,
		loadPrompt
	);
	when(phase === 'fearsAndStigma', phase === 'opening', loadConcern);
	when(phase === 'proposals', phase === 'fearsAndStigma', loadProposal);
	when(phase === 'agreement', phase === 'proposals', loadConsent);
	when(phase === 'closing', phase === 'agreement', loadCheckOut);
	when(phase === 'agreement' || phase === 'closing', phase === 'proposals', loadAgreement);
	void Promise.allSettled(now.map((load) => load())).then(() => then.forEach(quietly));
}
