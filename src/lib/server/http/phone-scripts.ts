import phone from 'virtual:hearth-phone-assets';

export interface PhoneAssets {
	/**
	 * The early join (`src/phone/early-join.ts`) as it goes into the page's head, and its hash for the page's
	 * Content-Security-Policy (`sha256-…`).
	 */
	join: { script: string; hash: string };
	entry: string;
	preload: string[];
	/** The screens right after the welcome (the getting-started steps), whatever the phase. */
	screens: string[];
	languages: Record<string, string[]>;
}

/**
 * The tags that load the phone's own build on its page (`scripts/vite-phone-build.js`): a `modulepreload` for
 * each file the entry imports and for the phone texts of the page's language (which the entry loads before it
 * draws), so that the browser asks for all of them in the first round trip after the HTML, then the entry, then
 * the screens right after the welcome (a phone on slow 3G that taps Continue at once need not wait a round trip
 * for them). Empty where there is no such build (the dev server keeps SvelteKit's client for the phone).
 */
export function phoneScriptTags(locale: string, assets: PhoneAssets | null = phone): string {
	if (!assets) return '';
	const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
	const preload = [...assets.preload, ...(assets.languages[locale] ?? [])];
	return [
		...preload.map((href) => `<link rel="modulepreload" href="${attribute(href)}">`),
		`<script type="module" src="${attribute(assets.entry)}"></script>`,
		...assets.screens.map((href) => `<link rel="modulepreload" href="${attribute(href)}">`)
	].join('');
}

/**
 * The phone's early join (`src/phone/early-join.ts`) for the top of the page's head: the one inline script of
 * the page, which sends the join while the head is still being read, a second before the entry has arrived on
 * slow 3G. Empty without the phone build.
 */
export function earlyJoinTag(assets: PhoneAssets | null = phone): string {
	return assets ? `<script>${assets.join.script}</script>` : '';
}

/**
 * The page's Content-Security-Policy with the early join allowed by its hash (and no other inline script): its
 * `script-src`, and its `script-src-elem` if it has one (which then rules `<script>` elements), get the hash.
 * Unchanged without the phone build or without either (`default-src` then rules, as strict as it was).
 */
export function allowEarlyJoin(policy: string, assets: PhoneAssets | null = phone): string {
	if (!assets) return policy;
	return policy.replace(
		/(^|;\s*)(script-src(?:-elem)?(?=\s|;|$)[^;]*)/g,
		(_, start: string, directive: string) => `${start}${directive.trimEnd()} '${assets.join.hash}'`
	);
}
