import { describe, expect, it } from 'vitest';
import { screenText } from './screening';

describe('screening for personal data and threats', () => {
	it.each([
		['a name after "named"', 'The man named Ahmed lives near us'],
		['a name after "called"', 'a boy called Tom goes to that school'],
		['a name after "is"', 'His brother is Karim and he works at the garage'],
		['a Dutch name after "heet"', 'Die jongen heet Pieter en woont hier'],
		['a capitalised full name', 'I saw John Smith at the station'],
		['a Dutch full name with particles', 'ik ken Jan de Vries al jaren'],
		['a Dutch mobile number', 'bel me op 06-12345678'],
		['an international number', 'call +44 7700 900123 please'],
		['an email address', 'write to someone@example.org'],
		['an English street address', 'he lives at 12 Baker Street'],
		['a Dutch street address', 'hij woont op de Kerkstraat 5a'],
		['a Dutch postcode', 'ergens in 1234 AB'],
		['a UK postcode', 'near SW1A 1AA'],
		['threats of violence in English', 'someone should burn his house'],
		['threats in Dutch', 'ze moeten hem in elkaar slaan']
	])('flags %s', (_label, text) => {
		expect(screenText(text).length).toBeGreaterThan(0);
	});

	it('tells personal data from threats', () => {
		expect(screenText('call 06 1234 5678')).toEqual(['personalData']);
		expect(screenText('I will kill him')).toEqual(['threat']);
		expect(screenText('hij verdient de dood')).toEqual(['threat']);
		expect(screenText('Jan de Vries should die')).toEqual(['personalData', 'threat']);
	});

	it.each([
		'I am worried about my children walking to school alone.',
		'What if he has not changed? I am afraid of another attack.',
		'Ik maak me zorgen over de veiligheid in de buurt.',
		'Wie helpt hem aan werk, en wat als het misgaat?',
		'We need more information before 2025-03-01 about the plans.',
		'Will the police keep an eye on the street at night?'
	])('does not flag an ordinary worried sentence: %s', (text) => {
		expect(screenText(text)).toEqual([]);
	});
});
