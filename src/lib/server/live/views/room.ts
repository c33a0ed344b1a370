/**
 * The room shown to itself on the projector: how many phones joined, and how many answered the question or round
 * that is open now. Invariants: counts only, never what was answered; each count through the small-group rule
 * (`countFigure`), so a figure from 1 to the minimum group size − 1 is never shown; and the stream sends the
 * figures only when what they show changed (rule 6), so counting messages gives nothing back.
 */
import { and, count, countDistinct, eq, inArray } from 'drizzle-orm';
import { isFinishedPhase } from '$lib/dialogue';
import { CHECK_OUT_PROMPTS, type RoomFigures } from '$lib/live/types';
import { countFigure } from '$lib/privacy/small-groups';
import { participant, response } from '../../db/schema';
import { parseConsentValue } from './aggregates';
import type { Reader, SessionState } from '../store';

/** How many answered what is open now; null when nothing is open. */
function answeredNow(db: Reader, state: SessionState): number | null {
	const { openPrompt, checkOutOpen, agreement } = state.controls;
	if (openPrompt === 'consent') {
		// Only answers to the draft as it is now count: after a change every phone is asked again.
		return db
			.select({ value: response.value })
			.from(response)
			.where(and(eq(response.sessionId, state.id), eq(response.prompt, 'consent')))
			.all()
			.filter((r) => parseConsentValue(r.value)?.version === agreement.version).length;
	}
	if (openPrompt) {
		return (
			db
				.select({ n: count() })
				.from(response)
				.where(and(eq(response.sessionId, state.id), eq(response.prompt, openPrompt)))
				.get()?.n ?? 0
		);
	}
	if (checkOutOpen && state.phase === 'closing') {
		// Six questions, one round: a phone that answered any of them has answered.
		return (
			db
				.select({ n: countDistinct(response.voterKey) })
				.from(response)
				.where(and(eq(response.sessionId, state.id), inArray(response.prompt, [...CHECK_OUT_PROMPTS])))
				.get()?.n ?? 0
		);
	}
	return null;
}

export function roomFigures(db: Reader, state: SessionState): RoomFigures {
	const min = state.settings.minGroupSize;
	const joined =
		db.select({ n: count() }).from(participant).where(eq(participant.sessionId, state.id)).get()?.n ?? 0;
	const answered = state.phase === 'paused' || isFinishedPhase(state.phase) ? null : answeredNow(db, state);
	return {
		joined: countFigure(joined, min),
		round: answered === null ? null : { answered: countFigure(answered, min) }
	};
}
