/**
 * Every language has every message, with the English placeholders and the plural forms of the language
 * (`scripts/messages-check.js`, also run from a shell while a language is being written).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLocale, checkMessages, projectSettings } from '../../../scripts/messages-check.js';

describe('the project’s messages', () => {
	it('are complete in every language, with the English placeholders and the language’s plural forms', () => {
		expect(projectSettings().locales.length).toBeGreaterThan(1);
		expect(checkMessages()).toEqual([]);
	});
});

describe('the check', () => {
	const root = mkdtempSync(join(tmpdir(), 'hearth-messages-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	mkdirSync(join(root, 'project.inlang'));
	mkdirSync(join(root, 'messages'));
	writeFileSync(
		join(root, 'project.inlang', 'settings.json'),
		JSON.stringify({
			baseLocale: 'en',
			locales: ['en', 'pl'],
			'plugin.inlang.messageFormat': { pathPattern: ['./messages/{locale}.json'] }
		})
	);
	const plural = (match: Record<string, string>) => [
		{ declarations: ['input count', 'local countPlural = count: plural'], selectors: ['countPlural'], match }
	];
	const write = (locale: string, messages: Record<string, unknown>) =>
		writeFileSync(join(root, 'messages', `${locale}.json`), JSON.stringify(messages));
	write('en', {
		hello: 'Hello {name}',
		bye: 'Goodbye',
		joined: plural({ 'countPlural=one': '{count} person', 'countPlural=other': '{count} people' }),
		kept: 'Kept'
	});

	it('names a missing key, an empty text, a lost or invented placeholder, and a key English does not have', () => {
		write('pl', {
			hello: 'Cześć {imie}',
			bye: ' ',
			joined: plural({ 'countPlural=*': '{count} osób' }),
			extra: 'Nadmiar'
		});
		expect(checkMessages(root)).toEqual([
			'./messages/pl.json: extra is not an English key',
			'./messages/pl.json: hello lacks {name}',
			'./messages/pl.json: hello has {imie}, not in English',
			'./messages/pl.json: bye is empty',
			'./messages/pl.json: kept is missing'
		]);
	});

	it('asks for every plural form of the language, and refuses forms it does not have', () => {
		write('pl', {
			hello: 'Cześć {name}',
			bye: 'Do widzenia',
			joined: plural({
				'countPlural=one': '{count} osoba',
				'countPlural=two': '{count} osoby',
				'countPlural=other': '{count} osób'
			}),
			kept: 'Zachowane'
		});
		expect(checkLocale('pl', root)).toEqual([
			'./messages/pl.json: joined has the form countPlural=two, not a plural form of pl',
			'./messages/pl.json: joined has no text for countPlural=few',
			'./messages/pl.json: joined has no text for countPlural=many'
		]);
	});

	it('says when a language has no file at all', () => {
		expect(checkLocale('ar', root)).toEqual(['./messages/ar.json: missing file']);
	});
});
