/**
 * A phone in its own language over HTTP (issue 12): what the server says in words to a phone (the problem's
 * `detail` and its field messages) is in the language its cookie names, whatever the other phones speak.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
		expect(arabic.errors?.text).toBe('عدد الأحرف 501. يُرجى ألا يزيد على 500.');

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
