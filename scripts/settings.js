/**
 * Where Hearth listens and which database it uses, read the same way by `npm start`, `npm run demo` and
 * `npm run setup`, so that they agree without a person typing `PORT=… DATABASE_PATH=…` before each of them:
 *
 * 1. a variable set in the environment wins;
 * 2. else the one in `.env` at the project's root (a `KEY=value` file, never committed), if there is one;
 * 3. else the default: port 3000, database `./data/hearth.db`.
 *
 * Plain JavaScript (no TypeScript, no build) so that `scripts/start.js` can use it before anything is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PORT = '3000';
export const DEFAULT_DATABASE_PATH = './data/hearth.db';

/** @typedef {'environment' | '.env' | 'default'} Source */
/** @typedef {{ port: string, databasePath: string, sources: { PORT: Source, DATABASE_PATH: Source } }} Settings */

/**
 * `KEY=value` lines of a `.env` file (comments, blank lines and `export ` allowed; quotes taken off).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseEnvFile(text) {
	/** @type {Record<string, string>} */
	const values = {};
	for (const line of text.split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (!match || line.trim().startsWith('#')) continue;
		let value = match[2] ?? '';
		if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
		else value = value.replace(/\s+#.*$/, '');
		values[match[1] ?? ''] = value;
	}
	return values;
}

/**
 * Settles PORT and DATABASE_PATH in `env` (by default `process.env`, which it changes, so that the server and the
 * modules it loads read the same) and says where each came from: `environment`, `.env` or `default`.
 * `.env` values other than these two are put into `env` too when not already set (e.g. ORIGIN).
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [root]
 * @returns {Settings}
 */
export function settle(env = process.env, root = ROOT) {
	const file = path.join(root, '.env');
	/** @type {Record<string, string>} */
	let fromFile = {};
	try {
		fromFile = parseEnvFile(fs.readFileSync(file, 'utf8'));
	} catch {
		// No .env: defaults.
	}
	/** @type {Settings['sources']} */
	const sources = { PORT: 'default', DATABASE_PATH: 'default' };
	for (const [key, fallback] of /** @type {const} */ ([
		['PORT', DEFAULT_PORT],
		['DATABASE_PATH', DEFAULT_DATABASE_PATH]
	])) {
		const inFile = fromFile[key]?.trim();
		if (env[key]?.trim()) sources[key] = 'environment';
		else if (inFile) {
			env[key] = inFile;
			sources[key] = '.env';
		} else {
			env[key] = fallback;
			sources[key] = 'default';
		}
	}
	for (const [key, value] of Object.entries(fromFile)) if (env[key] === undefined) env[key] = value;
	const databasePath = path.resolve(root, env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH);
	env.DATABASE_PATH = databasePath;
	return { port: env.PORT ?? DEFAULT_PORT, databasePath, sources };
}

/**
 * One line saying which port and database are used and where each came from.
 * @param {Settings} settings
 */
export function describeSettings({ port, databasePath, sources }) {
	/** @param {Source} source */
	const from = (source) =>
		source === 'default' ? 'the default' : source === '.env' ? 'from .env' : 'from the environment';
	const shown = path.relative(process.cwd(), databasePath) || databasePath;
	return `Port ${port} (${from(sources.PORT)}), database ${shown.startsWith('..') ? databasePath : shown} (${from(sources.DATABASE_PATH)}).`;
}
