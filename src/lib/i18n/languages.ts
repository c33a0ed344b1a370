/**
 * The languages Hearth speaks, each named in itself (a person looking for their language reads its own name, not
 * the name in the language the page happens to be in), with its writing direction.
 */
import { locales, type Locale } from '$lib/paraglide/runtime';

export interface Language {
	code: Locale;
	/** The language's name in the language itself. */
	name: string;
	dir: 'ltr' | 'rtl';
}

const NAMES: Record<string, string> = {
	en: 'English',
	nl: 'Nederlands',
	de: 'Deutsch',
	fr: 'Français',
	es: 'Español',
	pl: 'Polski',
	tr: 'Türkçe',
	ar: 'العربية'
};

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/** Every language of the project, in the project's order (English first). */
export const LANGUAGES: readonly Language[] = locales.map((code) => ({
	code,
	name: NAMES[code] ?? code,
	dir: RIGHT_TO_LEFT.has(code) ? 'rtl' : 'ltr'
}));

export function isLanguage(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function languageOf(code: string): Language | undefined {
	return LANGUAGES.find((language) => language.code === code);
}
