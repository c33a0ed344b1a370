/**
 * The room's one or two languages on the projector (issue 12). The page decides which are shown (the facilitator's
 * choice once both languages' texts are loaded; until then, or without a choice, the projector's own language) and
 * hands them to every part of the wall through a context, so that each fixed text is written in both.
 */
import { getContext, setContext } from 'svelte';
import type { DisplayLanguages } from '$lib/live/types';
import { isLanguage, languageOf } from '$lib/i18n/languages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

export interface RoomLanguages {
	first: Locale;
	second: Locale | null;
}

const KEY = Symbol('room-languages');

export function provideRoomLanguages(get: () => RoomLanguages): void {
	setContext(KEY, get);
}

/** A getter of the languages shown now (the projector's own language alone outside a projector page). */
export function roomLanguages(): () => RoomLanguages {
	return getContext<(() => RoomLanguages) | undefined>(KEY) ?? (() => ({ first: getLocale(), second: null }));
}

/** The languages the facilitator chose, as far as this build knows them; the projector's own language otherwise. */
export function wantedLanguages(chosen: DisplayLanguages | null | undefined, own: Locale): RoomLanguages {
	if (!chosen || !isLanguage(chosen.first)) return { first: own, second: null };
	const second = isLanguage(chosen.second) && chosen.second !== chosen.first ? chosen.second : null;
	return { first: chosen.first, second };
}

export function dirOf(locale: Locale): 'ltr' | 'rtl' {
	return languageOf(locale)?.dir ?? 'ltr';
}
