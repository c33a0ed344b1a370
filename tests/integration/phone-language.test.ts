/**
 * A phone in its own language over HTTP (issue 12): what the server says in words to a phone (the problem's
 * `detail` and its field messages) is in the language its cookie names, whatever the other phones speak; and the
 * phone bar's language picker works without JavaScript (a form posted to `/s?/language`).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participant } from '$lib/server/db/schema';
import { moveSessionTo, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;

beforeAll(async () => {
	api = await startLiveApi();
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

interface Problem {
	status: number;
	code: string;
	detail?: string;
	errors?: Record<string, string>;
}

/** A concern of 501 characters (the limit is 500) from a phone whose language cookie says `language`. */
async function tooLongConcern(
	sessionId: string,
	phoneCookie: string,
	language: string | null
): Promise<Problem> {
	const cookie = language ? `${phoneCookie}; PARAGLIDE_LOCALE=${language}` : phoneCookie;
	const response = await api.call('POST', `/api/v1/sessions/${sessionId}/contributions`, cookie, {
		kind: 'concern',
		text: 'و'.repeat(501),
		clientRequestId: randomUUID()
	});
	expect(response.status).toBe(422);
	expect(response.headers.get('content-type')).toContain('application/problem+json');
	return (await response.json()) as Problem;
}

describe('a phone is answered in its language', () => {
	it('gives the problem detail and the field message in Arabic, German or English by the phone cookie', async () => {
		const { sessionId, joinCode } = await api.open();
		const arabicPhone = await api.join(joinCode);
		const germanPhone = await api.join(joinCode);
		const englishPhone = await api.join(joinCode);
		moveSessionTo(api.db, sessionId, 'fearsAndStigma');

		const arabic = await tooLongConcern(sessionId, arabicPhone, 'ar');
		expect(arabic.code).toBe('invalid');
		expect(arabic.detail).toBe('بعض الحقول تحتاج إلى انتباه.');
		expect(arabic.errors?.text).toBe('هذه 501 حرف. يُرجى ألا يزيد على 500.');

		const german = await tooLongConcern(sessionId, germanPhone, 'de');
		expect(german.detail).toBe('Einige Felder brauchen Ihre Aufmerksamkeit.');
		expect(german.errors?.text).toBe('Das sind 501 Zeichen. Bitte bleiben Sie bei 500.');

		// The same request without a language cookie is answered in English: the words above came from the cookie.
		const english = await tooLongConcern(sessionId, englishPhone, null);
		expect(english.detail).toBe('Some fields need attention.');
		expect(english.errors?.text).toBe('That is 501 characters. Please keep it to 500.');
	});

	it('answers in the language a phone chose with PUT …/language and its cookie', async () => {
		const { sessionId, joinCode } = await api.open();
		const phone = await api.join(joinCode);
		moveSessionTo(api.db, sessionId, 'fearsAndStigma');
		const chose = await api.call(
			'PUT',
			`/api/v1/sessions/${sessionId}/language`,
			`${phone}; PARAGLIDE_LOCALE=ar`,
			{
				language: 'ar'
			}
		);
		expect(chose.status).toBe(204);
		// A refusal that is not about a field: a concern in a phase that takes none, in Arabic too.
		moveSessionTo(api.db, sessionId, 'proposals');
		const refused = await api.call(
			'POST',
			`/api/v1/sessions/${sessionId}/contributions`,
			`${phone}; PARAGLIDE_LOCALE=ar`,
			{ kind: 'concern', text: 'أخاف على أطفالي', clientRequestId: randomUUID() }
		);
		const problem = (await refused.json()) as Problem;
		expect(refused.status, JSON.stringify(problem)).toBe(409);
		expect(problem.detail).toMatch(/[\u0600-\u06FF]/);
		expect(problem.detail).not.toMatch(/[A-Za-z]{3}/);
	});

	it('takes ten language changes a minute from a phone, then answers 429 in its language; a bad value is a field error', async () => {
		const { sessionId, joinCode } = await api.open();
		const phone = await api.join(joinCode);
		const put = (language: unknown) =>
			api.call('PUT', `/api/v1/sessions/${sessionId}/language`, `${phone}; PARAGLIDE_LOCALE=pl`, {
				language
			});
		const wrong = await put('xx');
		expect(wrong.status).toBe(422);
		expect(((await wrong.json()) as Problem).errors?.language).toBeTruthy();
		for (let i = 0; i < 10; i++) expect((await put(i % 2 === 0 ? 'pl' : 'tr')).status).toBe(204);
		const limited = await put('pl');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await limited.json()) as Problem).detail).toMatch(/[ąćęłńóśźż]/);
		// Another phone is not held back by this one.
		const other = await api.join(joinCode);
		const fine = await api.call('PUT', `/api/v1/sessions/${sessionId}/language`, other, { language: 'de' });
		expect(fine.status).toBe(204);
	});
});

/** The picker's form as a phone without JavaScript posts it; the answer is not followed. */
function postPicker(form: Record<string, string>, cookie: string): Promise<Response> {
	return fetch(`${api.server.baseUrl}/s?/language`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: api.server.baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(form).toString()
	});
}

/** The language cookie an answer sets, or null. */
function languageCookie(response: Response): string | null {
	const set = response.headers.getSetCookie().find((c) => c.startsWith('PARAGLIDE_LOCALE='));
	return set ? (set.split(';')[0] ?? '').slice('PARAGLIDE_LOCALE='.length) : null;
}

async function pageIn(path: string, cookie: string): Promise<{ lang: string; html: string }> {
	const response = await fetch(`${api.server.baseUrl}${path}`, { headers: { cookie, accept: 'text/html' } });
	expect(response.status, path).toBe(200);
	const html = await response.text();
	return { lang: /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1] ?? '', html };
}

describe("the phone bar's language picker without JavaScript", () => {
	it('shows a button to send the choice while no script runs', async () => {
		const { joinCode } = await api.open();
		const { html } = await pageIn(`/s/${joinCode}`, 'PARAGLIDE_LOCALE=pl');
		// The address is relative to the page (SvelteKit's paths): from /s/CODE, ../s is /s.
		expect(html).toMatch(/<form class="lang[^"]*" method="POST" action="\.\.\/s\?\/language"/);
		expect(html).toContain(`name="code" value="${joinCode}"`);
		expect(html).toContain('>Zmień język</button>');
	});

	it('posts the choice before joining: the next page is in that language, nothing is stored', async () => {
		const chose = await postPicker({ language: 'ar' }, 'PARAGLIDE_LOCALE=en');
		expect(chose.status).toBe(303);
		expect(chose.headers.get('location')).toBe('/s');
		expect(languageCookie(chose)).toBe('ar');
		const next = await pageIn('/s', 'PARAGLIDE_LOCALE=ar');
		expect(next.lang).toBe('ar');
		expect(next.html).toContain('dir="rtl"');
	});

	it("keeps a joined phone's choice with it, comes back to the meeting in it, within the phone's limit", async () => {
		const { sessionId, joinCode } = await api.open();
		const phone = await api.join(joinCode);
		const row = () =>
			api.db
				.select({ locale: participant.locale })
				.from(participant)
				.where(eq(participant.sessionId, sessionId))
				.get()?.locale ?? null;

		const chose = await postPicker({ language: 'pl', code: joinCode }, `${phone}; PARAGLIDE_LOCALE=en`);
		expect(chose.status).toBe(303);
		expect(chose.headers.get('location')).toBe(`/s/${joinCode}`);
		expect(languageCookie(chose)).toBe('pl');
		expect(row()).toBe('pl');
		const next = await pageIn(`/s/${joinCode}`, `${phone}; PARAGLIDE_LOCALE=pl`);
		expect(next.lang).toBe('pl');
		expect(next.html).toContain('<title>Udział – Hearth</title>');

		// Ten changes a minute in all (this was the first): nine more are kept, the eleventh is not written.
		for (let i = 0; i < 9; i++) {
			const language = i % 2 === 0 ? 'tr' : 'pl';
			expect((await postPicker({ language, code: joinCode }, phone)).status).toBe(303);
			expect(row()).toBe(language);
		}
		const limited = await postPicker({ language: 'de', code: joinCode }, phone);
		expect(limited.status).toBe(303);
		expect(languageCookie(limited)).toBe('de');
		expect(row()).toBe('tr');
		// The form and the JSON API share the limit.
		const put = await api.call('PUT', `/api/v1/sessions/${sessionId}/language`, phone, { language: 'de' });
		expect(put.status).toBe(429);
	});

	it('refuses a language it does not offer, in words, and keeps the cookie', async () => {
		const wrong = await postPicker({ language: 'xx' }, 'PARAGLIDE_LOCALE=de');
		expect(wrong.status).toBe(400);
		expect(languageCookie(wrong)).toBeNull();
		expect(await wrong.text()).toContain('Wählen Sie eine der angebotenen Sprachen.');
	});
});
