import { m } from '$lib/paraglide/messages';
import { type Locale, getLocale, setLocale } from '$lib/paraglide/runtime';

/**
 * Tells the server the phone's new language (so what it answers in words is in it), then reloads the page in that
 * language; drafts and the queue are in localStorage, so nothing is lost. The reload does not wait long for the
 * server: without a connection the phone changes language all the same, and its next request carries the choice.
 */
export async function chooseLanguage(next: Locale, sessionId: string | null): Promise<void> {
	if (next === getLocale()) return;
	if (sessionId) {
		const told = fetch(`/api/v1/sessions/${encodeURIComponent(sessionId)}/language`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ language: next }),
			keepalive: true
		}).catch(() => undefined);
		await Promise.race([told, new Promise((resolve) => setTimeout(resolve, 1_500))]);
	}
	await setLocale(next);
}

/**
 * The note above staff-written texts shown in the dialogue's main language because the phone's has no version
 * (`view.contentFallback`), naming that language in the phone's own; null when every text is in the phone's language.
 */
export function fallbackNote(fallback: string | null | undefined, texts: { lang: string }[]): string | null {
	if (!fallback || !texts.some((text) => text.lang === fallback)) return null;
	let language = fallback;
	try {
		language = new Intl.DisplayNames([getLocale()], { type: 'language' }).of(fallback) ?? fallback;
	} catch {
		// An engine without the language's name: the code says enough.
	}
	return m.live_phone_content_fallback({ language });
}
