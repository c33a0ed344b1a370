import { describe, expect, it } from 'vitest';
import type { CheckOutPrompt, PublicCommitment } from '$lib/live/types';
import {
	CHECK_OUT_TAP_PAUSE_MS,
	CONSENT_TAP_PAUSE_MS,
	checkOutMarks,
	checkOutStep,
	consentState,
	consentTap,
	draftChanges,
	followConsentReading,
	isGradient,
	nextCheckOut,
	previousCheckOut,
	skippedCheckOut,
	tapWait
} from './agreement';

describe('consentState', () => {
	it('asks a phone that never answered, without saying anything changed', () => {
		expect(consentState({ version: 2, answer: undefined, pending: null, lastVersion: null })).toEqual({
			kind: 'ask',
			changed: false
		});
	});

	it("shows the server's answer to this version", () => {
		expect(consentState({ version: 2, answer: 'canLiveWith', pending: null, lastVersion: 2 })).toEqual({
			kind: 'answered',
			value: 'canLiveWith',
			pending: false
		});
	});

	it('shows an answer still waiting in the queue first (a changed answer)', () => {
		expect(
			consentState({
				version: 2,
				answer: 'canLiveWith',
				pending: { value: 'haveConcerns', version: 2 },
				lastVersion: 2
			})
		).toEqual({ kind: 'answered', value: 'haveConcerns', pending: true });
	});

	it('asks again, saying the agreement changed, after an answer to an earlier version', () => {
		expect(consentState({ version: 3, answer: undefined, pending: null, lastVersion: 2 })).toEqual({
			kind: 'ask',
			changed: true
		});
		// Still in the queue on the old version: the server will refuse it, so it does not count.
		expect(
			consentState({
				version: 3,
				answer: undefined,
				pending: { value: 'fullySupport', version: 2 },
				lastVersion: 2
			})
		).toEqual({ kind: 'ask', changed: true });
	});

	it('ignores values that are not a gradient', () => {
		expect(isGradient('cannotLiveWith')).toBe(true);
		expect(isGradient('maybe')).toBe(false);
		expect(consentState({ version: 1, answer: 'maybe', pending: null, lastVersion: null }).kind).toBe('ask');
	});
});

describe('consentTap: a tap counts for the version the person has seen', () => {
	it('takes a tap on the version the person started reading', () => {
		const reading = followConsentReading(null, 2, 1_000);
		expect(reading).toEqual({ startedOn: 2, shown: 2, changedAt: null });
		expect(consentTap(reading, 2, 1_001)).toEqual({ take: true, changed: false });
	});

	it('refuses a tap just after the version changed on screen, then takes it for the new version', () => {
		const started = followConsentReading(null, 2, 1_000);
		const changed = followConsentReading(started, 3, 5_000);
		expect(changed).toEqual({ startedOn: 2, shown: 3, changedAt: 5_000 });
		// The finger was already on its way to the old text.
		expect(consentTap(changed, 3, 5_200)).toEqual({
			take: false,
			changed: true,
			waitMs: CONSENT_TAP_PAUSE_MS - 200
		});
		// Seen for long enough: the tap counts for version 3, and the screen still says it changed.
		expect(consentTap(changed, 3, 5_000 + CONSENT_TAP_PAUSE_MS)).toEqual({ take: true, changed: true });
	});

	it('refuses a tap before the screen has caught up with the version', () => {
		expect(consentTap(null, 2, 0).take).toBe(false);
		expect(consentTap(followConsentReading(null, 2, 0), 3, 10_000).take).toBe(false);
	});

	it('waits too when the ask screen itself appeared because the agreement changed after an answer', () => {
		const reading = followConsentReading(null, 3, 1_000, true);
		expect(consentTap(reading, 3, 1_100)).toMatchObject({ take: false, changed: false });
		expect(consentTap(reading, 3, 1_000 + CONSENT_TAP_PAUSE_MS).take).toBe(true);
	});

	it('keeps the reading while the version stays the same', () => {
		const reading = followConsentReading(null, 2, 1_000);
		expect(followConsentReading(reading, 2, 9_000)).toBe(reading);
	});

	it('never waits longer than the pause, even with a clock set back', () => {
		expect(tapWait(null, 0, 500)).toBe(0);
		expect(tapWait(10_000, 0, 500)).toBe(500);
		expect(tapWait(1_000, 1_499, 500)).toBe(1);
		expect(tapWait(1_000, 1_500, 500)).toBe(0);
	});
});

describe('check-out', () => {
	const doneOf =
		(...answered: CheckOutPrompt[]) =>
		(p: CheckOutPrompt) =>
			answered.includes(p);

	it('starts with the first question, 1 of 6', () => {
		expect(nextCheckOut(doneOf(), [])).toEqual({ prompt: 'checkOut.safe', position: 1, total: 6 });
	});

	it('goes past answered and skipped questions, keeping their place in the count', () => {
		expect(nextCheckOut(doneOf('checkOut.safe'), ['checkOut.heard'])).toEqual({
			prompt: 'checkOut.respected',
			position: 3,
			total: 6
		});
	});

	it('counts answers out of order (a reload, another tab) as done', () => {
		expect(nextCheckOut(doneOf('checkOut.heard', 'checkOut.safe', 'checkOut.fair'), [])?.prompt).toBe(
			'checkOut.respected'
		);
	});

	it('is finished when every question is answered or skipped', () => {
		const all = doneOf(
			'checkOut.safe',
			'checkOut.heard',
			'checkOut.respected',
			'checkOut.fair',
			'checkOut.nextSteps'
		);
		expect(nextCheckOut(all, ['checkOut.recommend'])).toBeNull();
		expect(skippedCheckOut(all, ['checkOut.recommend', 'checkOut.safe'])).toEqual(['checkOut.recommend']);
	});

	it('marks each question for the progress bar', () => {
		expect(checkOutMarks(doneOf('checkOut.safe'), ['checkOut.heard'])).toEqual([
			'done',
			'skipped',
			'current',
			'todo',
			'todo',
			'todo'
		]);
	});

	it('asks a question again when the person goes back, then carries on where it was', () => {
		const done = doneOf('checkOut.safe', 'checkOut.heard');
		expect(checkOutStep(done, [], null)).toEqual({
			prompt: 'checkOut.respected',
			position: 3,
			total: 6,
			again: false
		});
		expect(previousCheckOut('checkOut.respected')).toBe('checkOut.heard');
		expect(checkOutStep(done, [], 'checkOut.heard')).toEqual({
			prompt: 'checkOut.heard',
			position: 2,
			total: 6,
			again: true
		});
		expect(checkOutMarks(done, [], 'checkOut.heard')).toEqual([
			'done',
			'current',
			'todo',
			'todo',
			'todo',
			'todo'
		]);
	});

	it('goes back from the thank-you to the last question, and nowhere from the first', () => {
		expect(previousCheckOut(null)).toBe('checkOut.recommend');
		expect(previousCheckOut('checkOut.safe')).toBeNull();
	});

	it('does not take a tap on the next question right after an answer (a double tap)', () => {
		expect(tapWait(1_000, 1_080, CHECK_OUT_TAP_PAUSE_MS)).toBeGreaterThan(0);
		expect(tapWait(1_000, 1_000 + CHECK_OUT_TAP_PAUSE_MS, CHECK_OUT_TAP_PAUSE_MS)).toBe(0);
	});
});

describe('draftChanges: what changed since the version a person answered on', () => {
	const c = (id: string, action: string, extra: Partial<PublicCommitment> = {}): PublicCommitment => ({
		id,
		position: 0,
		action,
		ownerRole: 'Club',
		dueOn: '2031-01-01',
		reviewHow: '',
		proposalId: null,
		status: 'planned',
		incomplete: false,
		...extra
	});

	it('marks new and changed commitments and counts the removed ones', () => {
		const before = [
			c('a', 'Coffee on Sundays'),
			c('b', 'Training on Saturdays'),
			c('x', 'Walk to the job centre')
		];
		const now = [
			c('a', 'Coffee on Sundays', { position: 0 }),
			c('b', 'Training on Saturdays', { ownerRole: 'Football club volunteers', position: 1 }),
			c('n', 'A second coach joins', { position: 2 })
		];
		expect(draftChanges(before, now)).toEqual({ marks: { b: 'changed', n: 'new' }, removed: 1, any: true });
	});

	it('finds a change in the date or the check, and none when nothing a commitment says changed', () => {
		const before = [c('a', 'Coffee'), c('b', 'Training')];
		expect(
			draftChanges(before, [c('a', 'Coffee', { dueOn: '2031-02-01' }), c('b', 'Training')]).marks
		).toEqual({
			a: 'changed'
		});
		expect(
			draftChanges(before, [c('a', 'Coffee'), c('b', 'Training', { reviewHow: 'At the review' })]).marks
		).toEqual({
			b: 'changed'
		});
		expect(
			draftChanges(
				before,
				before.map((x) => ({ ...x, incomplete: true }))
			)
		).toEqual({
			marks: {},
			removed: 0,
			any: false
		});
	});

	it('counts a new order as a change, with nothing marked', () => {
		const before = [c('a', 'Coffee'), c('b', 'Training')];
		expect(draftChanges(before, [c('b', 'Training'), c('a', 'Coffee')])).toEqual({
			marks: {},
			removed: 0,
			any: true
		});
	});
});
