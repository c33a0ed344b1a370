/**
 * Aggregates of answers, with the small-group safeguard applied in one place: below the dialogue's minimum
 * group size there is no number at all, only `tooFew` (privacy rule 4). The mean of a prompt that is still open
 * is withheld too: watching it move after one person taps would tell what that person answered.
 */
import { and, count, eq } from 'drizzle-orm';
import { PROMPTS, type Prompt, type PromptAggregate } from '$lib/live/types';
import { response } from '../db/schema';
import type { Reader } from './store';

/** Answers per prompt and value, from one grouped query. */
export function answerCounts(db: Reader, sessionId: string): Map<Prompt, Map<string, number>> {
	const rows = db
		.select({ prompt: response.prompt, value: response.value, n: count() })
		.from(response)
		.where(eq(response.sessionId, sessionId))
		.groupBy(response.prompt, response.value)
		.all();
	const byPrompt = new Map<Prompt, Map<string, number>>();
	for (const row of rows) {
		const prompt = row.prompt as Prompt;
		const values = byPrompt.get(prompt) ?? new Map<string, number>();
		values.set(row.value, row.n);
		byPrompt.set(prompt, values);
	}
	return byPrompt;
}

/** Mean of the answers 1–5 among `values`, and how many such answers there are. */
export function scaleMean(values: Map<string, number> | undefined): { n: number; mean: number | null } {
	let n = 0;
	let sum = 0;
	for (const [value, k] of values ?? []) {
		if (/^[1-5]$/.test(value)) {
			n += k;
			sum += Number(value) * k;
		}
	}
	return { n, mean: n === 0 ? null : sum / n };
}

function round1(x: number): number {
	return Math.round(x * 10) / 10;
}

/**
 * The shown aggregate of one prompt. `open`: the prompt is being answered right now, so no mean or
 * distribution yet, only how many answered.
 */
export function aggregateOf(
	prompt: Prompt,
	values: Map<string, number> | undefined,
	minGroupSize: number,
	open: boolean
): PromptAggregate {
	let responses = 0;
	for (const n of values?.values() ?? []) responses += n;
	if (responses < minGroupSize) return { prompt, responses: null, mean: null, counts: null, tooFew: true };
	let mean: number | null = null;
	let counts: Record<string, number> | null = null;
	if (!open) {
		if (prompt === 'pulse.respected' || prompt === 'checkIn') {
			const scale = scaleMean(values);
			// A check-in mixes numbers and words: its mean is shown only when enough people answered with a number.
			mean = scale.n >= minGroupSize && scale.mean !== null ? round1(scale.mean) : null;
		}
		if (prompt === 'groundRules.affirm') {
			counts = { yes: values?.get('yes') ?? 0, object: values?.get('object') ?? 0 };
		}
	}
	return { prompt, responses, mean, counts, tooFew: false };
}

/** Aggregates of every prompt. */
export function allAggregates(
	db: Reader,
	sessionId: string,
	minGroupSize: number,
	openPrompt: Prompt | null
): Record<Prompt, PromptAggregate> {
	const counts = answerCounts(db, sessionId);
	return Object.fromEntries(
		PROMPTS.map((p) => [p, aggregateOf(p, counts.get(p), minGroupSize, p === openPrompt)])
	) as Record<Prompt, PromptAggregate>;
}

/** One prompt's aggregate (after an answer). */
export function promptAggregate(
	db: Reader,
	sessionId: string,
	prompt: Prompt,
	minGroupSize: number,
	open: boolean
): PromptAggregate {
	const rows = db
		.select({ value: response.value, n: count() })
		.from(response)
		.where(and(eq(response.sessionId, sessionId), eq(response.prompt, prompt)))
		.groupBy(response.value)
		.all();
	return aggregateOf(prompt, new Map(rows.map((r) => [r.value, r.n])), minGroupSize, open);
}
