/**
 * Plural forms (issue 12): a message that counts something takes the form of the count's plural category in the
 * reader's language (Intl.PluralRules: Arabic zero/one/two/few/many/other, Polish one/few/many/other, English
 * one/other), and writes the count with Intl.NumberFormat of that language. The messages are the compiled ones
 * the app calls, so a message written with one form for every count, or a form under the wrong category, fails.
 */
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

const COUNTS = [0, 1, 2, 5, 11, 21] as const;
type Count = (typeof COUNTS)[number];

/** The text for each count, in one language. */
function rendered(render: (count: number) => string): Record<Count, string> {
	return Object.fromEntries(COUNTS.map((count) => [count, render(count)])) as Record<Count, string>;
}

describe('a full session, counted in phones', () => {
	const full = (locale: 'en' | 'pl' | 'ar') => (limit: number) =>
		m.live_error_session_full({ limit }, { locale });

	it('English: one phone, otherwise phones', () => {
		expect(rendered(full('en'))).toEqual({
			0: 'This session is full: 0 phones have joined. Ask a facilitator.',
			1: 'This session is full: 1 phone has joined. Ask a facilitator.',
			2: 'This session is full: 2 phones have joined. Ask a facilitator.',
			5: 'This session is full: 5 phones have joined. Ask a facilitator.',
			11: 'This session is full: 11 phones have joined. Ask a facilitator.',
			21: 'This session is full: 21 phones have joined. Ask a facilitator.'
		});
	});

	it('Polish: telefon (1), telefony (2–4, 22–24), telefonów (0, 5–21, 25…)', () => {
		const text = rendered(full('pl'));
		expect(text[1]).toBe('To spotkanie jest pełne: dołączył już 1 telefon. Zapytaj osobę prowadzącą.');
		expect(text[2]).toBe('To spotkanie jest pełne: dołączyły już 2 telefony. Zapytaj osobę prowadzącą.');
		expect(text[5]).toBe('To spotkanie jest pełne: dołączyło już 5 telefonów. Zapytaj osobę prowadzącą.');
		expect(text[0]).toContain('0 telefonów');
		expect(text[11]).toContain('11 telefonów');
		// 21 ends in 1 but is not "one" in Polish; 22 is "few" again.
		expect(text[21]).toContain('21 telefonów');
		expect(full('pl')(22)).toContain('dołączyły już 22 telefony');
	});

	it('Arabic: a form for none, one, two, three to ten, eleven to ninety-nine, and a hundred', () => {
		const text = rendered(full('ar'));
		expect(text[0]).toBe('هذه الجلسة ممتلئة. اسألوا أحد الميسّرين.');
		expect(text[1]).toBe('هذه الجلسة ممتلئة: انضم هاتف واحد. اسألوا أحد الميسّرين.');
		expect(text[2]).toBe('هذه الجلسة ممتلئة: انضم هاتفان. اسألوا أحد الميسّرين.');
		expect(text[5]).toBe('هذه الجلسة ممتلئة: انضم 5 هواتف. اسألوا أحد الميسّرين.');
		expect(text[11]).toBe('هذه الجلسة ممتلئة: انضم 11 هاتفًا. اسألوا أحد الميسّرين.');
		expect(text[21]).toBe('هذه الجلسة ممتلئة: انضم 21 هاتفًا. اسألوا أحد الميسّرين.');
		expect(full('ar')(100)).toBe('هذه الجلسة ممتلئة: انضم 100 هاتف. اسألوا أحد الميسّرين.');
		// With the figures taken out: 11 and 21 share a form, every other count has one of its own (six in all).
		const shapes = [...Object.values(text), full('ar')(100)].map((t) => t.replace(/\d+/g, '#'));
		expect(new Set(shapes).size).toBe(6);
	});
});

describe('characters, minutes and days', () => {
	it('a text that is too long, in Polish: znak, znaki, znaków', () => {
		const tooLong = (count: number) => m.live_field_too_long({ count, max: 500 }, { locale: 'pl' });
		const text = rendered(tooLong);
		expect(text[1]).toBe('To 1 znak. Limit to 500. Skróć tekst.');
		expect(text[2]).toBe('To 2 znaki. Limit to 500. Skróć tekst.');
		expect(text[5]).toBe('To 5 znaków. Limit to 500. Skróć tekst.');
		expect(text[11]).toBe('To 11 znaków. Limit to 500. Skróć tekst.');
		expect(text[21]).toBe('To 21 znaków. Limit to 500. Skróć tekst.');
		expect(tooLong(502)).toBe('To 502 znaki. Limit to 500. Skróć tekst.');
	});

	it('waiting after failed sign-ins, in English, Polish and Arabic', () => {
		const wait = (locale: 'en' | 'pl' | 'ar') =>
			rendered((minutes) => m.auth_login_rate_limited({ minutes }, { locale }));
		const en = wait('en');
		expect(en[1]).toContain('Please wait 1 minute and');
		expect(en[2]).toContain('Please wait 2 minutes and');
		expect(en[21]).toContain('Please wait 21 minutes and');
		const pl = wait('pl');
		expect(pl[1]).toContain('Odczekaj 1 minutę');
		expect(pl[2]).toContain('Odczekaj 2 minuty');
		expect(pl[5]).toContain('Odczekaj 5 minut ');
		expect(pl[21]).toContain('Odczekaj 21 minut ');
		const ar = wait('ar');
		expect(ar[1]).toContain('دقيقة واحدة');
		expect(ar[2]).toContain('دقيقتين');
		expect(ar[5]).toContain('5 دقائق');
		expect(ar[11]).toContain('11 دقيقةً');
	});

	it('two counts in one reason each take their own form', () => {
		const outdated = (ageDays: number, maxDays: number, locale: 'en' | 'pl') =>
			m.reason_prep_riskAssessmentOutdated({ ageDays, maxDays }, { locale });
		expect(outdated(2, 1, 'en')).toBe(
			'The risk and needs assessment is 2 days old. It may be at most 1 day old.'
		);
		expect(outdated(1, 2, 'en')).toBe(
			'The risk and needs assessment is 1 day old. It may be at most 2 days old.'
		);
		expect(outdated(22, 5, 'pl')).toBe('Ocena ryzyka i potrzeb ma 22 dni. Może mieć najwyżej 5 dni.');
		expect(outdated(1, 1, 'pl')).toBe('Ocena ryzyka i potrzeb ma 1 dzień. Może mieć najwyżej 1 dzień.');
	});
});

describe('the count is written in the reader’s language', () => {
	it('groups thousands as the language does, in Western digits', () => {
		const joined = (count: number, locale: 'en' | 'de' | 'pl' | 'ar') =>
			m.live_projector_joined({ count }, { locale });
		expect(joined(1234, 'en')).toBe('1,234 people have joined');
		expect(joined(1234, 'de')).toBe('1.234 Personen nehmen teil');
		// Polish groups from five digits on, with a (no-break) space.
		expect(joined(12345, 'pl')).toMatch(/^Dołączyło 12\s345 osób$/u);
		expect(joined(1200, 'ar')).toMatch(/^انضم 1[,٬]200 شخص$/u);
	});
});
