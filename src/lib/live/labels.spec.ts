import { describe, expect, it } from 'vitest';
import type { PublicCommitment } from '$lib/live/types';
import { commitmentText } from './labels';

const commitment = (patch: Partial<PublicCommitment>): PublicCommitment =>
	({
		id: 'c1',
		position: 0,
		action: 'Walk with him to the job centre',
		ownerRole: 'Neighbourhood social worker',
		dueOn: '2031-04-01',
		reviewHow: '',
		proposalId: null,
		status: 'planned',
		incomplete: false,
		...patch
	}) as PublicCommitment;

describe('commitmentText', () => {
	it('reads a whole commitment: what, who, by when, and how it is checked only when that was written', () => {
		const text = commitmentText(commitment({}), 'en-GB');
		expect(text).toMatchObject({ action: 'Walk with him to the job centre', actionMissing: false });
		expect(text.details.map((d) => [d.key, d.value, d.missing])).toEqual([
			['who', 'Neighbourhood social worker', false],
			['when', '1 April 2031', false]
		]);
		expect(commitmentText(commitment({ reviewHow: 'At the review meeting' }), 'en-GB').details).toHaveLength(
			3
		);
	});

	it('says in words what is still to be written or decided', () => {
		const text = commitmentText(commitment({ action: '', ownerRole: '', dueOn: null }), 'en-GB');
		expect(text).toMatchObject({ action: 'Still being written', actionMissing: true });
		expect(text.details.map((d) => [d.value, d.missing])).toEqual([
			['Not decided yet', true],
			['Not decided yet', true]
		]);
	});
});
