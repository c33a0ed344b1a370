/**
 * The lane (src/lib/server/http/lane.ts) against the production server as `npm start` runs it: a phone's submission
 * and the console's command answered through the lane and through SvelteKit (the same request with a query string,
 * which the lane leaves alone) come back alike — status, body, headers, cookies and language — for answers that
 * succeed and for each kind of refusal. A probe (`tests/support/lane-probe.js`) shows which path answered.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';
import { moveSessionTo, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;
let sessionId: string;
let phones: string[];

const probe = pathToFileURL(path.join(ROOT, 'tests', 'support', 'lane-probe.js')).href;

beforeAll(async () => {
	api = await startLiveApi({
		env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim() }
	});
	const opened = await api.open();
	sessionId = opened.sessionId;
	moveSessionTo(api.db, sessionId, 'fearsAndStigma');
	phones = [await api.join(opened.joinCode), await api.join(opened.joinCode)];
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

interface Answer {
	status: number;
	headers: Record<string, string>;
	cookies: string[];
	body: unknown;
}

/** Headers that say nothing about the answer (the connection, the clock). */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

async function post(
	route: 'contributions' | 'commands',
	via: 'lane' | 'kit',
	cookie: string,
	body: string,
	headers: Record<string, string> = {}
): Promise<Answer> {
	const url = `${api.server.baseUrl}/api/v1/sessions/${sessionId}/${route}${via === 'kit' ? '?via=kit' : ''}`;
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, ...headers },
		body
	});
	const kept: Record<string, string> = {};
	res.headers.forEach((value, name) => {
		if (!TRANSPORT.has(name) && name !== 'set-cookie') kept[name] = value;
	});
	const text = await res.text();
	return {
		status: res.status,
		headers: kept,
		cookies: res.headers.getSetCookie(),
		body: text ? JSON.parse(text) : null
	};
}

const lanes = () => (api.server.output().match(/^\[lane\] .*$/gm) ?? []).length;
/** The request ids (UUIDs) of the spec, by a readable name. */
const ids = new Map<string, string>();
const concern = (text: string, name: string) => {
	if (!ids.has(name)) ids.set(name, randomUUID());
	return JSON.stringify({ kind: 'concern', text, clientRequestId: ids.get(name) });
};

describe('the lane answers as SvelteKit does', () => {
	it('a submission, its retry, and each refusal', async () => {
		const before = lanes();
		const [phone, other] = phones as [string, string];
		// Two new concerns: 201 with a new id each; the same headers.
		const viaLane = await post('contributions', 'lane', phone, concern('The walk to school', 'lane-1'));
		const viaKit = await post('contributions', 'kit', other, concern('The bus stop at night', 'kit-1'));
		expect(viaLane.status).toBe(201);
		expect(viaLane.body).toEqual({ id: expect.any(String) });
		expect({ ...viaLane, body: null }).toEqual({ ...viaKit, body: null });
		expect(viaLane.headers['x-content-type-options']).toBe('nosniff');
		expect(viaLane.headers['cache-control']).toBe('no-store');

		// A retry of the lane's concern, through each: the first id, 200, byte for byte alike.
		const retried = [
			await post('contributions', 'lane', phone, concern('The walk to school', 'lane-1')),
			await post('contributions', 'kit', phone, concern('The walk to school', 'lane-1'))
		];
		expect(retried[0]).toMatchObject({ status: 200, body: viaLane.body });
		expect(retried[0]).toEqual(retried[1]);

		// Refusals: no phone cookie (in English and in Arabic), malformed JSON, an empty text, another text
		// under a used request id.
		const refusals: [string, string, Record<string, string>][] = [
			['', concern('Anything', 'none-1'), {}],
			['', concern('Anything', 'none-2'), { 'accept-language': 'ar' }],
			[phone, '{"kind": "concern", ', {}],
			[phone, concern('   ', 'empty-1'), { 'accept-language': 'de' }],
			[phone, concern('Something else', 'lane-1'), {}]
		];
		const statuses: number[] = [];
		for (const [cookie, body, headers] of refusals) {
			const a = await post('contributions', 'lane', cookie, body, headers);
			const b = await post('contributions', 'kit', cookie, body, headers);
			expect(a).toEqual(b);
			statuses.push(a.status);
		}
		expect(statuses).toEqual([401, 401, 400, 422, 409]);
		// The Arabic refusal is in Arabic, not the English one.
		const english = await post('contributions', 'lane', '', concern('x', 'none-3'));
		const arabic = await post('contributions', 'lane', '', concern('x', 'none-4'), {
			'accept-language': 'ar'
		});
		expect((arabic.body as { detail: string }).detail).not.toBe((english.body as { detail: string }).detail);
		expect((arabic.body as { detail: string }).detail).toMatch(/[\u0600-\u06ff]/);
		// The lane took exactly the requests without a query.
		expect(lanes() - before).toBe(1 + 1 + refusals.length + 2);
		expect(api.server.output()).not.toMatch(/\[lane\] .*via=kit/);
	});

	it('a command, and a console whose sign-in is gone', async () => {
		const before = lanes();
		const submitted: string[] = [];
		for (const [i, text] of ['Noise at night', 'Our children'].entries()) {
			const answer = await post('contributions', 'lane', phones[1] as string, concern(text, `cmd-${i}`));
			expect(answer.status).toBe(201);
			submitted.push((answer.body as { id: string }).id);
		}
		const approve = (id: string) => JSON.stringify({ type: 'contribution.approve', contributionId: id });
		const viaLane = await post('commands', 'lane', api.staffCookie, approve(submitted[0] as string));
		const viaKit = await post('commands', 'kit', api.staffCookie, approve(submitted[1] as string));
		expect(viaLane.status).toBe(200);
		// The answers differ only in the contribution each approved and in the counts and sequence numbers that
		// moved on between them (one more approved, one fewer pending).
		const shape = (a: Answer) =>
			JSON.parse(
				JSON.stringify(a)
					.replaceAll(submitted[0] as string, 'ID')
					.replaceAll(submitted[1] as string, 'ID')
					.replace(/"(count|seq|approved|pending)":\d+/g, '"$1":0')
			);
		expect(shape(viaLane)).toEqual(shape(viaKit));

		// Approving it again (nothing more to do: 200), an unknown command, a phone asking, and a sign-in that no
		// longer exists (whose cookie is cleared): alike.
		const refusals: [string, string][] = [
			[api.staffCookie, approve(submitted[0] as string)],
			[api.staffCookie, JSON.stringify({ type: 'no.such.command' })],
			[phones[0] as string, approve(submitted[0] as string)],
			['hearth_session=not-a-session', approve(submitted[0] as string)]
		];
		const statuses: number[] = [];
		for (const [cookie, body] of refusals) {
			const a = await post('commands', 'lane', cookie, body);
			const b = await post('commands', 'kit', cookie, body);
			expect(a).toEqual(b);
			statuses.push(a.status);
		}
		expect(statuses).toEqual([200, 422, 401, 401]);
		const cleared = await post('commands', 'lane', 'hearth_session=not-a-session', approve('x'));
		expect(cleared.cookies).toEqual([expect.stringMatching(/^hearth_session=; .*Max-Age=0/)]);
		expect(lanes() - before).toBe(2 + 1 + refusals.length + 1);
	});
});
