/**
 * The browser build's language chunks (`scripts/vite-locale-chunks.js`), on Paraglide's real output: a message
 * module reads other languages from the loaded chunks (falling back to English), a language's phone part holds
 * the phone's texts and works on its own, and the phone's texts are found by following the phone's imports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	compileLocaleModules,
	localePart,
	messageAliases,
	phoneMessageKeys,
	splitMessage
} from '../../../scripts/vite-locale-chunks.js';

const root = process.cwd();
const generated = join(root, 'src', 'lib', 'paraglide', 'messages');

describe('a message module in the browser', () => {
	const code = readFileSync(join(generated, 'live_projector_joined.js'), 'utf8');
	const out = splitMessage(code, 'live_projector_joined', 'en', '/x/locale-chunks.ts');

	it('asks the loaded languages for every language but English, with English until it has loaded', () => {
		expect(code).toContain('return nl_live_projector_joined(inputs)');
		expect(code).toContain('return ar_live_projector_joined(inputs)');
		expect(out).not.toContain('nl_live_projector_joined(inputs)');
		expect(out).not.toMatch(/if \(locale === "(nl|ar)"\)/);
		expect(out).toContain(
			'if (locale !== "en") { const localized = __localeMessages(locale).live_projector_joined; if (localized) return localized(inputs) }'
		);
		expect(out).toContain('return en_live_projector_joined(inputs)');
		expect(out.startsWith('import { localeMessages as __localeMessages } from "/x/locale-chunks.ts";')).toBe(
			true
		);
	});

	it('refuses a module it does not recognise rather than pass it on unsplit', () => {
		expect(() => splitMessage('export const x = 1;', 'x', 'en', '/x/locale-chunks.ts')).toThrow(
			/no longer ends/
		);
	});
});

describe('a language’s chunks', () => {
	let dir = '';
	let modules = '';
	let dutch = '';
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'hearth-locale-chunks-'));
		// The build's own compile (cached while the messages stay the same), as the chunks are made from it.
		modules = await compileLocaleModules(root);
		dutch = readFileSync(join(modules, 'nl.js'), 'utf8');
	}, 60_000); // Compiling eight languages takes a few seconds, more on a busy machine.
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('holds the messages asked for, in that language, working on their own', async () => {
		const keep = new Set(['live_projector_joined', 'live_phone_language_title']);
		const part = localePart(dutch, (key) => keep.has(key), join(modules, '..', 'registry.js'));
		const file = join(dir, 'part.js');
		writeFileSync(file, part);
		const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<
			string,
			(inputs?: Record<string, unknown>) => string
		>;
		expect(Object.keys(module).sort()).toEqual([...keep].sort());
		expect(module.live_projector_joined?.({ count: 1 })).toBe('1 persoon doet mee');
		expect(module.live_projector_joined?.({ count: 3 })).toBe('3 mensen doen mee');
	});

	it('puts a renamed key (one with capitals) in the phone part under the name the messages look it up by', () => {
		const aliases = messageAliases(readFileSync(join(modules, '_index.js'), 'utf8'));
		expect(aliases.get('live_phase_fearsAndStigma')).toBe('live_phase_fearsandstigma2');
		// The browser's message module asks the loaded language for the same name.
		const module = readFileSync(join(generated, 'live_phase_fearsandstigma2.js'), 'utf8');
		expect(splitMessage(module, 'live_phase_fearsandstigma2', 'en', '/r.ts')).toContain(
			'__localeMessages(locale).live_phase_fearsandstigma2'
		);
		const phone = new Set([...phoneMessageKeys(root)].map((key) => aliases.get(key) ?? key));
		expect(phone.has('live_phase_fearsandstigma2')).toBe(true);
		expect(localePart(dutch, (key) => phone.has(key), '/r.js')).toContain(
			'export const live_phase_fearsandstigma2 ='
		);
	});

	it('splits every message into exactly one of the two parts', () => {
		const phone = phoneMessageKeys(root);
		const count = (text: string) => (text.match(/^export const /gm) ?? []).length;
		const phonePart = localePart(dutch, (key) => phone.has(key), '/r.js');
		const rest = localePart(dutch, (key) => !phone.has(key), '/r.js');
		expect(count(phonePart) + count(rest)).toBe(count(dutch));
		expect(count(phonePart)).toBeGreaterThan(100);
		expect(count(rest)).toBeGreaterThan(count(phonePart));
	});
});

describe('the phone’s texts', () => {
	const keys = phoneMessageKeys(root);

	it('are every text the phone’s own components use, and not the console’s', () => {
		const phoneDir = join(root, 'src', 'routes', 's', '[code]');
		const used = readdirSync(phoneDir)
			.filter((file) => file.endsWith('.svelte') || file.endsWith('.ts'))
			.flatMap((file) => [...readFileSync(join(phoneDir, file), 'utf8').matchAll(/\bm\.([a-z]\w*)/g)])
			.map((found) => found[1]);
		expect(used.length).toBeGreaterThan(50);
		expect(used.filter((key) => !keys.has(key ?? ''))).toEqual([]);
		// Reached through $lib: the shared live components the phone imports.
		expect(keys.has('live_status_reconnecting')).toBe(true);
		expect(keys.has('skip_to_content')).toBe(true);
		expect(keys.has('agr_console_blocked')).toBe(false);
		expect(keys.has('prep_summary_impartiality')).toBe(false);
	});

	it('of the first screens are those reached without a dynamic import; the later screens’ come with them', () => {
		const first = phoneMessageKeys(root, undefined, { dynamic: false });
		expect([...first].filter((key) => !keys.has(key))).toEqual([]);
		// The join and welcome screens, the bar, and what a screen that failed to load says.
		expect(first.has('live_phone_welcome_title')).toBe(true);
		expect(first.has('live_status_reconnecting')).toBe(true);
		expect(first.has('skip_to_content')).toBe(true);
		// The worry screen (`screens.ts`: `import('./ConcernScreen.svelte')`) is a later one.
		expect(keys.has('live_phone_concern_label')).toBe(true);
		expect(first.has('live_phone_concern_label')).toBe(false);
		expect(first.size).toBeLessThan(keys.size / 2);
	});
});
