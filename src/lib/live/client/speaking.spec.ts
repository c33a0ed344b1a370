import { describe, expect, it } from 'vitest';
import type { MySpeakingPlace, SpeakingRoundView } from '$lib/live/speaking';
import { myPlaceAfter } from './apply';

const round = (holder: string | null, id = 'r1'): SpeakingRoundView => ({
	id,
	purpose: 'open',
	holder: holder ? { turnId: holder, kind: 'someone', label: null } : null,
	next: null,
	turnStartedAt: holder ? 1 : null,
	barSeconds: null
});
const mine: MySpeakingPlace = { turnId: 't1', status: 'waiting', kind: 'name', label: 'Amira' };

describe("a phone's own place as the piece moves", () => {
	it('holds the piece when the holder is its turn, and has spoken once it moved on', () => {
		const holding = myPlaceAfter(mine, round(null), round('t1'));
		expect(holding?.status).toBe('holding');
		expect(myPlaceAfter(holding, round('t1'), round('t2'))?.status).toBe('spoken');
		expect(myPlaceAfter(mine, round(null), round('t2'))?.status).toBe('waiting');
	});

	it('has no place once the round ended, or in another round', () => {
		expect(myPlaceAfter(mine, round(null), null)).toBeNull();
		expect(myPlaceAfter(mine, round(null), round(null, 'r2'))).toBeNull();
	});
});
