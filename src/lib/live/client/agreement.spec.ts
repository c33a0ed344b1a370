import { describe, expect, it } from 'vitest';
import type { CheckOutPrompt } from '$lib/live/types';
import { checkOutMarks, consentState, isGradient, nextCheckOut, skippedCheckOut } from './agreement';

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
});
