/** Modules made by the build (`scripts/vite-locale-chunks.js`). */
declare module 'virtual:hearth-locale-loaders' {
	/** Per language other than English: its phone texts and the rest, each a chunk of its own. */
	const loaders: Record<string, Record<'phone' | 'rest', () => Promise<Record<string, unknown>>>>;
	export default loaders;
}
