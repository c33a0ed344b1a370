/**
 * The projector's spotlight and the room's figures, on the server. The spotlight takes only what is on the
 * moderated wall of this session, is audited, and ends with the phase; the room's figures are counts through the
 * small-group rule, never below the minimum group size.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { commandSession } from './commands';
import { LiveError } from '../errors';
import { respond, submitContribution } from '../phones/participation';
import { roomFigures } from '../views/room';
import type { OpenedSession } from './sessions';
import { readSessionState } from '../store';
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
import { projectorView } from '../views/views';

let fx: LiveFixture;
let opened: OpenedSession;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
	opened = openSession(fx);
});

afterEach(() => fx.close());

const run = (command: unknown, sessionId = opened.sessionId) =>
	commandSession(fx.db, fx.facilitator, sessionId, asShown(fx.db, sessionId, command), ADDRESS);

function refusal(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		if (error instanceof LiveError) return `${error.status} ${error.code}`;
		throw error;
	}
	return 'accepted';
}

function concern(text: string): string {
	const phone = joinPhone(fx, opened);
	return submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() }).id;
}

describe('the spotlight', () => {
	it('takes an approved contribution or a theme of this session, and nothing else', () => {
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		const waiting = concern('Still waiting for a facilitator');
		expect(refusal(() => run({ type: 'spotlight.set', kind: 'contribution', id: waiting }))).toBe(
			'409 notOnWall'
		);
		run({ type: 'contribution.approve', contributionId: waiting });
		expect(refusal(() => run({ type: 'spotlight.set', kind: 'contribution', id: waiting }))).toBe('accepted');
		expect(projectorView(fx.db, opened.sessionId, ADDRESS)).toMatchObject({
			controls: { spotlight: { kind: 'contribution', id: waiting } }
		});

		run({ type: 'contribution.hide', contributionId: waiting });
		expect(refusal(() => run({ type: 'spotlight.set', kind: 'contribution', id: waiting }))).toBe(
			'409 notOnWall'
		);
		const themeId = String(run({ type: 'theme.create', title: 'School' }).result?.themeId);
		expect(refusal(() => run({ type: 'spotlight.set', kind: 'theme', id: themeId }))).toBe('accepted');
		expect(refusal(() => run({ type: 'spotlight.set', kind: 'theme', id: 'no-such-theme' }))).toBe(
			'409 notOnWall'
		);
	});

	it('is audited with ids only, and ends when the phase moves', () => {
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		const themeId = String(run({ type: 'theme.create', title: 'School' }).result?.themeId);
		run({ type: 'spotlight.set', kind: 'theme', id: themeId });
		run({ type: 'spotlight.clear' });
		run({ type: 'spotlight.set', kind: 'theme', id: themeId });
		const audited = fx.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((row) => row.action.startsWith('session.spotlight'));
		expect(audited.map((row) => row.action)).toEqual([
			'session.spotlight.set',
			'session.spotlight.clear',
			'session.spotlight.set'
		]);
		expect(JSON.parse(audited[0]?.detail ?? '{}')).toEqual({ kind: 'theme', id: themeId });

		run({
			type: 'phase.advance',
			overrides: { respect: 'Talked through', relationship: 'Held on paper', responsibility: 'Agreed' }
		});
		expect(readSessionState(fx.db, opened.sessionId).controls.spotlight).toBeNull();
	});
});

describe("the room's figures", () => {
	it('count who joined and who answered, never below the minimum group size', () => {
		moveTo(fx, opened.sessionId, 'opening');
		const figures = () => roomFigures(fx.db, readSessionState(fx.db, opened.sessionId));
		expect(figures()).toEqual({ joined: 0, round: null, result: null });
		const phones = [joinPhone(fx, opened), joinPhone(fx, opened)];
		expect(figures()).toEqual({ joined: null, round: null, result: null });
		phones.push(joinPhone(fx, opened));
		run({ type: 'prompt.open', prompt: 'checkIn' });
		expect(figures()).toEqual({ joined: 3, round: { answered: 0 }, result: null });
		for (const [i, phone] of phones.entries()) {
			respond(fx.db, phone, { prompt: 'checkIn', value: 4, clientRequestId: requestId() });
			expect(figures().round).toEqual({ answered: i < 2 ? null : 3 });
		}
		run({ type: 'prompt.close' });
		// Closed, the round's result: three answers of 4 are as many as the minimum group size of this dialogue.
		expect(figures()).toEqual({
			joined: 3,
			round: null,
			result: {
				prompt: 'checkIn',
				answered: 3,
				chart: { kind: 'scale', counts: { '1': 0, '2': 0, '3': 0, '4': 3, '5': 0, words: 0 }, mean: 4 }
			}
		});
	});
});
