/**
 * Checks the translations against the English messages: every key present and not empty in every language, the
 * same placeholders as in English, and plural forms that cover every plural category of the language (Polish has
 * one/few/many/other, Arabic zero/one/two/few/many/other; `*` covers the rest). `checkMessages()` is what the spec
 * `src/lib/i18n/messages.spec.ts` runs over the project's languages; from a shell, for languages being written and
 * not yet in the project:
 *
 *     node scripts/messages-check.js de fr
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The project's settings: base language, languages, and the message files (`{locale}` in each path).
 * @param {string} [root] the folder holding `project.inlang/` (this repository unless a test says otherwise)
 */
export function projectSettings(root = projectRoot) {
	const settings = JSON.parse(readFileSync(join(root, 'project.inlang', 'settings.json'), 'utf8'));
	return {
		baseLocale: /** @type {string} */ (settings.baseLocale),
		locales: /** @type {string[]} */ (settings.locales),
		paths: /** @type {string[]} */ (settings['plugin.inlang.messageFormat'].pathPattern)
	};
}

/** @param {string} root @param {string} pattern @param {string} locale */
function fileOf(root, pattern, locale) {
	return join(root, pattern.replace('{locale}', locale));
}

/** Every `{name}` in a text. @param {string} text */
function placeholdersIn(text) {
	return [...text.matchAll(/\{\s*([A-Za-z_$][\w$]*)\s*\}/g)].map((found) => found[1] ?? '');
}

/**
 * A message as a list of texts and, for plural messages, its selectors and variant keys.
 * @param {unknown} value
 * @returns {{ texts: string[]; inputs: string[]; selectors: string[]; variants: Record<string, string>[] } | null}
 */
function shapeOf(value) {
	if (typeof value === 'string') return { texts: [value], inputs: [], selectors: [], variants: [] };
	if (!Array.isArray(value) || value.length !== 1) return null;
	const [message] = value;
	if (!message || typeof message !== 'object' || typeof message.match !== 'object') return null;
	const declarations = /** @type {string[]} */ (message.declarations ?? []);
	const inputs = declarations.filter((line) => line.startsWith('input ')).map((line) => line.slice(6).trim());
	/** @type {Record<string, string>[]} */
	const variants = [];
	const texts = [];
	for (const [key, text] of Object.entries(/** @type {Record<string, unknown>} */ (message.match))) {
		texts.push(typeof text === 'string' ? text : '');
		/** @type {Record<string, string>} */
		const variant = {};
		for (const part of key.split(',')) {
			const [selector, match] = part.split('=').map((segment) => segment.trim());
			if (selector) variant[selector] = match ?? '';
		}
		variants.push(variant);
	}
	return { texts, inputs, selectors: /** @type {string[]} */ (message.selectors ?? []), variants };
}

/** Every combination of one category per selector. @param {string[][]} lists @returns {string[][]} */
function combinations(lists) {
	return lists.reduce(
		/** @param {string[][]} all @param {string[]} list */
		(all, list) => all.flatMap((prefix) => list.map((item) => [...prefix, item])),
		[[]]
	);
}

/**
 * The problems with one language's messages, in words, one per line.
 * @param {string} locale
 * @param {string} [root]
 * @returns {string[]}
 */
export function checkLocale(locale, root = projectRoot) {
	const { baseLocale, paths } = projectSettings(root);
	const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
	const problems = [];
	for (const pattern of paths) {
		const baseFile = fileOf(root, pattern, baseLocale);
		const file = fileOf(root, pattern, locale);
		const where = pattern.replace('{locale}', locale);
		if (!existsSync(file)) {
			problems.push(`${where}: missing file`);
			continue;
		}
		const base = JSON.parse(readFileSync(baseFile, 'utf8'));
		const translated = JSON.parse(readFileSync(file, 'utf8'));
		for (const key of Object.keys(translated)) {
			if (key !== '$schema' && !(key in base)) problems.push(`${where}: ${key} is not an English key`);
		}
		for (const [key, value] of Object.entries(base)) {
			if (key === '$schema') continue;
			if (!(key in translated)) {
				problems.push(`${where}: ${key} is missing`);
				continue;
			}
			const english = shapeOf(value);
			const theirs = shapeOf(translated[key]);
			if (!english) throw new Error(`${pattern}: ${key} has a shape this check does not know`);
			if (!theirs) {
				problems.push(`${where}: ${key} is neither a text nor one plural message`);
				continue;
			}
			if (theirs.texts.some((text) => text.trim() === '')) problems.push(`${where}: ${key} is empty`);
			const wanted = new Set([...english.texts.flatMap(placeholdersIn), ...english.inputs]);
			const found = new Set([...theirs.texts.flatMap(placeholdersIn), ...theirs.inputs]);
			const missing = [...wanted].filter((name) => !found.has(name));
			const extra = [...found].filter((name) => !wanted.has(name));
			if (missing.length > 0) problems.push(`${where}: ${key} lacks {${missing.join('}, {')}}`);
			if (extra.length > 0) problems.push(`${where}: ${key} has {${extra.join('}, {')}}, not in English`);
			if (english.selectors.length === 0 && theirs.selectors.length === 0) continue;
			if (english.selectors.join() !== theirs.selectors.join()) {
				problems.push(
					`${where}: ${key} selects on ${theirs.selectors.join(', ')}, English on ${english.selectors.join(', ')}`
				);
				continue;
			}
			for (const variant of theirs.variants) {
				for (const [selector, match] of Object.entries(variant)) {
					if (match !== '*' && !categories.includes(/** @type {Intl.LDMLPluralRule} */ (match))) {
						problems.push(
							`${where}: ${key} has the form ${selector}=${match}, not a plural form of ${locale}`
						);
					}
				}
			}
			for (const combination of combinations(theirs.selectors.map(() => [...categories]))) {
				const covered = theirs.variants.some((variant) =>
					theirs.selectors.every((selector, index) =>
						[combination[index], '*'].includes(variant[selector] ?? '')
					)
				);
				if (!covered) {
					const form = theirs.selectors
						.map((selector, index) => `${selector}=${combination[index]}`)
						.join(', ');
					problems.push(`${where}: ${key} has no text for ${form}`);
				}
			}
		}
	}
	return problems;
}

/** The problems in every language of the project other than the base one. @param {string} [root] */
export function checkMessages(root = projectRoot) {
	const { baseLocale, locales } = projectSettings(root);
	return locales.filter((locale) => locale !== baseLocale).flatMap((locale) => checkLocale(locale, root));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const asked = process.argv.slice(2);
	const problems = asked.length > 0 ? asked.flatMap((locale) => checkLocale(locale)) : checkMessages();
	for (const problem of problems) console.log(problem);
	console.log(problems.length === 0 ? 'All messages are complete.' : `${problems.length} problems.`);
	process.exit(problems.length === 0 ? 0 : 1);
}
