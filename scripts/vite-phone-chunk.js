/**
 * One chunk for the small modules of the phone's first load that other pages share (texts, types, the language
 * names), in the browser build only.
 *
 * The bundler puts a module that several pages import into a chunk of its own for each set of pages that import
 * it. A text the phone shares with the console and one it shares with the projector end up in two files of a few
 * hundred bytes each; the join page loaded a dozen of them. Each is a request (six at a time over HTTP/1.1) and
 * compresses badly on its own. This plugin finds the modules the phone's first load imports statically (from the
 * phone page, the root layout and the root error page, which SvelteKit's client loads on every page) and gives
 * those that are texts or small shared modules one chunk, `phone-shared`. Pages that share any of them load that
 * chunk too: a few kilobytes of the phone's texts, in one file.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the phone's first load starts (SvelteKit's client also imports the root layout and error nodes). */
const ROOTS = ['src/routes/s/[code]/+page.svelte', 'src/routes/+layout.svelte', 'src/routes/+error.svelte'];
/** Small modules besides the texts that the phone shares with other pages. */
const SHARED = [
	'src/lib/live/types.ts',
	'src/lib/dialogue/types.ts',
	'src/lib/i18n/languages.ts',
	'src/lib/components/live/phases.ts'
];
/** Paraglide's modules: the index of every text is not followed (it names them all); the texts used are. */
const PARAGLIDE = /[\\/]src[\\/]lib[\\/]paraglide[\\/]/;

/** @returns {import('vite').Plugin} */
export function phoneSharedChunk() {
	let root = process.cwd();
	/** @type {Set<string>} */
	const members = new Set();
	return {
		name: 'hearth-phone-shared-chunk',
		apply: 'build',
		configResolved(config) {
			root = config.root;
		},
		buildEnd() {
			members.clear();
			if (this.environment?.config.consumer !== 'client') return;
			for (const file of SHARED) members.add(path.join(root, file));
			const messages = path.join(root, 'src', 'lib', 'paraglide', 'messages');
			const queue = ROOTS.map((file) => path.join(root, file));
			/** @type {Set<string>} */
			const seen = new Set();
			while (queue.length) {
				const id = /** @type {string} */ (queue.pop());
				if (seen.has(id)) continue;
				seen.add(id);
				const info = this.getModuleInfo(id);
				if (!info || PARAGLIDE.test(id)) continue;
				for (const [, key] of (info.code ?? '').matchAll(/\bm\.([A-Za-z_$][\w$]*)/g)) {
					const file = messageFile(messages, /** @type {string} */ (key));
					if (file) members.add(file);
				}
				queue.push(...info.importedIds.filter((imported) => !imported.includes('node_modules')));
			}
		},
		outputOptions(options) {
			// The browser build only: the server keeps its own chunks.
			if (this.environment?.config.consumer !== 'client') return null;
			return {
				...options,
				codeSplitting: {
					groups: [
						{
							name: 'phone-shared',
							test: (id) => members.has(id)
						}
					]
				}
			};
		}
	};
}

/**
 * The module of a text: `messages/<key>.js`, or for a key Paraglide renames (`live_phase_fearsAndStigma`) the
 * module that exports it under its name (`live_phase_fearsandstigma2.js`).
 * @param {string} dir
 * @param {string} key
 */
function messageFile(dir, key) {
	const plain = path.join(dir, `${key}.js`);
	if (fs.existsSync(plain)) return plain;
	const lower = key.toLowerCase();
	for (const name of fs.readdirSync(dir)) {
		if (!name.startsWith(lower) || !/^\d*\.js$/.test(name.slice(lower.length))) continue;
		const file = path.join(dir, name);
		if (fs.readFileSync(file, 'utf8').includes(` as "${key}" }`)) return file;
	}
	return null;
}
