import { describe, expect, it } from 'vitest';
import { phaseTasks } from './tasks';

describe('phaseTasks', () => {
	it("lists the opening's tasks and its check-in only in the opening (and preparation)", () => {
		expect(phaseTasks('opening')).toEqual({ opening: true, prompts: ['checkIn'] });
		expect(phaseTasks('preparation')).toEqual({ opening: true, prompts: ['checkIn'] });
	});

	it('lists the pulse and the role question in worries and fears and in the proposals', () => {
		for (const phase of ['fearsAndStigma', 'proposals'] as const) {
			expect(phaseTasks(phase), phase).toEqual({
				opening: false,
				prompts: ['pulse.respected', 'role.named']
			});
		}
	});

	it('lists only the sharing question in the agreement, and none in the closing: they have rounds of their own', () => {
		expect(phaseTasks('agreement')).toEqual({ opening: false, prompts: ['share'] });
		expect(phaseTasks('closing')).toEqual({ opening: false, prompts: [] });
	});

	it('always lists a question still open on the phones, so that it can be closed', () => {
		expect(phaseTasks('fearsAndStigma', 'checkIn').prompts).toEqual([
			'pulse.respected',
			'role.named',
			'checkIn'
		]);
		expect(phaseTasks('closing', 'role.named').prompts).toEqual(['role.named']);
		// The consent round is the agreement's own, not a task of this list.
		expect(phaseTasks('agreement', 'consent').prompts).toEqual(['share']);
		expect(phaseTasks('closing', 'share').prompts).toEqual(['share']);
	});

	it('lists everything while paused', () => {
		expect(phaseTasks('paused')).toEqual({
			opening: true,
			prompts: ['checkIn', 'pulse.respected', 'role.named']
		});
	});
});
