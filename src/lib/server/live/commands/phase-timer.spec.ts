/**
 * A timer belongs to the phase it was started in: every phase move (forward, back, and the close) stops it in the
 * same transaction, and logs a `controls.changed` for every screen, so that no phone or projector keeps counting
 * down (or shows "time is up") into the next phase.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LivePhase } from '$lib/dialogue';
import type { PublicControls } from '$lib/live/types';
import { readEvents } from '../../sessions/service';
import { commandSession } from './commands';
import type { OpenedSession } from './sessions';
import { readSessionState } from '../store';
import { ADDRESS, asShown, liveFixture, moveTo, openSession, type LiveFixture } from '../test-support';
import { projectorView } from '../views/views';

let fx: LiveFixture;
let opened: OpenedSession;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
	opened = openSession(fx);
});

afterEach(() => fx.close());

const run = (command: unknown) =>
	commandSession(fx.db, fx.facilitator, opened.sessionId, asShown(fx.db, opened.sessionId, command), ADDRESS);

const OVERRIDES = {
	respect: 'Talked through with the group',
	relationship: 'Held on paper',
	responsibility: 'Agreed with the lead'
};

/** Starts a one-minute timer and checks that it runs. */
function startTimer(): void {
	run({ type: 'timer.start', durationSeconds: 60 });
	expect(readSessionState(fx.db, opened.sessionId).controls.timer).not.toBeNull();
}

/** The last `controls.changed` every screen was sent after `afterSeq`. */
function lastPublicControls(afterSeq: number): PublicControls | undefined {
	return readEvents(fx.db, opened.sessionId, afterSeq)
		.filter((e) => e.type === 'controls.changed' && e.audience === 'all')
		.map((e) => e.payload as PublicControls)
		.at(-1);
}

function expectStopped(afterSeq: number): void {
	expect(readSessionState(fx.db, opened.sessionId).controls.timer).toBeNull();
	expect(lastPublicControls(afterSeq)).toMatchObject({ timer: null });
	// A projector or phone that (re)connects now gets no timer either.
	const projector = projectorView(fx.db, opened.sessionId, ADDRESS);
	expect(projector.paused).toBe(false);
	expect('controls' in projector ? projector.controls.timer : 'no controls').toBeNull();
}

describe('a timer ends when its phase ends', () => {
	const forward: LivePhase[] = ['opening', 'fearsAndStigma', 'proposals', 'agreement'];
	for (const phase of forward) {
		it(`stops when the session moves on from ${phase}`, () => {
			moveTo(fx, opened.sessionId, phase);
			startTimer();
			const before = readSessionState(fx.db, opened.sessionId).lastSeq;
			expect(run({ type: 'phase.advance', overrides: OVERRIDES }).state.phase).not.toBe(phase);
			expectStopped(before);
		});
	}

	it('stops when the facilitator goes back to an earlier phase', () => {
		moveTo(fx, opened.sessionId, 'proposals');
		startTimer();
		const before = readSessionState(fx.db, opened.sessionId).lastSeq;
		run({ type: 'phase.revisit', phase: 'fearsAndStigma', reason: 'One more round of concerns' });
		expectStopped(before);
	});

	it('stops when the session closes, and says so to every screen', () => {
		moveTo(fx, opened.sessionId, 'closing');
		startTimer();
		const before = readSessionState(fx.db, opened.sessionId).lastSeq;
		expect(run({ type: 'phase.advance', overrides: OVERRIDES }).state.phase).toBe('closed');
		expectStopped(before);
	});

	it('keeps running while nothing moves the phase', () => {
		moveTo(fx, opened.sessionId, 'opening');
		startTimer();
		run({ type: 'prompt.open', prompt: 'checkIn' });
		run({ type: 'prompt.close' });
		expect(readSessionState(fx.db, opened.sessionId).controls.timer).not.toBeNull();
	});
});
