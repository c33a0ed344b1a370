import { describe, expect, it } from 'vitest';
import { LiveError } from '../errors';
import { lastEventIdOf, problemOf, readJson } from './http';

const post = (body: string, type = 'application/json') =>
	new Request('http://hall.example/api', { method: 'POST', body, headers: { 'content-type': type } });

async function rejection(promise: Promise<unknown>): Promise<LiveError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof LiveError) return error;
		throw error;
	}
	throw new Error('expected a LiveError');
}

describe('reading JSON bodies', () => {
	it('reads JSON and refuses other types, bad JSON and bodies over 16 KB', async () => {
		expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
		expect((await rejection(readJson(post('a=1', 'application/x-www-form-urlencoded')))).status).toBe(415);
		expect((await rejection(readJson(post('{oops')))).status).toBe(400);
		const big = JSON.stringify({ text: 'x'.repeat(17 * 1024) });
		expect((await rejection(readJson(post(big)))).status).toBe(413);
	});
});

describe('problem details', () => {
	it('carries the status, a readable message, the code, field messages and Retry-After', async () => {
		const response = problemOf(
			new LiveError(429, 'tooManySubmissions', 'Wait a moment.', {
				retryAfterSeconds: 12,
				errors: { text: 'x' }
			})
		);
		expect(response.status).toBe(429);
		expect(response.headers.get('content-type')).toBe('application/problem+json');
		expect(response.headers.get('retry-after')).toBe('12');
		expect(await response.json()).toMatchObject({
			status: 429,
			detail: 'Wait a moment.',
			code: 'tooManySubmissions',
			errors: { text: 'x' }
		});
	});
});

describe('the reconnect cursor', () => {
	it('prefers the Last-Event-ID header over the query, and ignores garbage', () => {
		const url = new URL('http://x/events?lastEventId=3');
		expect(lastEventIdOf(new Request(url, { headers: { 'last-event-id': '9' } }), url)).toBe(9);
		expect(lastEventIdOf(new Request(url), url)).toBe(3);
		const bad = new URL('http://x/events?lastEventId=abc');
		expect(lastEventIdOf(new Request(bad), bad)).toBeNull();
	});
});
