/**
 * The phone's own build (issue 14): the join link's page without SvelteKit's client.
 *
 * A phone opening the join link used to load SvelteKit's client (its router, every route's node loader) and the
 * Svelte runtime shared by every page, staff pages included: about 40 of its 60 KB of JavaScript. In the
 * production build, SvelteKit renders `/s/[code]` without its client (`csr = false`, `+page.ts`), and a second,
 * separate Vite build of just the phone (`src/phone/main.ts`, which hydrates the server's rendering of the page)
 * gives it a runtime tree-shaken for the phone alone. That build
 * - runs once, at the start of `vite build` (its server part), into `.svelte-kit/hearth-phone/`;
 * - answers `$app/state` and `$app/paths` with small modules of its own (`src/phone/`), and leaves out the
 *   styles of its components (SvelteKit inlines them in the page's HTML; the screens of later phases carry theirs
 *   in their scripts, `<svelte:options css="injected" />`);
 * - puts the lazily loaded screens in few files: one for the getting-started steps and what every live phase shows
 *   beside its screen, and one per phase;
 * - keeps the languages in chunks of their own (`vite-locale-chunks.js`): of its language, the phone loads the
 *   texts of its first screens before it draws (named in the page's head) and those of its later screens with them;
 * - builds the phone's early join (`src/phone/early-join.ts`), which the page carries in its head, as an entry of
 *   its own;
 * - makes the one Error Svelte's runtime makes as it is evaluated in a file of its own (`staleReactionApart`).
 * Its files go into SvelteKit's client output as `_app/immutable/phone/…` (so adapter-node precompresses them and
 * serves them `immutable`), and the server learns their names from `virtual:hearth-phone-assets`: the entry and the
 * files it imports, for the page's head (`src/hooks.server.ts`). The dev server and Vitest get `null` there, and
 * the phone's page keeps SvelteKit's client.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { localeChunks } from './vite-locale-chunks.js';
import { messageFormats } from './vite-message-formats.js';

const ASSETS = 'virtual:hearth-phone-assets';
const OUT = path.join('.svelte-kit', 'hearth-phone');
const DIR = '_app/immutable/phone';
const ENTRY = 'src/phone/main.ts';
/**
 * The join sent before the entry arrives (`src/phone/early-join.ts`): an entry of its own, importing nothing,
 * whose built text goes into the page's head (not a file of the output).
 */
const EARLY_JOIN = 'src/phone/early-join.ts';

/**
 * The lazily loaded screens, grouped by when the phone needs them (file names are relative to the page). The
 * `early` group is what a phone shows right after the welcome, whatever the phase (the getting-started steps):
 * the page's head names its files after the entry, so that they come with the first load, not a round trip after
 * it (they count towards the first load's 40 KB).
 */
const GROUPS = [
	{ name: 'start', files: ['ReadScreen', 'RulesScreen'], early: true },
	{ name: 'live', files: ['SpeakingCard', 'RoomHelp'] },
	{ name: 'opening', files: ['PromptScreen'] },
	{ name: 'fears', files: ['ConcernScreen', 'MineList', 'CountedText', 'CountdownTimer'] },
	{ name: 'proposals', files: ['ProposalScreen'] },
	{ name: 'agreement', files: ['ConsentScreen', 'Scale', 'AgreementScreen', 'CheckOutScreen', 'Commitments'] }
];

/**
 * V8's explicit compile hint (Chrome 136 and later; a comment to every other browser): every function of a file
 * that starts with it is compiled as the file streams in, on a thread of its own, rather than on the page's main
 * thread the first time it is called. On the phone's first load that was about 50 ms of a laptop's main thread
 * (400 functions of the entry, `V8.CompileCode` in a trace), in the tasks that run the entry, hydrate the page and
 * draw the welcome; Lighthouse counts them four times over. It goes on the files whose code runs as soon as they
 * arrive: the entry (the first screen and the runtime) and the files of screens (each loaded as its screens are
 * about to show). Not on the texts of the languages: many small functions, of which a screen calls a few.
 * It must be the file's first line: it is put there when the files are written out, after minifying (which
 * would drop a comment) and after Vite has put its list of preloads first; `phoneAssets` checks the entry has it.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * Svelte's client runtime makes an `Error` as its module is evaluated: `STALE_REACTION`, the reason it gives the
 * signals it aborts (`internal/client/constants.js`). With an inspector attached (DevTools, Lighthouse, Playwright),
 * V8 keeps a detailed stack of every Error made, with the line and column of each function on it, and works those
 * out by parsing the functions again; for a module's top level that is its whole file. In the phone's entry that
 * was 20–34 ms of a laptop's main thread (its 104 KB parsed a second time, `V8.CollectSourcePositions` in a trace)
 * in the task that runs it, which Lighthouse counts four times over. So the phone's build makes that value in a
 * module of its own, in a file of its own: what is parsed again is a few lines. The same statement, the same object
 * and class; only the module it is made in changes. A phone without an inspector does not pay this (V8 then keeps a
 * cheap stack, without lines): it is what DevTools and Lighthouse see.
 */
const SVELTE_CONSTANTS = /[\\/]node_modules[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]constants\.js$/;
const STALE_REACTION = 'virtual:hearth-stale-reaction';
const STALE_REACTION_DECLARATION =
	/^export const STALE_REACTION = new \(class StaleReactionError extends Error \{\n[^]*?\n\}\)\(\);\n/m;

/** @returns {import('vite').Plugin} */
function staleReactionApart() {
	/** @type {string | null} */
	let declaration = null;
	return {
		name: 'hearth-phone-stale-reaction',
		enforce: 'pre',
		resolveId(id) {
			return id === STALE_REACTION ? `\0${STALE_REACTION}` : null;
		},
		load(id) {
			if (id !== `\0${STALE_REACTION}`) return null;
			if (declaration === null)
				throw new Error(`phone build: ${STALE_REACTION} asked for before Svelte's constants`);
			return declaration;
		},
		transform(code, id) {
			if (!SVELTE_CONSTANTS.test(id.split('?')[0] ?? '')) return null;
			const found = STALE_REACTION_DECLARATION.exec(code);
			if (!found)
				throw new Error("phone build: Svelte's constants.js no longer declares STALE_REACTION as expected");
			declaration = found[0];
			const moved =
				code.slice(0, found.index) +
				`export { STALE_REACTION } from ${JSON.stringify(STALE_REACTION)};\n` +
				code.slice(found.index + found[0].length);
			return { code: moved, map: null };
		},
		buildEnd(error) {
			// A Svelte whose constants are elsewhere (or not under node_modules) would leave the Error in the entry.
			if (!error && declaration === null) this.error("phone build: Svelte's constants.js was not seen");
		}
	};
}

/** @param {import('rolldown').OutputChunk} chunk */
function compileEagerly(chunk) {
	if (chunk.isEntry) return chunk.facadeModuleId?.replaceAll('\\', '/').endsWith(ENTRY) ?? false;
	return GROUPS.some((group) => group.name === chunk.name);
}

/**
 * @param {{ baseLocale?: string }} [options]
 * @returns {import('vite').Plugin}
 */
export function phoneBuild(options = {}) {
	let root = process.cwd();
	let command = 'serve';
	let mode = 'production';
	return {
		name: 'hearth-phone-build',
		configResolved(config) {
			root = config.root;
			command = config.command;
			mode = config.mode;
		},
		async buildStart() {
			// Once per `vite build`: in its first part (SvelteKit's server), before the server asks for the names.
			if (command !== 'build' || this.environment?.config.consumer !== 'server') return;
			await buildPhone(root, mode, options.baseLocale ?? 'en');
		},
		resolveId(id) {
			return id === ASSETS ? `\0${ASSETS}` : null;
		},
		load(id) {
			if (id !== `\0${ASSETS}`) return null;
			if (command !== 'build') return 'export default null;\n';
			return `export default ${JSON.stringify(phoneAssets(root))};\n`;
		},
		generateBundle() {
			// SvelteKit's browser part: the phone's files join its output.
			if (command !== 'build' || this.environment?.config.consumer !== 'client') return;
			const out = path.join(root, OUT);
			const inline = path.basename(phoneAssetFile(root, EARLY_JOIN));
			for (const file of listFiles(path.join(out, DIR))) {
				if (path.basename(file).startsWith(inline)) continue;
				this.emitFile({
					type: 'asset',
					fileName: path.relative(out, file).replaceAll('\\', '/'),
					source: fs.readFileSync(file)
				});
			}
		}
	};
}

/**
 * The file the phone's build made of `key` (a module of `src/phone`), which must import nothing.
 * @param {string} root
 * @param {string} key
 */
function phoneAssetFile(root, key) {
	/** @type {Record<string, { file: string, imports?: string[] }>} */
	const manifest = JSON.parse(fs.readFileSync(path.join(root, OUT, '.vite', 'manifest.json'), 'utf8'));
	const chunk = manifest[key];
	if (!chunk || (chunk.imports ?? []).length > 0) {
		throw new Error(`phone build: ${key} is not in its manifest as one file of its own`);
	}
	return chunk.file;
}

/**
 * The phone's early join (its text, for the page's head, and the text's hash), its entry and the files it imports
 * statically (to preload), the files of the screens right after the welcome (to preload too), and per language the
 * files of the texts of its first screens (which the entry loads before it draws; not those of the later screens),
 * as addresses, from its build's manifest.
 * @param {string} root
 * @returns {{ join: { script: string, hash: string }, entry: string, preload: string[], screens: string[],
 *   languages: Record<string, string[]> }}
 */
export function phoneAssets(root) {
	/** @type {Record<string, { file: string, name?: string, isEntry?: boolean, imports?: string[] }>} */
	const manifest = JSON.parse(fs.readFileSync(path.join(root, OUT, '.vite', 'manifest.json'), 'utf8'));
	/** @param {string} key @returns {string[]} the chunk's file and those it imports, entry excluded */
	const files = (key) => {
		/** @type {Set<string>} */
		const found = new Set();
		const queue = [key];
		while (queue.length) {
			const chunk = manifest[/** @type {string} */ (queue.pop())];
			if (!chunk || chunk.isEntry || found.has(`/${chunk.file}`)) continue;
			found.add(`/${chunk.file}`);
			queue.push(...(chunk.imports ?? []));
		}
		return [...found];
	};
	const entry = manifest[ENTRY];
	if (!entry) throw new Error(`phone build: ${ENTRY} is not in its manifest`);
	if (!fs.readFileSync(path.join(root, OUT, entry.file), 'utf8').startsWith(COMPILE_HINT)) {
		throw new Error(`phone build: ${entry.file} does not start with the compile hint`);
	}
	/** @type {Record<string, string[]>} */
	const languages = {};
	for (const key of Object.keys(manifest)) {
		const locale = /^virtual:hearth-locale\/([^/]+)\/phone$/.exec(key)?.[1];
		if (locale) languages[locale] = files(key);
	}
	// The early join goes into the page's head as it is (in a function of its own: a classic script's variables
	// would be the window's), allowed by its hash in the page's Content-Security-Policy.
	const built = fs.readFileSync(path.join(root, OUT, phoneAssetFile(root, EARLY_JOIN)), 'utf8');
	if (/<\/script|<!--/i.test(built)) {
		throw new Error(`phone build: ${EARLY_JOIN} cannot go inside a <script>`);
	}
	// On a line of its own, the end of the function is not lost after a last line comment.
	const script = `(()=>{${built.trim()}\n})()`;
	const hash = `sha256-${createHash('sha256').update(script).digest('base64')}`;
	const preload = (entry.imports ?? []).flatMap(files);
	/** @type {Set<string>} */
	const screens = new Set();
	for (const group of GROUPS.filter((g) => g.early)) {
		const key = Object.keys(manifest).find((k) => manifest[k]?.name === group.name && !manifest[k]?.isEntry);
		if (!key) throw new Error(`phone build: no file of screens named ${group.name} in its manifest`);
		for (const file of files(key)) if (!preload.includes(file)) screens.add(file);
	}
	return { join: { script, hash }, entry: `/${entry.file}`, preload, screens: [...screens], languages };
}

/**
 * @param {string} root
 * @param {string} mode
 * @param {string} baseLocale
 */
async function buildPhone(root, mode, baseLocale) {
	const phone = path.join(root, 'src', 'phone');
	const entry = path.join(root, ENTRY);
	/** Module → the file of screens it goes into (see `screenGroups`). */
	let groupOf = new Map();
	await build({
		configFile: false,
		root,
		mode,
		base: '/',
		logLevel: 'warn',
		clearScreen: false,
		publicDir: false,
		resolve: {
			alias: [
				{ find: /^\$app\/state$/, replacement: path.join(phone, 'app-state.ts') },
				{ find: /^\$app\/paths$/, replacement: path.join(phone, 'app-paths.ts') },
				{ find: /^\$lib(?=\/|$)/, replacement: path.join(root, 'src', 'lib') }
			]
		},
		plugins: [
			{
				// The components' styles are in the page's HTML (SvelteKit inlines them): none in this build.
				name: 'hearth-phone-no-css',
				enforce: 'pre',
				load(id) {
					return /\?svelte&type=style/.test(id) ? '' : null;
				},
				generateBundle(_, bundle) {
					for (const file of Object.keys(bundle)) if (file.endsWith('.css')) delete bundle[file];
				}
			},
			{
				name: 'hearth-phone-compile-hints',
				generateBundle: {
					order: 'post',
					handler(_, bundle) {
						for (const chunk of Object.values(bundle)) {
							if (chunk.type === 'chunk' && compileEagerly(chunk)) chunk.code = COMPILE_HINT + chunk.code;
						}
					}
				}
			},
			{
				name: 'hearth-phone-screen-groups',
				buildEnd() {
					groupOf = screenGroups(root, entry, (id) => this.getModuleInfo(id));
				}
			},
			staleReactionApart(),
			svelte({ configFile: path.join(root, 'svelte.config.js') }),
			messageFormats(),
			localeChunks({ baseLocale, parts: ['phone', 'later'] })
		],
		build: {
			outDir: path.join(root, OUT),
			emptyOutDir: true,
			manifest: true,
			copyPublicDir: false,
			modulePreload: { polyfill: false },
			reportCompressedSize: false,
			rolldownOptions: {
				input: { main: entry, join: path.join(root, EARLY_JOIN) },
				// The entry exports nothing; the screens' own modules may go into their group's file.
				preserveEntrySignatures: false,
				output: {
					entryFileNames: `${DIR}/[name]-[hash].js`,
					chunkFileNames: `${DIR}/[name]-[hash].js`,
					assetFileNames: `${DIR}/[name]-[hash][extname]`,
					codeSplitting: {
						groups: [
							{ name: 'stale-reaction', test: (id) => id === `\0${STALE_REACTION}` },
							{
								name: (id) => groupOf.get(id) ?? null,
								test: (id) => groupOf.has(id),
								includeDependenciesRecursively: false
							}
						]
					}
				}
			}
		}
	});
}

/**
 * Which file of screens each lazily loaded module goes into: a screen of `GROUPS` with what it imports, in the
 * first group (in the order of the phases) that needs it. What the first screen imports stays with the entry, and
 * what a language's texts import (Paraglide's plural rules) is left to the bundler. Paraglide's index of every text
 * is not followed (it names them all): a module's texts are the `m.key` it uses.
 * @param {string} root
 * @param {string} entry
 * @param {(id: string) => import('rolldown').ModuleInfo | null} info
 * @returns {Map<string, string>}
 */
function screenGroups(root, entry, info) {
	const messages = path.join(root, 'src', 'lib', 'paraglide', 'messages');
	const index = [path.join(messages, '_index.js'), `${messages}.js`];
	/** @param {string[]} from @param {boolean} dynamic */
	const reach = (from, dynamic) => {
		const seen = new Set();
		const queue = [...from];
		while (queue.length) {
			const id = /** @type {string} */ (queue.pop());
			if (seen.has(id)) continue;
			seen.add(id);
			const module = info(id);
			if (!module || index.includes(id)) continue;
			queue.push(...module.importedIds, ...(dynamic ? module.dynamicallyImportedIds : []));
			for (const [, key] of (module.code ?? '').matchAll(/\bm\.([A-Za-z_$][\w$]*)/g)) {
				const file = messageFile(messages, /** @type {string} */ (key));
				if (file) queue.push(file);
			}
		}
		return seen;
	};
	const initial = reach([entry], false);
	const all = [...reach([entry], true)];
	const languages = reach(
		all.filter((id) => id.includes('virtual:hearth-locale/')),
		false
	);
	/** @type {Map<string, string>} */
	const groups = new Map();
	for (const { name, files } of GROUPS) {
		const roots = all.filter((id) => files.includes(path.basename(id).replace(/\.svelte$/, '')));
		for (const id of reach(roots, false)) {
			if (!initial.has(id) && !languages.has(id) && !index.includes(id) && !groups.has(id)) {
				groups.set(id, name);
			}
		}
	}
	return groups;
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

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]
		);
}
