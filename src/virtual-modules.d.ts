/** Modules made by the build (`scripts/vite-locale-chunks.js`, `scripts/vite-phone-build.js`). */
declare module 'virtual:hearth-locale-loaders' {
	/**
	 * Per language other than English: the texts of the phone's first screens, of its later screens, and the rest,
	 * each a chunk of its own (the phone's own build has no `rest`).
	 */
	const loaders: Record<
		string,
		Partial<Record<'phone' | 'later' | 'rest', () => Promise<Record<string, unknown>>>>
	>;
	export default loaders;
}

declare module 'virtual:hearth-phone-assets' {
	/**
	 * The phone's own build: its early join (the script for the page's head and its CSP hash), its entry, the files it imports, the files of the screens after the welcome, and per language but English the files of its phone texts, as addresses; null in dev and in Vitest.
	 */
	const assets: {
		join: { script: string; hash: string };
		entry: string;
		preload: string[];
		screens: string[];
		languages: Record<string, string[]>;
	} | null;
	export default assets;
}
