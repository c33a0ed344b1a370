/**
 * Languages in chunks of their own in the browser: a phone downloads the texts of its own language only, and of
 * those only the ones the phone's pages use.
 *
 * Paraglide (`outputStructure: 'message-modules'`) writes one module per message holding every language's text
 * (`const nl_key = …; if (locale === "nl") return nl_key(inputs)`). Every browser page then carried every language:
 * with eight, most of the phone's JavaScript would be texts it never shows. Paraglide's own locale splitting is a
 * separate build per language (opral/paraglide-js#88), which SvelteKit's build cannot compose with; its
 * `locale-modules` structure defeats tree-shaking (every page then carries every message).
 *
 * In the browser build only, this plugin
 * - rewrites each message module's calls of other languages' texts into one lookup in
 *   `src/lib/i18n/locale-chunks.ts` (`__localeMessages(locale).key`), so the bundler drops the
 *   other languages' texts from the page; until a language is loaded its messages read the base text, so nothing
 *   can throw. `hooks.client.ts` loads the page's language before it hydrates, so the first render matches the
 *   server's;
 * - makes each other language three chunks, from Paraglide's `locale-modules` output compiled on the side
 *   (`node_modules/.cache/hearth-locales/`): `phone`, the messages of the phone's first screens (found by
 *   following the static imports from the phone's pages, as the bundler does, and collecting `m.key`), which the
 *   phone loads before it draws; `later`, the messages only the phone's lazily loaded screens use (reached
 *   through a dynamic `import()`), which come with those screens (`src/routes/s/[code]/screens.ts`); and `rest`,
 *   everything else; `virtual:hearth-locale-loaders` maps language and part to a dynamic import.
 * The server (and Vitest) keep every language in every module, as Paraglide writes them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MESSAGE = /[\\/]src[\\/]lib[\\/]paraglide[\\/]messages[\\/]([\w$]+)\.js$/;
const LOADERS = 'virtual:hearth-locale-loaders';
const PART = 'virtual:hearth-locale/';
/** The phone's pages: the join page, the phone itself, and what every page has (layout, error page). */
export const PHONE_ENTRIES = [
	'src/routes/+layout.svelte',
	'src/routes/+error.svelte',
	'src/routes/s/+page.svelte',
	'src/routes/s/[code]/+page.svelte',
	'src/hooks.client.ts'
];

/**
 * @param {{ baseLocale?: string, parts?: readonly ('phone' | 'later' | 'rest')[] }} [options] `parts`: the parts
 *   the loaders offer (the phone's own build has no use for `rest`)
 * @returns {import('vite').Plugin}
 */
export function localeChunks(options = {}) {
	const baseLocale = options.baseLocale ?? 'en';
	const parts = options.parts ?? ['phone', 'later', 'rest'];
	let root = process.cwd();
	/** @type {Promise<string> | null} */
	let compiled = null;
	const localeModules = () => (compiled ??= compileLocaleModules(root));
	return {
		name: 'hearth-locale-chunks',
		enforce: 'post',
		configResolved(config) {
			root = config.root;
		},
		resolveId(id) {
			if (id === LOADERS || id.startsWith(PART)) return `\0${id}`;
			return null;
		},
		async load(id) {
			if (id === `\0${LOADERS}`) {
				const settings = JSON.parse(
					fs.readFileSync(path.join(root, 'project.inlang', 'settings.json'), 'utf8')
				);
				const locales = /** @type {string[]} */ (settings.locales).filter((locale) => locale !== baseLocale);
				return loadersModule(locales, parts);
			}
			if (id.startsWith(`\0${PART}`)) {
				const [locale = '', part = ''] = id.slice(PART.length + 1).split('/');
				const dir = await localeModules();
				const file = path.join(dir, `${locale}.js`);
				const aliases = messageAliases(fs.readFileSync(path.join(dir, '_index.js'), 'utf8'));
				const watch = (/** @type {string} */ watched) => this.addWatchFile(watched);
				const named = (/** @type {Set<string>} */ keys) =>
					new Set([...keys].map((key) => aliases.get(key) ?? key));
				const first = named(phoneMessageKeys(root, watch, { dynamic: false }));
				const phone = named(phoneMessageKeys(root, watch));
				/** @type {(key: string) => boolean} */
				const keep =
					part === 'phone'
						? (key) => first.has(key)
						: part === 'later'
							? (key) => phone.has(key) && !first.has(key)
							: (key) => !phone.has(key);
				const registry = path.join(root, 'src', 'lib', 'paraglide', 'registry.js').replaceAll('\\', '/');
				return localePart(fs.readFileSync(file, 'utf8'), keep, registry);
			}
			return null;
		},
		transform(code, id, transformOptions) {
			const key = MESSAGE.exec(id.split('?')[0] ?? '')?.[1];
			if (transformOptions?.ssr || !key || key === '_index') return null;
			const registry = path.join(root, 'src', 'lib', 'i18n', 'locale-chunks.ts').replaceAll('\\', '/');
			return { code: splitMessage(code, key, baseLocale, registry), map: null };
		}
	};
}

/**
 * Paraglide's per-language modules (`locale-modules`), compiled into `node_modules/.cache/hearth-locales/` and
 * compiled again only when the messages, the settings or Paraglide changed (a hash of them is kept beside): with
 * eight languages a compile costs about 15 CPU seconds, and the build, its spec and a rebuild would each pay it.
 * @param {string} root
 * @returns {Promise<string>} the folder of the language modules
 */
export async function compileLocaleModules(root) {
	const outdir = path.join(root, 'node_modules', '.cache', 'hearth-locales');
	const stamp = path.join(outdir, 'inputs.sha256');
	const hash = createHash('sha256');
	const settingsFile = path.join(root, 'project.inlang', 'settings.json');
	const paraglide = JSON.parse(
		fs.readFileSync(path.join(root, 'node_modules', '@inlang', 'paraglide-js', 'package.json'), 'utf8')
	);
	hash.update(`paraglide ${paraglide.version}\n`);
	hash.update(fs.readFileSync(settingsFile));
	const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
	for (const pattern of /** @type {string[]} */ (settings['plugin.inlang.messageFormat'].pathPattern)) {
		for (const locale of /** @type {string[]} */ (settings.locales)) {
			const file = path.join(root, pattern.replace('{locale}', locale));
			hash.update(`${file}\n`);
			if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
		}
	}
	const inputs = hash.digest('hex');
	const messages = path.join(outdir, 'messages');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === inputs) return messages;
	const { compile } = await import('@inlang/paraglide-js');
	await compile({
		project: path.join(root, 'project.inlang'),
		outdir,
		outputStructure: 'locale-modules',
		emitGitIgnore: false,
		emitPrettierIgnore: false,
		emitReadme: false
	});
	fs.writeFileSync(stamp, inputs);
	return messages;
}

/**
 * @param {string[]} locales the languages other than the base one
 * @param {readonly string[]} parts
 */
function loadersModule(locales, parts) {
	const entries = locales.map((locale) => {
		const chunk = (/** @type {string} */ part) =>
			`() => import(${JSON.stringify(`${PART}${locale}/${part}`)})`;
		return `${JSON.stringify(locale)}: { ${parts.map((part) => `${part}: ${chunk(part)}`).join(', ')} }`;
	});
	return `export default {\n${entries.join(',\n')}\n};\n`;
}

/**
 * One message module with every language but the base one read from the registry of loaded languages.
 * @param {string} code Paraglide's `messages/<key>.js`
 * @param {string} key
 * @param {string} baseLocale
 * @param {string} registry the module that holds the loaded languages
 */
export function splitMessage(code, key, baseLocale, registry) {
	const base = `${safeId(baseLocale)}_${key}`;
	const fallback = `\treturn ${base}(inputs)`;
	if (!code.includes(fallback)) {
		throw new Error(`locale chunks: ${key}.js no longer ends in \`return ${base}(inputs)\``);
	}
	let lazy = 0;
	const out = code.replace(/^\tif \(locale === "[^"]+"\) return ([\w$]+)\(inputs\)\n/gm, (whole, fn) => {
		if (fn === base) return whole;
		lazy += 1;
		return '';
	});
	if (lazy === 0) return code;
	// One lookup for every other language, rather than a line each: the phone carries this in every message.
	const lookup = `\tif (locale !== ${JSON.stringify(baseLocale)}) { const localized = __localeMessages(locale).${key}; if (localized) return localized(inputs) }\n`;
	return `import { localeMessages as __localeMessages } from ${JSON.stringify(registry)};\n${out.replace(fallback, `${lookup}${fallback}`)}`;
}

/**
 * The messages of one language module that `keep` keeps, as a module of their own.
 * @param {string} code Paraglide's `messages/<locale>.js`
 * @param {(key: string) => boolean} keep
 * @param {string} registry the absolute path of Paraglide's `registry.js` (plural rules, formatters)
 */
export function localePart(code, keep, registry) {
	const blocks = code.split(/^(?=export const )/m);
	blocks.shift(); // the type definitions
	if (!/^import \* as registry from "\.\.\/registry\.js"$/m.test(code)) {
		throw new Error("locale chunks: Paraglide's language module no longer imports its registry as expected");
	}
	const kept = [];
	for (const block of blocks) {
		const key = /^export const ([\w$]+) =/.exec(block)?.[1];
		if (!key) throw new Error(`locale chunks: cannot read a message in ${block.slice(0, 80)}`);
		if (keep(key)) kept.push(block.replace(/^import \* as registry from "\.\.\/registry\.js"$/m, ''));
	}
	const uses = kept.some((block) => block.includes('registry.'));
	return `${uses ? `import * as registry from ${JSON.stringify(registry)};\n` : ''}${kept.join('')}`;
}

/**
 * Paraglide's module names of the keys it had to rename (`live_phase_fearsAndStigma` is exported by the language
 * modules as `live_phase_fearsandstigma2`, and under its own name only by the index), from the index.
 * @param {string} index Paraglide's `messages/_index.js` (locale-modules)
 * @returns {Map<string, string>} key → module name
 */
export function messageAliases(index) {
	return new Map(
		[...index.matchAll(/^export \{ ([\w$]+) as "([^"]+)" \}$/gm)].map((found) => [
			found[2] ?? '',
			found[1] ?? ''
		])
	);
}

/**
 * The message keys the phone's pages use: the files reachable from `PHONE_ENTRIES` through relative and `$lib/`
 * imports, and every `m.key` in them. With `dynamic: false`, only through static imports: the texts of what the
 * phone draws first, without the screens it loads later.
 * @param {string} root
 * @param {(file: string) => void} [watch]
 * @param {{ dynamic?: boolean }} [options]
 */
export function phoneMessageKeys(root, watch = () => undefined, options = {}) {
	const imports =
		options.dynamic === false
			? /(?:\bfrom\s*|\bimport\s*)['"]([^'"]+)['"]/g
			: /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
	const keys = new Set();
	const seen = new Set();
	const queue = PHONE_ENTRIES.map((entry) => path.join(root, entry));
	while (queue.length > 0) {
		const file = /** @type {string} */ (queue.pop());
		if (seen.has(file) || !fs.existsSync(file)) continue;
		seen.add(file);
		watch(file);
		const source = fs.readFileSync(file, 'utf8');
		for (const found of source.matchAll(/\bm\.([a-z][\w]*)\b/g)) keys.add(found[1]);
		for (const found of source.matchAll(imports)) {
			const target = resolveSource(root, file, found[1] ?? '');
			if (target) queue.push(target);
		}
	}
	return keys;
}

/** @param {string} root @param {string} from @param {string} specifier */
function resolveSource(root, from, specifier) {
	if (specifier.startsWith('$lib/paraglide')) return null;
	const base = specifier.startsWith('$lib/')
		? path.join(root, 'src', 'lib', specifier.slice(5))
		: specifier.startsWith('.')
			? path.resolve(path.dirname(from), specifier)
			: null;
	if (!base) return null;
	for (const candidate of [
		base,
		`${base}.ts`,
		`${base}.js`,
		path.join(base, 'index.ts'),
		path.join(base, 'index.js')
	]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	return null;
}

/** As Paraglide names a locale's import (`en-GB` → `en_GB`). @param {string} locale */
function safeId(locale) {
	return locale.replaceAll(/[^\w$]/g, '_');
}
