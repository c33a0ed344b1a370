/**
 * Live staff actions are accountable (issue 9, point 7), against the production server: opening a session,
 * advances with their overrides, a revisit, a pause, approving, hiding and redacting, renewing the projector link
 * and exporting the report each leave an entry in the organisation's audit log; the entries are still there
 * after retention deleted the session's raw data and trimmed its event log, and none holds contribution text.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '$lib/server/db/schema';
import { runRetention } from '$lib/server/retention';
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
	respect: 'Judged in the room',
	relationship: 'Judged in the room',
	responsibility: 'Judged in the room'
};

describe('the audit log of a live session', () => {
	it('records every staff action, keeps it after retention, and holds no contribution text', async () => {
		const { sessionId, joinCode } = await api.open();
		const ok = async (body: Record<string, unknown>) => {
			const res = await api.command(sessionId, body);
			expect(res.status, await res.clone().text()).toBe(200);
		};
		await ok({ type: 'phase.advance', from: 'preparation', overrides: judgement });
		await ok({ type: 'phase.advance', from: 'opening', overrides: judgement });

		// Three concerns, each with words that must never reach the audit log.
		const phone = await api.join(joinCode);
		const texts = [
			'SECRET-ONE I am afraid of him near the school',
			'SECRET-TWO He should never have come back',
			'SECRET-THREE My neighbour Jan says he is dangerous'
		];
		const ids: string[] = [];
		for (const text of texts) {
			const res = await api.call('POST', `/api/v1/sessions/${sessionId}/contributions`, phone, {
				kind: 'concern',
				text,
				clientRequestId: randomUUID()
			});
			expect(res.status).toBe(201);
			ids.push(((await res.json()) as { id: string }).id);
		}
		await ok({ type: 'contribution.approve', contributionId: ids[0] });
		await ok({ type: 'contribution.hide', contributionId: ids[1], note: 'SECRET-NOTE quotes a name' });
		await ok({
			type: 'contribution.redact',
			contributionId: ids[2],
			text: 'SECRET-REDACTED My neighbour says he is dangerous',
			note: 'SECRET-NOTE a name removed'
		});
		await ok({ type: 'session.pause', reason: 'A break' });
		await ok({ type: 'session.resume' });
		await ok({ type: 'display.rotate' });
		await ok({
			type: 'phase.revisit',
			from: 'fearsAndStigma',
			phase: 'opening',
			reason: 'The ground rules again'
		});

		// Run to the end (the way there is not under test), close it from the console, export the report.
		moveSessionTo(api.db, sessionId, 'closing');
		await ok({ type: 'phase.advance', from: 'closing', overrides: judgement });
		const exported = await api.call(
			'GET',
			`/api/v1/sessions/${sessionId}/outcome?format=csv`,
			api.staffCookie
		);
		expect(exported.status).toBe(200);

		// Retention: far past the period, the session's raw data and most of its event log are gone.
		const purged = runRetention(api.db, Date.now() + 10 * 365 * 86_400_000);
		expect(purged.map((p) => p.sessionId)).toContain(sessionId);
		expect(readEvents(api.db, sessionId).some((e) => e.type.startsWith('contribution.'))).toBe(false);

		const entries = api.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.organisationId, api.organisationId), eq(auditLog.targetId, sessionId)))
			.all();
		const actions = entries.map((e) => e.action);
		const staffActions = [
			'session.open',
			'session.advance',
			'session.revisit',
			'session.pause',
			'session.resume',
			'contribution.approve',
			'contribution.hide',
			'contribution.redact',
			'display.rotate',
			'outcome.export'
		];
		for (const action of staffActions) expect(actions, action).toContain(action);
		// Each by the facilitator who did it (retention's own entry is the system's).
		for (const entry of entries.filter((e) => staffActions.includes(e.action))) {
			expect(entry.actorId).toBe(api.facilitatorId);
		}
		expect(actions).toContain('retention.purge');
		const advances = entries.filter((e) => e.action === 'session.advance').map((e) => JSON.parse(e.detail));
		expect(advances).toContainEqual(
			expect.objectContaining({ from: 'closing', to: 'closed', overrides: expect.any(Object) })
		);
		expect(entries.find((e) => e.action === 'contribution.redact')?.detail).toContain(ids[2]);
		expect(entries.find((e) => e.action === 'outcome.export')?.detail).toContain('csv');
		expect(JSON.stringify(entries)).not.toMatch(/SECRET/);
	});
});
