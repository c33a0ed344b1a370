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
