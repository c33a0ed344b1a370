import phone from 'virtual:hearth-phone-assets';

export interface PhoneAssets {
	entry: string;
	preload: string[];
	languages: Record<string, string[]>;
}

/**
 * The tags that load the phone's own build on its page (`scripts/vite-phone-build.js`): a `modulepreload` for
 * each file the entry imports and for the phone texts of the page's language (which the entry loads before it
 * draws), so that the browser asks for all of them in the first round trip after the HTML, then the entry. Empty
 * where there is no such build (the dev server keeps SvelteKit's client for the phone).
 */
export function phoneScriptTags(locale: string, assets: PhoneAssets | null = phone): string {
	if (!assets) return '';
	const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
	const preload = [...assets.preload, ...(assets.languages[locale] ?? [])];
	return [
		...preload.map((href) => `<link rel="modulepreload" href="${attribute(href)}">`),
		`<script type="module" src="${attribute(assets.entry)}"></script>`
	].join('');
}
