import { describe, expect, it } from 'vitest';
import { readFields, safeNextPath } from './form';

const ORIGIN = 'https://hearth.example.org';

describe('where to go after signing in', () => {
	it('follows a same-site path, keeping its query', () => {
		expect(safeNextPath('/organisation/members?x=1', ORIGIN)).toBe('/organisation/members?x=1');
	});

	it.each([
		['https://evil.example/', 'another origin'],
		['//evil.example/path', 'a protocol-relative URL'],
		['/\\evil.example', 'a backslash trick'],
		['javascript:alert(1)', 'a script URL'],
		['dialogues', 'a relative path'],
		['', 'nothing'],
		[null, 'no parameter']
	])('ignores %s (%s)', (next, _why) => {
		expect(safeNextPath(next, ORIGIN)).toBe('/dialogues');
	});
});

describe('reading form fields', () => {
	it('reads strings and treats files or missing fields as empty', () => {
		const data = new FormData();
		data.set('email', 'a@b.org');
		data.set('password', new Blob(['x']), 'file.txt');
		expect(readFields(data, ['email', 'password', 'name'] as const)).toEqual({
			email: 'a@b.org',
			password: '',
			name: ''
		});
	});
});
