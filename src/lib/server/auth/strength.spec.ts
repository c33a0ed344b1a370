import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './strength';

describe('password strength', () => {
	it.each([
		['password123', 'passwordCommon'],
		['1234567890', 'passwordCommon'],
		['qwertyuiop', 'passwordCommon'],
		['iloveyou12', 'passwordCommon'],
		['aaaaaaaaaaaa', 'passwordRepeated'],
		['passwordpassword', 'passwordRepeated'],
		['abcdefghijklmnop', 'passwordSequence'],
		['17-05-1990!', 'passwordDate'],
		['olga@example.org1', 'passwordPersonal'],
		['Probation North!', 'passwordPersonal']
	])('refuses %s, saying why (%s)', (password, reason) => {
		expect(passwordWeakness(password, ['olga@example.org', 'Olga Organiser', 'Probation North'])).toBe(
			reason
		);
	});

	it.each(['a calm warm hearth', 'lantern river cupboard', 'Mijn fiets staat bij de bakker'])(
		'accepts a passphrase of ordinary words: %s',
		(password) => {
			expect(passwordWeakness(password, ['olga@example.org'])).toBeNull();
		}
	);
});
