/**
 * Issue 9.5: time that goes backwards. The production build (`npx vite build` first) runs with its wall clock
 * under the test's control (`tests/support/shifted-clock.js`), which moves it back and forward by an hour in
 * the middle of a session, as an NTP correction or a dead CMOS battery would. A 60-second timer stays a
 * 60-second timer, and a "cannot live with it" given after a resolution still blocks, whatever the clock says.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '$lib/live/types';
import { startLiveApi, type LiveApi } from '../support/live-api';
import { ROOT, tempDatabasePath, type RunningServer } from '../support/server';

const HOUR = 60 * 60 * 1000;

let api: LiveApi;
let server: RunningServer;
let staffCookie: string;
let call: LiveApi['call'];
let clockFile: string;

beforeAll(async () => {
	const databasePath = tempDatabasePath('hearth-clock');
	clockFile = path.join(path.dirname(databasePath), 'clock-offset');
	fs.writeFileSync(clockFile, '0');
	api = await startLiveApi({
		databasePath,
		env: {
			NODE_OPTIONS: `--import ${path.join(ROOT, 'tests', 'support', 'shifted-clock.js')}`,
			HEARTH_TEST_CLOCK_FILE: clockFile
		}
	});
	({ server, staffCookie, call } = api);
}, 60_000);

afterAll(async () => {
	await api?.stop();
});

/** Moves the server's wall clock to `offsetMs` from the real time, and waits until it has. */
async function setServerClock(offsetMs: number): Promise<void> {
	fs.writeFileSync(clockFile, String(offsetMs));
	server.process.kill('SIGUSR2');
	await new Promise((resolve) => setTimeout(resolve, 300));
}

async function command(sessionId: string, body: Record<string, unknown>): Promise<void> {
	const response = await call('POST', `/api/v1/sessions/${sessionId}/commands`, staffCookie, body);
	if (response.status !== 200) throw new Error(`${body.type}: ${response.status} ${await response.text()}`);
}

async function consoleView(sessionId: string): Promise<ConsoleView> {
	const response = await call('GET', `/api/v1/sessions/${sessionId}`, staffCookie);
	expect(response.status).toBe(200);
	return (await response.json()) as ConsoleView;
}

/** A session of a dialogue of its own, with one phone joined. */
async function liveSession(): Promise<{ sessionId: string; phoneCookie: string }> {
	const dialogueId = api.addDialogue();
	const opened = await call('POST', `/api/v1/dialogues/${dialogueId}/sessions`, staffCookie);
	expect(opened.status).toBe(201);
	const { sessionId, joinCode } = (await opened.json()) as { sessionId: string; joinCode: string };
	const joined = await call('POST', '/api/v1/join', '', { code: joinCode });
	expect(joined.status).toBe(201);
	const phoneCookie =
		joined.headers
			.getSetCookie()
			.find((c) => c.startsWith('hearth_participant_'))
			?.split(';')[0] ?? '';
	return { sessionId, phoneCookie };
}

const reasons = { respect: 'Agreed in the room', relationship: 'Done on paper', responsibility: 'Checked' };

describe('a wall clock that jumps in the middle of a session', () => {
	it('keeps a 60-second timer at 60 seconds when the clock goes back an hour, and forward again', async () => {
		await setServerClock(0);
		const { sessionId } = await liveSession();
		await command(sessionId, { type: 'timer.start', durationSeconds: 60 });
		const remaining = async () => (await consoleView(sessionId)).controls.timer?.remainingMs ?? -1;
		expect(await remaining()).toBeGreaterThan(55_000);

		await setServerClock(-HOUR);
		const afterBack = await remaining();
		expect(afterBack).toBeLessThanOrEqual(60_000);
		expect(afterBack).toBeGreaterThan(50_000);

		await setServerClock(HOUR);
		const afterForward = await remaining();
		expect(afterForward).toBeLessThanOrEqual(afterBack);
		expect(afterForward).toBeGreaterThan(50_000);

		// Paused and started again, it keeps what it had left.
		await command(sessionId, { type: 'timer.pause' });
		await setServerClock(-HOUR);
		await command(sessionId, { type: 'timer.start' });
		expect(await remaining()).toBeGreaterThan(50_000);
		await setServerClock(0);
	}, 60_000);

	it('lets no "cannot live with it" given after a resolution slip past the consent block', async () => {
		await setServerClock(0);
		const { sessionId, phoneCookie } = await liveSession();
		for (const from of ['preparation', 'opening', 'fearsAndStigma', 'proposals'])
			await command(sessionId, { type: 'phase.advance', from, overrides: reasons });
		await command(sessionId, {
			type: 'agreement.commitment.add',
			action: 'Walk the school route together on Mondays',
			ownerRole: 'Parents council',
			dueOn: '2030-01-31'
		});
		const version = (await consoleView(sessionId)).agreement?.version;
		const cannotLiveWith = async () => {
			await command(sessionId, { type: 'consent.open' });
			const answered = await call('POST', `/api/v1/sessions/${sessionId}/responses`, phoneCookie, {
				prompt: 'consent',
				value: 'cannotLiveWith',
				draftVersion: version,
				clientRequestId: randomUUID()
			});
			expect(answered.status).toBe(201);
			await command(sessionId, { type: 'consent.close' });
		};

		await cannotLiveWith();
		expect((await consoleView(sessionId)).agreement?.consentBlocked).toBe(true);
		await command(sessionId, {
			type: 'consent.resolve',
			note: 'Talked through; a second parent joins.',
			version: (await consoleView(sessionId)).agreement?.version,
			resolutions: 0
		});
		expect((await consoleView(sessionId)).agreement?.consentBlocked).toBe(false);

		// The laptop's clock is corrected back by an hour; the same phone still cannot live with it.
		await setServerClock(-HOUR);
		await cannotLiveWith();
		expect((await consoleView(sessionId)).agreement?.consentBlocked).toBe(true);
		await setServerClock(0);
	}, 60_000);
});
