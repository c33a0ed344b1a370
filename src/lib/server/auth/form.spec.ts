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
		[null, 'no parameter'],
		// Dot segments, backslashes and what the URL parser drops all resolve to the path `//evil.example`.
		['/.//evil.example', 'a dot segment before a protocol-relative path'],
		['/./\\evil.example', 'a dot segment before a backslash'],
		['/a/..//evil.example/x', 'a parent segment before a protocol-relative path'],
		['/%2e//evil.example', 'a percent-encoded dot segment'],
		['/%2E%2E//evil.example', 'a percent-encoded parent segment'],
		['/\t/evil.example', 'a tab the parser drops'],
		['/\n/evil.example', 'a newline the parser drops'],
		['/\r\n/evil.example', 'a carriage return and newline'],
		['/\t\\evil.example', 'a tab before a backslash'],
		['\\\\evil.example', 'two backslashes'],
		['/\\/evil.example', 'a backslash and a slash'],
		['\t//evil.example', 'a leading tab'],
		['javascript:alert(1)//', 'a script URL ending in slashes'],
		['/javascript:alert(1)', 'not a scheme, but fine'],
		['https:/evil.example', 'a scheme without slashes'],
		['/..//evil.example', 'a parent segment at the root']
	])('ignores %s (%s)', (next, why) => {
		if (why === 'not a scheme, but fine') expect(safeNextPath(next, ORIGIN)).toBe('/javascript:alert(1)');
		else expect(safeNextPath(next, ORIGIN)).toBe('/dialogues');
	});

	it.each([
		['/a/../organisation/audit', '/organisation/audit'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/dialogues#top', '/dialogues#top']
	])('normalises %s to the same-site path %s', (next, expected) => {
		const path = safeNextPath(next, ORIGIN);
		expect(path).toBe(expected);
		// As a browser would read it: still this site.
		expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
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
