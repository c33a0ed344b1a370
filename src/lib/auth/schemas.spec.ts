import { describe, expect, it } from 'vitest';
import { inviteSchema, loginSchema, setupSchema, validate } from './schemas';

const good = {
	organisationName: 'Probation North',
	name: 'Olga',
	email: 'Olga@Example.org ',
	password: 'a calm warm hearth',
	confirm: 'a calm warm hearth'
};

describe('account form schemas', () => {
	it('accepts a complete setup form and normalises the email', () => {
		const result = validate(setupSchema, good);
		expect(result).toMatchObject({ ok: true, output: { email: 'olga@example.org', name: 'Olga' } });
	});

	it('reports one code per field', () => {
		const result = validate(setupSchema, {
			organisationName: '   ',
			name: 'x'.repeat(101),
			email: 'not an email',
			password: 'short',
			confirm: 'other'
		});
		expect(result).toEqual({
			ok: false,
			errors: {
				organisationName: 'required',
				name: 'tooLong',
				email: 'email',
				password: 'passwordShort',
				confirm: 'mismatch'
			}
		});
	});

	it('asks for the same password twice', () => {
		expect(validate(setupSchema, { ...good, confirm: 'a calm warm hearth!' })).toEqual({
			ok: false,
			errors: { confirm: 'mismatch' }
		});
	});

	it('refuses hidden control and direction characters in names', () => {
		for (const name of ['Ana\u0000', 'Ana\nBen', 'Ana\u202eneB'])
			expect(validate(setupSchema, { ...good, name })).toEqual({ ok: false, errors: { name: 'control' } });
	});

	it('keeps HTML as plain text (it is escaped when shown, never interpreted)', () => {
		expect(validate(setupSchema, { ...good, name: '<b>Ana</b>' })).toMatchObject({ ok: true });
	});

	it('treats missing fields as empty ones', () => {
		expect(validate(loginSchema, {})).toEqual({
			ok: false,
			errors: { email: 'required', password: 'required' }
		});
	});

	it('allows only the two staff roles', () => {
		expect(validate(inviteSchema, { email: 'a@b.org', name: 'A', role: 'admin' })).toEqual({
			ok: false,
			errors: { role: 'role' }
		});
	});
});
