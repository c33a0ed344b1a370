/**
 * Nothing sent offline is lost at a phase change (issue 9, point 6), against the production server: a concern
 * written in the fears phase on a phone that lost its Wi-Fi, sent after the facilitator moved on, is taken into
 * that phase's list marked late and shown so on the console; a claim the session's history does not support is
 * still refused; and a phone holding unsent items is counted on the console before an advance.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PhoneView } from '$lib/live/types';
import { contribution } from '$lib/server/db/schema';
import { moveSessionTo, startLiveApi, type LiveApi } from '../support/live-api';

let api: LiveApi;

beforeAll(async () => {
	api = await startLiveApi();
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

const judgement = {
	respect: 'Judged in the room',
	relationship: 'Judged in the room',
	responsibility: 'Judged in the room'
};

describe('late arrivals from an offline queue', () => {
	it('takes a concern written before the move into its phase, marked late, and refuses claims that do not hold', async () => {
		const { sessionId, joinCode } = await api.open();
		moveSessionTo(api.db, sessionId, 'fearsAndStigma');
		const phone = await api.join(joinCode);
		const seen = (await (await api.call('GET', `/api/v1/sessions/${sessionId}`, phone)).json()) as PhoneView;
		expect(seen.phase).toBe('fearsAndStigma');

		// Written now; the phone loses its Wi-Fi; the facilitator moves on.
		const concern = {
			kind: 'concern',
			text: 'Written before the move, sent after it',
			clientRequestId: randomUUID(),
			writtenIn: { phase: 'fearsAndStigma', seq: seen.seq }
		};
		const moved = await api.command(sessionId, {
			type: 'phase.advance',
			from: 'fearsAndStigma',
			overrides: judgement
		});
		expect(moved.status).toBe(200);

		const post = (body: unknown) =>
			api.call('POST', `/api/v1/sessions/${sessionId}/contributions`, phone, body);
		const sent = await post(concern);
		expect(sent.status, await sent.clone().text()).toBe(201);
		const { id } = (await sent.json()) as { id: string };
		expect((await post(concern)).status).toBe(200);
		const row = api.db.select().from(contribution).where(eq(contribution.id, id)).get();
		expect(row).toMatchObject({ phase: 'fearsAndStigma', late: true, status: 'pending' });

		const console = (await (
			await api.call('GET', `/api/v1/sessions/${sessionId}`, api.staffCookie)
		).json()) as ConsoleView;
		expect(console.moderationQueue.find((item) => item.id === id)).toMatchObject({
			phase: 'fearsAndStigma',
			late: true
		});

		// Refused: no claim, a claim of the wrong phase, a claim from the future, and a claim of an event when the
		// session was not in that phase yet (the log says where it was).
		const fresh = (extra: Record<string, unknown>) => ({
			kind: 'concern',
			text: 'Another worry',
			clientRequestId: randomUUID(),
			...extra
		});
		for (const body of [
			fresh({}),
			fresh({ writtenIn: { phase: 'proposals', seq: seen.seq } }),
			fresh({ writtenIn: { phase: 'fearsAndStigma', seq: 1_000_000 } }),
			fresh({ writtenIn: { phase: 'fearsAndStigma', seq: 0 } })
		]) {
			const refused = await post(body);
			expect(refused.status).toBe(409);
			expect(await refused.json()).toMatchObject({ code: 'wrongPhase' });
		}
	});

	it('counts the phones that hold unsent items on the console', async () => {
		const { sessionId, joinCode } = await api.open();
		moveSessionTo(api.db, sessionId, 'fearsAndStigma');
		const phone = await api.join(joinCode);
		const report = (queued: boolean) =>
			api.call('POST', `/api/v1/sessions/${sessionId}/typing`, phone, { typing: false, queued });
		const queuedNow = async () =>
			(
				(await (
					await api.call('GET', `/api/v1/sessions/${sessionId}`, api.staffCookie)
				).json()) as ConsoleView
			).participants.queued;

		expect(await queuedNow()).toBe(0);
		expect((await report(true)).status).toBe(204);
		// One phone is fewer than the minimum group size: the console says "a few" (null), never "1".
		expect(await queuedNow()).toBeNull();
		expect((await report(false)).status).toBe(204);
		expect(await queuedNow()).toBe(0);
	});
});
