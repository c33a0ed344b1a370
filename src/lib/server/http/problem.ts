/**
 * RFC 9457 problem details for every JSON API error: a readable `title`/`detail` and, for invalid input,
 * per-field messages in `errors`, so that a client can show them next to the field and keep what was typed.
 */
import { json } from '@sveltejs/kit';

export interface Problem {
	type: string;
	title: string;
	status: number;
	detail?: string;
	/** Field name → human message. */
	errors?: Record<string, string>;
	[extension: string]: unknown;
}

const TITLES: Record<number, string> = {
	400: 'The request is not valid',
	401: 'Sign in first',
	403: 'Not allowed',
	404: 'Not found',
	409: 'Conflict',
	413: 'Too large',
	422: 'Some fields need attention',
	429: 'Too many requests'
};

export function problem(
	status: number,
	detail?: string,
	extra: Partial<Problem> & Record<string, unknown> = {},
	headers: Record<string, string> = {}
): Response {
	const body: Problem = {
		type: extra.type ?? `https://hearth.invalid/problems/${status}`,
		title: extra.title ?? TITLES[status] ?? 'Error',
		status,
		...(detail ? { detail } : {}),
		...extra
	};
	return json(body, { status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

/** 422 with a message per field. */
export function invalid(errors: Record<string, string>, detail = 'Some fields need attention.'): Response {
	return problem(422, detail, { errors });
}
