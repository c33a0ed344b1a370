import { describe, expect, it } from 'vitest';
import { cosine, groupBySimilarity, tokens } from './similarity';

describe('grouping concerns by similar words', () => {
	it('normalises words, drops stop words and trims plural endings', () => {
		expect(tokens('The CHILDREN walk to schools')).toEqual(['child', 'walk', 'school']);
		expect(tokens('De kinderen gaan naar school')).toEqual(['kind', 'school']);
	});

	it('scores identical word sets 1 and disjoint ones 0', () => {
		const a = new Map([['school', 1]]);
		expect(cosine(a, new Map([['school', 2]]))).toBeCloseTo(1);
		expect(cosine(a, new Map([['job', 1]]))).toBe(0);
	});

	it('groups alike texts and leaves the rest out', () => {
		const groups = groupBySimilarity([
			{ id: 'a', text: 'Our children walk to school past his flat' },
			{ id: 'b', text: 'Is the school route safe for children?' },
			{ id: 'c', text: 'Will he get a job at the factory?' },
			{ id: 'd', text: 'Children and school: who keeps watch?' },
			{ id: 'e', text: 'The factory needs workers, a job could help' }
		]);
		expect(groups.map((g) => g.ids)).toEqual([
			['a', 'b', 'd'],
			['c', 'e']
		]);
		expect(groups[0]?.words).toEqual(['child', 'school']);
	});

	it('suggests nothing for texts that share no words', () => {
		expect(
			groupBySimilarity([
				{ id: 'a', text: 'housing' },
				{ id: 'b', text: 'police' }
			])
		).toEqual([]);
	});
});
