import { describe, expect, it } from 'vitest';
import { screenReasons, screenText } from './screening';

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

	it.each([
		['a first name with a house number', 'Ahmed at number 12 has been talking to him', 'houseNumber'],
		['a household with a Dutch house number', 'Het gezin op nummer 14 heeft hem opgevangen', 'houseNumber'],
		['a home described by a landmark', 'He will live in the flat above the chip shop', 'address'],
		['a home on a Dutch street without a number', 'Zijn moeder woont aan de Lindelaan', 'address'],
		['a social-media handle', 'Look at his Instagram, @abu_freedom99', 'handle'],
		['a profile address', 'find him on facebook.com/john.smith.4455', 'handle'],
		['a first name after a family word', 'His ex-wife Samira still lives around here', 'name'],
		['a veiled threat', 'We know where he lives.', 'veiledThreat'],
		['a veiled threat in Dutch', 'Ongelukken gebeuren, meer zeg ik niet.', 'veiledThreat'],
		['dehumanising words', 'Scum like that does not change', 'dehumanising'],
		['dehumanising words said of people in Dutch', 'Zulke mensen zijn beesten', 'dehumanising'],
		['violence aimed at a home', 'Somebody ought to torch that flat.', 'threat']
	] as const)('gives the reason for %s', (_label, text, reason) => {
		expect(screenReasons(text)).toContain(reason);
	});

	it.each([
		'Op nummer 1 staat voor mij de veiligheid van de kinderen.',
		'There are rats in the bins behind the community centre.',
		'We should not treat anyone like an animal, whatever they did.',
		'Is the risk assessment done by the Probation Service or the police?',
		"The last meeting at St Mary's Church was tense.",
		'Komt hij ook naar de moskee aan de Stationsweg?',
		'Some people want to kill time at the bus stop.',
		"I don't want him to be attacked either, that would make things worse."
	])('leaves alone what only looks like it: %s', (text) => {
		expect(screenText(text)).toEqual([]);
	});
});
