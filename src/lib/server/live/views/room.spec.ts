/**
 * A closed round's result on the projector: a chart from the minimum group size up, and below it no spread at
 * all in what the server sends (the projector's view and its `room` frames are both built by `roomFigures`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectorLiveView } from '$lib/live/types';
import { runToAgreement } from '../../outcome/test-support';
import type { ParticipantPrincipal } from '../http/access';
import { commandSession } from '../commands/commands';
import { respond } from '../phones/participation';
import {
	ADDRESS,
	asShown,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';
import type { OpenedSession } from '../commands/sessions';
import { projectorView } from './views';

let fx: LiveFixture;
let opened: OpenedSession;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
});

afterEach(() => fx.close());

const run = (command: unknown, sessionId = opened.sessionId) =>
	commandSession(fx.db, fx.facilitator, sessionId, asShown(fx.db, sessionId, command), ADDRESS);

function projector(sessionId = opened.sessionId): ProjectorLiveView {
	const view = projectorView(fx.db, sessionId, ADDRESS);
	if (view.paused) throw new Error('paused');
	return view;
}

function pulseRound(values: (number | string)[], prompt: 'pulse.respected' | 'checkIn' = 'pulse.respected') {
	const phones = values.map(() => joinPhone(fx, opened));
	run({ type: 'prompt.open', prompt });
	values.forEach((value, i) => {
		respond(fx.db, phones[i] as ParticipantPrincipal, { prompt, value, clientRequestId: requestId() });
	});
	run({ type: 'prompt.close' });
}

describe('a closed round on the projector', () => {
	beforeEach(() => {
		opened = openSession(fx);
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
	});

	it('sends no spread below the minimum group size: only that a few answered', () => {
		pulseRound([1, 5, 5, 5]);
		const view = projector();
		expect(view.room?.result).toEqual({ prompt: 'pulse.respected', answered: null, chart: null });
		// Nothing of what was answered anywhere in the view: no counts, no mean, no bars.
		expect(JSON.stringify(view)).not.toMatch(/"(counts|mean|chart":\{)/);
	});

	it('sends the chart from the minimum group size up, each bar through the small-group rule', () => {
		pulseRound([4, 4, 4, 4, 4, 5, 5, 5, 5, 5]);
		const result = {
			prompt: 'pulse.respected',
			answered: 10,
			chart: { kind: 'scale', counts: { '1': 0, '2': 0, '3': 0, '4': 5, '5': 5 }, mean: 4.5 }
		};
		expect(projector().room?.result).toEqual(result);
		// Closing again (a double click on the console) leaves it up.
		run({ type: 'prompt.close' });
		expect(projector().room?.result).toEqual(result);
	});

	it('hides a bar chosen by a few together with its smallest partner, never alone', () => {
		pulseRound([2, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5]);
		const chart = projector().room?.result?.chart;
		// 2 was chosen once: hidden, and with it the smallest other bar (4, five times), so no subtraction gives it.
		expect(chart).toEqual({
			kind: 'scale',
			counts: { '1': 0, '2': null, '3': 0, '4': null, '5': 6 },
			mean: 4.3
		});
	});

	it('counts check-in words as a part of their own, and shows no result while a round is open', () => {
		pulseRound([3, 3, 3, 3, 3, 'tired', 'hopeful'], 'checkIn');
		expect(projector().room?.result?.chart).toEqual({
			kind: 'scale',
			// Two words: hidden, and with them the 3s (the only other part chosen); the mean of five numbers stays.
			counts: { '1': 0, '2': 0, '3': null, '4': 0, '5': 0, words: null },
			mean: 3
		});
		run({ type: 'prompt.open', prompt: 'pulse.respected' });
		expect(projector().room?.result).toBeNull();
	});

	it('ends with its phase', () => {
		pulseRound([3, 3, 3, 3, 3]);
		expect(projector().room?.result?.prompt).toBe('pulse.respected');
		run({
			type: 'phase.advance',
			overrides: { respect: 'Talked through', relationship: 'Held on paper', responsibility: 'Agreed' }
		});
		expect(projector().room?.result).toBeNull();
	});
});

describe('a closed consent round on the projector', () => {
	function consentRound(gradients: string[]) {
		const session = runToAgreement(fx, { phones: gradients.length });
		session.run({ type: 'agreement.commitment.add', action: 'Walk together', ownerRole: 'Neighbours' });
		session.run({ type: 'consent.open' });
		gradients.forEach((value, i) => {
			respond(fx.db, session.phones[i] as ParticipantPrincipal, {
				prompt: 'consent',
				value,
				draftVersion: 1,
				clientRequestId: requestId()
			});
		});
		session.run({ type: 'consent.close' });
		return session;
	}

	it('shows the spread of a large enough group', () => {
		const session = consentRound([...Array(5).fill('fullySupport'), ...Array(5).fill('canLiveWith')]);
		expect(projector(session.sessionId).room?.result).toEqual({
			prompt: 'consent',
			answered: 10,
			chart: {
				kind: 'consent',
				counts: { fullySupport: 5, canLiveWith: 5, haveConcerns: 0, cannotLiveWith: 0 }
			}
		});
		// A changed draft asks again: the old answers no longer count, and nothing is shown.
		session.run({ type: 'agreement.commitment.add', action: 'Coffee', ownerRole: 'Mosque board' });
		expect(projector(session.sessionId).room?.result).toBeNull();
	});

	it('sends no spread of a small group', () => {
		const session = consentRound(['fullySupport', 'fullySupport', 'cannotLiveWith']);
		const view = projector(session.sessionId);
		expect(view.room?.result).toEqual({ prompt: 'consent', answered: null, chart: null });
		expect(JSON.stringify(view)).not.toMatch(/cannotLiveWith|fullySupport/);
	});
});
