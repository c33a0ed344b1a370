/**
 * The compiled messages' plural rules and number formats from `src/lib/i18n/formats.ts`, which keeps each
 * `Intl.PluralRules` and `Intl.NumberFormat` it builds and writes small whole numbers without one (Paraglide's
 * `registry.js` builds new ones at every call). In every build (server, browser, the phone's, Vitest), so that
 * the server's rendering and the browser's agree; `src/lib/i18n/formats.spec.ts` holds them to `Intl`.
 */
import path from 'node:path';

const REGISTRY = /[\\/]src[\\/]lib[\\/]paraglide[\\/]registry\.js$/;
const REPLACED = ['plural', 'number'];

/** @returns {import('vite').Plugin} */
export function messageFormats() {
	let root = process.cwd();
	return {
		name: 'hearth-message-formats',
		enforce: 'pre',
		configResolved(config) {
			root = config.root;
		},
		transform(code, id) {
			if (!REGISTRY.test(id.split('?')[0] ?? '')) return null;
			const formats = path.join(root, 'src', 'lib', 'i18n', 'formats.ts').replaceAll('\\', '/');
			return { code: replaceFormats(code, formats), map: null };
		}
	};
}

/**
 * Paraglide's registry with its `plural` and `number` renamed out of the way (left to the bundler to drop) and
 * those of `formats` exported in their place.
 * @param {string} code Paraglide's `registry.js`
 * @param {string} formats the module that exports the replacements
 */
function replaceFormats(code, formats) {
	let out = code;
	for (const name of REPLACED) {
		const declaration = `export function ${name}(locale, input, options) {`;
		if (!out.includes(declaration)) {
			throw new Error(`message formats: Paraglide's registry.js no longer declares \`${declaration}\``);
		}
		out = out.replace(declaration, `function __paraglide_${name}(locale, input, options) {`);
	}
	return `${out}\nexport { ${REPLACED.join(', ')} } from ${JSON.stringify(formats)};\n`;
}
