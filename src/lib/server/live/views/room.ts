/**
 * The room shown to itself on the projector: how many phones joined, how many answered the question or round
 * that is open now, and once a pulse, check-in or consent round is closed, its result as a chart. Invariants:
 * while a round is open, counts only, never what was answered; each count through the small-group rule
 * (`countFigure`, `partition`), so a figure from 1 to the minimum group size − 1 is never shown; below the minimum
 * group size a closed round sends no spread at all (`chart: null`), not even zeros; and the stream sends the
 * figures only when what they show changed (rule 6), so counting messages gives nothing back.
 */
import { and, count, countDistinct, eq, inArray } from 'drizzle-orm';
import { isFinishedPhase } from '$lib/dialogue';
import {
	CHECK_OUT_PROMPTS,
	CONSENT_GRADIENTS,
	type RoomFigures,
	type RoundResult,
	type ScaleChart
} from '$lib/live/types';
import { countFigure, partition, questionMean } from '$lib/privacy/small-groups';
import { response } from '../../db/schema';
import { answerCounts, parseConsentValue, scaleMean } from './aggregates';
import type { Reader, SessionState } from '../store';
import { participantCount } from './reads';

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
	const joined = participantCount(db, state.id);
	const answered = state.phase === 'paused' || isFinishedPhase(state.phase) ? null : answeredNow(db, state);
	return {
		joined: countFigure(joined, min),
		round: answered === null ? null : { answered: countFigure(answered, min) },
		result: state.phase === 'paused' || isFinishedPhase(state.phase) ? null : closedResult(db, state)
	};
}

const SCALE_POINTS = ['1', '2', '3', '4', '5'] as const;

/**
 * The result of the round closed last (`controls.resultShown`), as the room may see it; null when none is shown
 * or no one answered (a consent round on a draft changed since has no answers to show). Consent counts only the
 * answers to the draft as it is now, as the console and the report do.
 */
export function closedResult(db: Reader, state: SessionState): RoundResult | null {
	const { resultShown: prompt, openPrompt, checkOutOpen, agreement } = state.controls;
	if (!prompt || openPrompt || checkOutOpen) return null;
	const min = state.settings.minGroupSize;
	const values = answerCounts(db, state.id, agreement.version).get(prompt) ?? new Map<string, number>();
	let total = 0;
	for (const n of values.values()) total += n;
	if (total === 0) return null;
	// Below the minimum group size: how many answered, in words, and no spread at all.
	if (total < min) return { prompt, answered: countFigure(total, min), chart: null };
	if (prompt === 'consent') {
		const spread = partition(
			Object.fromEntries(CONSENT_GRADIENTS.map((g) => [g, values.get(g) ?? 0])) as Record<
				(typeof CONSENT_GRADIENTS)[number],
				number
			>,
			min
		);
		return { prompt, answered: countFigure(total, min), chart: { kind: 'consent', counts: spread.parts } };
	}
	const parts: Record<string, number> = Object.fromEntries(SCALE_POINTS.map((p) => [p, values.get(p) ?? 0]));
	const scale = scaleMean(values);
	// A check-in may be a word: those answers are a part of their own, so that none hides behind a subtraction.
	if (prompt === 'checkIn') parts.words = total - scale.n;
	const chart: ScaleChart = {
		kind: 'scale',
		counts: partition(parts, min).parts,
		mean: questionMean(total, scale, min)
	};
	return { prompt, answered: countFigure(total, min), chart };
}
