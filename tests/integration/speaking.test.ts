/**
 * The speaking round over HTTP (issue 11, the talking piece), against the production server: a phone's label is
 * refused with problem details and a field message when it is more than a first name; one phone asking many times
 * at once is one place; ten passes of the piece sent at once from the same holder move it one step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveSessionTo, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;

beforeAll(async () => {
	api = await startLiveApi();
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

async function consoleRound(sessionId: string) {
	const view = (await (await api.call('GET', `/api/v1/sessions/${sessionId}`, api.staffCookie)).json()) as {
		speaking: {
			id: string;
			holder: { turnId: string } | null;
			queue: { label: string | null }[];
			turns: number;
		};
	};
	return view.speaking;
}

describe('the speaking round over HTTP', () => {
	it('answers a phone with its place, problem details for a label that is not allowed, and one place per phone', async () => {
		const { sessionId, joinCode } = await api.open({ minParticipants: 1 });
		const phone = await api.join(joinCode);
		moveSessionTo(api.db, sessionId, 'opening');
		const started = await api.command(sessionId, { type: 'speaking.start', purpose: 'checkIn' });
		expect(started.status).toBe(200);
		const { roundId } = ((await started.json()) as { result: { roundId: string } }).result;
		const path = `/api/v1/sessions/${sessionId}/speaking`;

		const refused = await api.call('POST', path, phone, {
			action: 'ask',
			roundId,
			kind: 'name',
			label: 'Call me on 06 12345678'
		});
		expect(refused.status).toBe(422);
		expect(refused.headers.get('content-type')).toContain('application/problem+json');
		const problem = (await refused.json()) as { errors: Record<string, string> };
		expect(problem.errors.label).toBeTruthy();

		const answers = await Promise.all(
			Array.from({ length: 20 }, () =>
				api.call('POST', path, phone, { action: 'ask', roundId, kind: 'name', label: 'Nadia' })
			)
		);
		const places = await Promise.all(
			answers
				.filter((a) => a.status === 200)
				.map(async (a) => ((await a.json()) as { place: { turnId: string } }).place)
		);
		expect(places.length).toBeGreaterThan(0);
		expect(new Set(places.map((p) => p.turnId)).size).toBe(1);
		expect((await consoleRound(sessionId)).queue).toEqual([expect.objectContaining({ label: 'Nadia' })]);

		const ended = await api.call('POST', path, phone, { action: 'pass', roundId: 'another-round' });
		expect(ended.status).toBe(409);
	});

	it('moves the piece one step when ten passes from the same holder arrive at once', async () => {
		const { sessionId, joinCode } = await api.open({ minParticipants: 1 });
		const phones = [await api.join(joinCode), await api.join(joinCode), await api.join(joinCode)];
		moveSessionTo(api.db, sessionId, 'opening');
		const started = await api.command(sessionId, { type: 'speaking.start' });
		const { roundId } = ((await started.json()) as { result: { roundId: string } }).result;
		for (const phone of phones) {
			const asked = await api.call('POST', `/api/v1/sessions/${sessionId}/speaking`, phone, {
				action: 'ask',
				roundId,
				kind: 'someone'
			});
			expect(asked.status).toBe(200);
		}
		expect((await api.command(sessionId, { type: 'speaking.pass', roundId, from: null })).status).toBe(200);
		const holder = (await consoleRound(sessionId)).holder?.turnId ?? null;
		const statuses = await Promise.all(
			Array.from({ length: 10 }, async () => {
				const r = await api.command(sessionId, { type: 'speaking.pass', roundId, from: holder });
				return { status: r.status, code: ((await r.json()) as { code?: string }).code };
			})
		);
		expect(statuses.filter((s) => s.status === 200)).toHaveLength(1);
		expect(statuses.filter((s) => s.status === 409 && s.code === 'speakingMoved')).toHaveLength(9);
		expect((await consoleRound(sessionId)).turns).toBe(2);
	});
});
