/**
 * One move per intent (issue 9, point 2) against the production server: identical phase moves, closings and
 * consent resolutions sent at the same instant (two consoles, a double click) are applied once; every other
 * copy is a 409 that says where the session is now, and the event log stays gapless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '$lib/server/sessions/service';
import { moveSessionTo, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;

beforeAll(async () => {
	api = await startLiveApi();
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

const judgement = {
	respect: 'Judged by the facilitator',
	relationship: 'Judged by the facilitator',
	responsibility: 'Judged by the facilitator'
};

/** Sends the same command `n` times at once; answers with each status and body. */
async function atOnce(sessionId: string, body: Record<string, unknown>, n: number) {
	const responses = await Promise.all(Array.from({ length: n }, () => api.command(sessionId, body)));
	return Promise.all(
		responses.map(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }))
	);
}

function expectGapless(sessionId: string) {
	const seqs = readEvents(api.db, sessionId).map((e) => e.seq);
	expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
}

describe('concurrent commands', () => {
	it('applies one of ten identical advances; nine get 409 with the current state', async () => {
		const { sessionId } = await api.open();
		const first = await api.command(sessionId, {
			type: 'phase.advance',
			from: 'preparation',
			overrides: judgement
		});
		expect(first.status).toBe(200);

		const answers = await atOnce(
			sessionId,
			{ type: 'phase.advance', from: 'opening', overrides: judgement },
			10
		);
		const applied = answers.filter((a) => a.status === 200);
		const refused = answers.filter((a) => a.status === 409);
		expect(applied).toHaveLength(1);
		expect(refused).toHaveLength(9);
		expect(applied[0]?.body).toMatchObject({ state: { phase: 'fearsAndStigma' } });
		const now = applied[0]?.body.state as { phase: string; revision: number; seq: number };
		for (const r of refused) {
			expect(r.body).toMatchObject({
				status: 409,
				code: 'phaseMoved',
				detail: expect.any(String),
				state: { phase: 'fearsAndStigma', revision: now.revision }
			});
		}

		const moves = readEvents(api.db, sessionId).filter((e) => e.type === 'phase.advance');
		expect(moves.map((e) => (e.payload as { from: string; to: string }).to)).toEqual([
			'opening',
			'fearsAndStigma'
		]);
		expectGapless(sessionId);
	});

	it('requires the phase a move is from, and refuses a revisit from a phase already left', async () => {
		const { sessionId } = await api.open();
		const missing = await api.command(sessionId, { type: 'phase.advance', overrides: judgement });
		expect(missing.status).toBe(422);
		expect(await missing.json()).toMatchObject({ errors: { from: expect.any(String) } });

		moveSessionTo(api.db, sessionId, 'proposals');
		const revisit = { type: 'phase.revisit', phase: 'fearsAndStigma', reason: 'A theme was missed' };
		const answers = await atOnce(sessionId, { ...revisit, from: 'proposals' }, 4);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
		expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
			code: 'phaseMoved',
			state: { phase: 'fearsAndStigma' }
		});
		expect(readEvents(api.db, sessionId).filter((e) => e.type === 'phase.revisit')).toHaveLength(1);
		expectGapless(sessionId);
	});

	it('closes a session once when the closing move is sent from two consoles at once', async () => {
		const { sessionId } = await api.open();
		moveSessionTo(api.db, sessionId, 'closing');
		const answers = await atOnce(
			sessionId,
			{ type: 'phase.advance', from: 'closing', overrides: judgement },
			5
		);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
		for (const a of answers.filter((a) => a.status === 409)) {
			expect(a.body).toMatchObject({ code: 'phaseMoved', state: { phase: 'closed' } });
		}
		const log = readEvents(api.db, sessionId);
		expect(
			log.filter((e) => e.type === 'phase.advance' && (e.payload as { to: string }).to === 'closed')
		).toHaveLength(1);
		expectGapless(sessionId);
	});

	it('records one consent resolution for identical resolutions sent at once', async () => {
		const { sessionId, joinCode } = await api.open();
		moveSessionTo(api.db, sessionId, 'agreement');
		const phone = await api.join(joinCode);
		const send = async (body: Record<string, unknown>) => {
			const res = await api.command(sessionId, body);
			expect(res.status, await res.clone().text()).toBe(200);
			return (await res.json()) as { result?: Record<string, unknown> };
		};
		await send({
			type: 'agreement.commitment.add',
			action: 'Walks with him to the job centre',
			ownerRole: 'A neighbour'
		});
		const view = (await (await api.call('GET', `/api/v1/sessions/${sessionId}`, api.staffCookie)).json()) as {
			agreement: { version: number };
		};
		const version = view.agreement.version;
		await send({ type: 'agreement.readBack', version });
		await send({ type: 'consent.open' });
		const answered = await api.call('POST', `/api/v1/sessions/${sessionId}/responses`, phone, {
			prompt: 'consent',
			value: 'cannotLiveWith',
			draftVersion: version,
			clientRequestId: crypto.randomUUID()
		});
		expect(answered.status).toBe(201);
		await send({ type: 'consent.close' });

		const resolve = { type: 'consent.resolve', note: 'Talked through.', version, resolutions: 0 };
		const answers = await atOnce(sessionId, resolve, 5);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
		expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
			code: 'consentResolvedMeanwhile',
			resolutions: 1
		});
		expect(readEvents(api.db, sessionId).filter((e) => e.type === 'consent.resolved')).toHaveLength(1);
		expectGapless(sessionId);
	});
});
