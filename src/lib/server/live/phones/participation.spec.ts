import { createHash, createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contribution, endorsement, liveSession, participant, response } from '../../db/schema';
import { passingFacts } from '$lib/dialogue/testing';
import { applyEvent } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import { LiveError } from '../errors';
import { approveContribution, hideContribution } from '../commands/moderation';
import { endorse, respond, submitContribution, withdrawEndorsement } from './participation';
import { changeControls } from '../commands/controls';
import {
	ADDRESS,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';
import type { OpenedSession } from '../commands/sessions';

let fx: LiveFixture;
let opened: OpenedSession;
let phone: ParticipantPrincipal;

beforeEach(() => {
	fx = liveFixture();
	opened = openSession(fx);
	phone = joinPhone(fx, opened);
});

afterEach(() => fx.close());

/** The error a call throws, so that its status and code can be asserted. */
function failure(run: () => unknown): LiveError {
	try {
		run();
	} catch (error) {
		if (error instanceof LiveError) return error;
		throw error;
	}
	throw new Error('expected a LiveError');
}

const concern = (text = 'I worry about the children on the way to school.', id = requestId()) => ({
	kind: 'concern' as const,
	text,
	clientRequestId: id
});

describe('submitting contributions', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'fearsAndStigma'));

	it('stores a retried submission once and answers the retry with the same id', () => {
		const input = concern();
		const first = submitContribution(fx.db, phone, input);
		const retry = submitContribution(fx.db, phone, input);
		expect(first.created).toBe(true);
		expect(retry).toEqual({ id: first.id, created: false });
		const rows = fx.db.select().from(contribution).where(eq(contribution.sessionId, opened.sessionId)).all();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.status).toBe('pending');
	});

	it('answers a retry with its id even after the phase moved on', () => {
		const input = concern();
		const first = submitContribution(fx.db, phone, input);
		applyEvent(fx.db, opened.sessionId, { type: 'session.pause', at: Date.now() });
		expect(submitContribution(fx.db, phone, input)).toEqual({ id: first.id, created: false });
	});

	it('refuses the same request id with different text', () => {
		const id = requestId();
		submitContribution(fx.db, phone, concern('First text here', id));
		const error = failure(() => submitContribution(fx.db, phone, concern('Another text', id)));
		expect([error.status, error.code]).toEqual([409, 'requestIdReused']);
	});

	it('refuses a kind the phase does not take with 409', () => {
		const error = failure(() =>
			submitContribution(fx.db, phone, {
				kind: 'proposal',
				text: 'I can coach',
				clientRequestId: requestId()
			})
		);
		expect([error.status, error.code]).toEqual([409, 'wrongPhase']);
		expect(error.extra).toMatchObject({ phase: 'fearsAndStigma', kind: 'proposal' });
	});

	it('takes proposals in the proposals phase, and no concerns there', () => {
		applyEvent(fx.db, opened.sessionId, { type: 'phase.advance', facts: passingFacts(), at: Date.now() });
		const made = submitContribution(fx.db, phone, {
			kind: 'proposal',
			text: 'Our club can welcome him',
			clientRequestId: requestId(),
			proposedRole: 'football club volunteers',
			resources: 'a kit'
		});
		expect(made.created).toBe(true);
		expect(failure(() => submitContribution(fx.db, phone, concern())).code).toBe('wrongPhase');
	});

	it('refuses submissions while paused with a plain message', () => {
		applyEvent(fx.db, opened.sessionId, { type: 'session.pause', at: Date.now() });
		const error = failure(() => submitContribution(fx.db, phone, concern()));
		expect([error.status, error.code]).toEqual([409, 'paused']);
		expect(error.message).toMatch(/paused/i);
	});

	it('refuses empty text and text over 500 characters, counted after cleaning', () => {
		const empty = failure(() => submitContribution(fx.db, phone, concern(' \u0000\u0007  ')));
		expect([empty.status, Object.keys(empty.extra.errors ?? {})]).toEqual([422, ['text']]);
		const long = failure(() => submitContribution(fx.db, phone, concern('x'.repeat(501))));
		expect(long.extra.errors?.text).toMatch(/501/);
		const exactly = submitContribution(fx.db, phone, concern(`  ${'y'.repeat(500)}\u0000 `));
		expect(exactly.created).toBe(true);
	});

	it('removes control characters and keeps HTML as plain text', () => {
		const { id } = submitContribution(
			fx.db,
			phone,
			concern('<script>alert("x")</script>\u0000 <b>bold</b>\u200b worry\u001b')
		);
		const row = fx.db.select().from(contribution).where(eq(contribution.id, id)).get();
		expect(row?.text).toBe('<script>alert("x")</script> <b>bold</b> worry');
	});

	it('flags personal data and threats for the moderator', () => {
		const { id } = submitContribution(fx.db, phone, concern('His name is Jan and he lives at Kerkstraat 12'));
		const { id: threat } = submitContribution(fx.db, phone, concern('Someone should kill him'));
		const flags = (cid: string) =>
			JSON.parse(fx.db.select().from(contribution).where(eq(contribution.id, cid)).get()?.flags ?? '[]');
		expect(flags(id)).toEqual(['personalData']);
		expect(flags(threat)).toEqual(['threat']);
	});

	it('limits a phone to ten contributions a minute with 429 and a wait', () => {
		for (let i = 0; i < 10; i++) {
			const { id } = submitContribution(fx.db, phone, concern(`worry number ${i}`));
			// Read at once, so that the limit on waiting contributions does not come first.
			approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
		}
		const error = failure(() => submitContribution(fx.db, phone, concern('one too many')));
		expect([error.status, error.code]).toEqual([429, 'tooManySubmissions']);
		expect(error.extra.retryAfterSeconds).toBeGreaterThan(0);
		// Another phone is not held back by the first.
		expect(submitContribution(fx.db, joinPhone(fx, opened), concern('mine')).created).toBe(true);
	});
});

describe('contributions waiting for moderation, per phone', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'fearsAndStigma'));

	it("refuses a sixth while five wait, in the phone's words, and takes it once one has been read", () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(submitContribution(fx.db, phone, concern(`worry ${i}`)).id);
		const sixth = concern('a sixth worry');
		const error = failure(() => submitContribution(fx.db, phone, sixth));
		expect([error.status, error.code]).toEqual([429, 'tooManyPending']);
		expect(error.message).toMatch(/5 messages waiting/);
		expect(error.extra.retryAfterSeconds).toBeGreaterThan(0);
		expect(fx.db.select().from(contribution).all()).toHaveLength(5);
		// Another phone is not held back by the first.
		expect(submitContribution(fx.db, joinPhone(fx, opened), concern('mine')).created).toBe(true);
		// Once a facilitator has dealt with one (hidden or approved), the phone may send again.
		hideContribution(fx.db, fx.facilitator, opened.sessionId, ids[0] ?? '');
		expect(submitContribution(fx.db, phone, sixth).created).toBe(true);
		expect(failure(() => submitContribution(fx.db, phone, concern('a seventh'))).code).toBe('tooManyPending');
	});
});

describe('nothing stored ties a contribution to a phone', () => {
	it('has no participant, token, address or user-agent column on contributions', () => {
		const columns = (fx.db.$client.pragma('table_info(contribution)') as { name: string }[]).map(
			(c) => c.name
		);
		expect(columns).toContain('text');
		for (const column of columns) {
			expect(column).not.toMatch(/participant|token|device|voter|ip|address|agent|user/i);
		}
	});

	it('has no address or user-agent column on participants', () => {
		const columns = (fx.db.$client.pragma('table_info(participant)') as { name: string }[]).map(
			(c) => c.name
		);
		expect(columns).toEqual(['id', 'session_id', 'token_hash', 'locale', 'joined_at']);
	});

	it('stores only the hash of the phone token', () => {
		const row = fx.db.select().from(participant).where(eq(participant.id, phone.id)).get();
		expect(row?.tokenHash).toBe(createHash('sha256').update(phone.token).digest('hex'));
		expect(JSON.stringify(row)).not.toContain(phone.token);
	});
});

describe('endorsements', () => {
	let proposals: string[];

	beforeEach(() => {
		moveTo(fx, opened.sessionId, 'proposals');
		proposals = [
			'We can run a welcome dinner',
			'The club has a place for a volunteer',
			'I can help find work',
			'A walk'
		].map(
			(text) => submitContribution(fx.db, phone, { kind: 'proposal', text, clientRequestId: requestId() }).id
		);
		for (const id of proposals) approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
	});

	it('counts one endorsement per phone and proposal, idempotent on the request id', () => {
		const input = { contributionId: proposals[0], clientRequestId: requestId() };
		const first = endorse(fx.db, phone, input);
		expect(first).toMatchObject({ created: true, endorsementsLeft: 2 });
		expect(endorse(fx.db, phone, input)).toEqual({ id: first.id, created: false, endorsementsLeft: 2 });
		const again = failure(() =>
			endorse(fx.db, phone, { contributionId: proposals[0], clientRequestId: requestId() })
		);
		expect([again.status, again.code]).toEqual([409, 'alreadyEndorsed']);
		expect(fx.db.select().from(endorsement).all()).toHaveLength(1);
	});

	it('stops at the cap of three, and a withdrawal frees one', () => {
		for (const id of proposals.slice(0, 3))
			endorse(fx.db, phone, { contributionId: id, clientRequestId: requestId() });
		const capped = failure(() =>
			endorse(fx.db, phone, { contributionId: proposals[3], clientRequestId: requestId() })
		);
		expect([capped.status, capped.code, capped.extra.cap]).toEqual([409, 'endorsementCap', 3]);
		expect(withdrawEndorsement(fx.db, phone, proposals[0] ?? '')).toEqual({ endorsementsLeft: 1 });
		expect(
			endorse(fx.db, phone, { contributionId: proposals[3], clientRequestId: requestId() }).created
		).toBe(true);
	});

	it('frees the support given to a proposal a moderator hid afterwards', () => {
		for (const id of proposals.slice(0, 3))
			endorse(fx.db, phone, { contributionId: id, clientRequestId: requestId() });
		hideContribution(fx.db, fx.facilitator, opened.sessionId, proposals[0] ?? '');
		const fourth = endorse(fx.db, phone, { contributionId: proposals[3], clientRequestId: requestId() });
		expect(fourth).toMatchObject({ created: true, endorsementsLeft: 0 });
	});

	it('does not reveal pending or hidden proposals', () => {
		const pending = submitContribution(fx.db, phone, {
			kind: 'proposal',
			text: 'Not yet read',
			clientRequestId: requestId()
		}).id;
		hideContribution(fx.db, fx.facilitator, opened.sessionId, proposals[1] ?? '');
		for (const id of [pending, proposals[1]]) {
			const error = failure(() =>
				endorse(fx.db, phone, { contributionId: id, clientRequestId: requestId() })
			);
			expect([error.status, error.code]).toEqual([404, 'contributionNotFound']);
		}
	});

	it('keys endorsements by an HMAC no one can compute without the session secret', () => {
		endorse(fx.db, phone, { contributionId: proposals[0], clientRequestId: requestId() });
		const key = fx.db.select().from(endorsement).get()?.voterKey ?? '';
		const secret = fx.db.select().from(liveSession).get()?.voterSecret ?? '';
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).toBe(createHmac('sha256', secret).update(phone.token).digest('hex'));
		const derivable = [
			phone.token,
			phone.id,
			createHash('sha256').update(phone.token).digest('hex'),
			createHash('sha256').update(phone.id).digest('hex'),
			createHmac('sha256', '').update(phone.token).digest('hex'),
			createHmac('sha256', opened.sessionId).update(phone.token).digest('hex')
		];
		for (const value of derivable) expect(key).not.toBe(value);
	});
});

describe('responses', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'opening'));

	it('keeps one answer per phone and prompt: a new answer replaces the old', () => {
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'object', clientRequestId: requestId() });
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() });
		const rows = fx.db.select().from(response).where(eq(response.prompt, 'groundRules.affirm')).all();
		expect(rows.map((r) => r.value)).toEqual(['yes']);
	});

	it('is idempotent on the request id', () => {
		const input = { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() };
		const first = respond(fx.db, phone, input);
		expect(respond(fx.db, phone, input)).toEqual({ id: first.id, created: false });
		expect(fx.db.select().from(response).all()).toHaveLength(1);
	});

	it('takes a pulse only while the facilitator has it open, and validates the value per prompt', () => {
		const closed = failure(() =>
			respond(fx.db, phone, { prompt: 'pulse.respected', value: 4, clientRequestId: requestId() })
		);
		expect([closed.status, closed.code]).toEqual([409, 'promptNotOpen']);
		changeControls(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'prompt.open', prompt: 'pulse.respected' },
			ADDRESS
		);
		const bad = failure(() =>
			respond(fx.db, phone, { prompt: 'pulse.respected', value: 7, clientRequestId: requestId() })
		);
		expect([bad.status, Object.keys(bad.extra.errors ?? {})]).toEqual([422, ['value']]);
		expect(
			respond(fx.db, phone, { prompt: 'pulse.respected', value: 4, clientRequestId: requestId() }).created
		).toBe(true);
		const stored = fx.db
			.select()
			.from(response)
			.where(and(eq(response.sessionId, opened.sessionId), eq(response.prompt, 'pulse.respected')))
			.get();
		expect(stored?.value).toBe('4');
	});

	it('takes a check-in as a number or a short word, not a long text', () => {
		changeControls(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'prompt.open', prompt: 'checkIn' },
			ADDRESS
		);
		expect(
			respond(fx.db, phone, { prompt: 'checkIn', value: 'hopeful', clientRequestId: requestId() }).created
		).toBe(true);
		const long = failure(() =>
			respond(fx.db, phone, {
				prompt: 'checkIn',
				value: 'a very long sentence about how I feel',
				clientRequestId: requestId()
			})
		);
		expect(long.status).toBe(422);
	});
});
