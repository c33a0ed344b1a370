// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * Aggregates of answers, with the small-group safeguard applied in one place: below the dialogue's minimum
 * group size there is no number at all, only `tooFew` (privacy rule 4). The mean of a prompt that is still open
 * is withheld too: watching it move after one person taps would tell what that person answered.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import {
	CHECK_OUT_PROMPTS,
	CONSENT_GRADIENTS,
	PROMPTS,
	SCALE_PROMPTS,
	type ConsentGradient,
	type Prompt,
	type PromptAggregate
} from '$lib/live/types';
import { meanFigure, partition } from '$lib/privacy/small-groups';
import { prepared } from '../../db/prepared';
import { liveSession, response } from '../../db/schema';
import { parseControls, type Controls, type Reader } from '../store';

/**
 * A consent answer is stored with the draft version it was given on (`canLiveWith@3`): when the draft changes,
 * earlier answers stop counting and phones are asked again. One answer per phone, so a new one replaces it.
 */
export function consentValue(gradient: ConsentGradient, version: number): string {
	return `${gradient}@${version}`;
}

export function parseConsentValue(stored: string): { gradient: ConsentGradient; version: number } | null {
	const at = stored.lastIndexOf('@');
	if (at < 0) return null;
	const gradient = stored.slice(0, at);
	const version = Number(stored.slice(at + 1));
	if (!(CONSENT_GRADIENTS as readonly string[]).includes(gradient) || !Number.isInteger(version)) return null;
	return { gradient: gradient as ConsentGradient, version };
}

export function isCheckOutPrompt(prompt: string): prompt is (typeof CHECK_OUT_PROMPTS)[number] {
	return (CHECK_OUT_PROMPTS as readonly string[]).includes(prompt);
}

/** Whether `prompt` is being answered right now: its mean and spread are withheld until it closes. */
export function promptIsOpen(
	prompt: Prompt,
	controls: Pick<Controls, 'openPrompt' | 'checkOutOpen'>
): boolean {
	return controls.openPrompt === prompt || (controls.checkOutOpen && isCheckOutPrompt(prompt));
}

/**
 * Answers per prompt and value, from one grouped query. Consent answers count only for `consentVersion` (the
 * current draft), keyed by gradient; without a version they are left out.
 */
export function answerCounts(
	db: Reader,
	sessionId: string,
	consentVersion: number | null = null
): Map<Prompt, Map<string, number>> {
	const rows = prepared(db, 'answerCounts', (reader) =>
		reader
			.select({ prompt: response.prompt, value: response.value, n: count() })
			.from(response)
			.where(eq(response.sessionId, sql.placeholder('sessionId')))
			.groupBy(response.prompt, response.value)
			.prepare()
	).all({ sessionId });
	const byPrompt = new Map<Prompt, Map<string, number>>();
	for (const row of rows) {
		const prompt = row.prompt as Prompt;
		let value = row.value;
		if (prompt === 'consent') {
			const parsed = parseConsentValue(row.value);
			if (!parsed || parsed.version !== consentVersion) continue;
			value = parsed.gradient;
		}
		const values = byPrompt.get(prompt) ?? new Map<string, number>();
		values.set(value, (values.get(value) ?? 0) + row.n);
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
	if (!open) {
		if ((SCALE_PROMPTS as readonly string[]).includes(prompt) || prompt === 'checkIn') {
			const scale = scaleMean(values);
			// A check-in mixes numbers and words: its mean is shown only when enough people answered with a number.
			mean = meanFigure(scale.n, scale.mean, minGroupSize);
		}
		if (prompt === 'groundRules.affirm') {
			// The report's rule: a lone objection next to many agreements is not shown as "1".
			const spread = partition(
				{ yes: values?.get('yes') ?? 0, object: values?.get('object') ?? 0 },
				minGroupSize
			);
			return { prompt, responses: spread.total, mean, counts: spread.parts, tooFew: false };
		}
		if (prompt === 'share') {
			const spread = partition({ yes: values?.get('yes') ?? 0, no: values?.get('no') ?? 0 }, minGroupSize);
			return { prompt, responses: spread.total, mean, counts: spread.parts, tooFew: false };
		}
		if (prompt === 'consent') {
			// The report's rule, so that the console and the report never tell different things.
			const spread = partition(
				Object.fromEntries(CONSENT_GRADIENTS.map((g) => [g, values?.get(g) ?? 0])),
				minGroupSize
			);
			return { prompt, responses: spread.total, mean, counts: spread.parts, tooFew: false };
		}
	}
	return { prompt, responses, mean, counts: null, tooFew: false };
}

/** Aggregates of every prompt (consent on the current draft version). */
export function allAggregates(
	db: Reader,
	sessionId: string,
	minGroupSize: number,
	controls: Pick<Controls, 'openPrompt' | 'checkOutOpen' | 'agreement'>
): Record<Prompt, PromptAggregate> {
	const counts = answerCounts(db, sessionId, controls.agreement.version);
	return Object.fromEntries(
		PROMPTS.map((p) => [p, aggregateOf(p, counts.get(p), minGroupSize, promptIsOpen(p, controls))])
	) as Record<Prompt, PromptAggregate>;
}

/** One prompt's aggregate (after an answer); consent counts on the current draft version only. */
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
	if (prompt !== 'consent') {
		return aggregateOf(prompt, new Map(rows.map((r) => [r.value, r.n])), minGroupSize, open);
	}
	const stored = db
		.select({ controls: liveSession.controls })
		.from(liveSession)
		.where(eq(liveSession.id, sessionId))
		.get();
	const version = parseControls(stored?.controls ?? '{}').agreement.version;
	const values = new Map<string, number>();
	for (const row of rows) {
		const parsed = parseConsentValue(row.value);
		if (parsed?.version === version) values.set(parsed.gradient, (values.get(parsed.gradient) ?? 0) + row.n);
	}
	return aggregateOf(prompt, values, minGroupSize, open);
}
