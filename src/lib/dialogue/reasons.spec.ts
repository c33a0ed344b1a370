import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRevisit, endingRefusal } from './machine';
import { REASON_CODES, reasonMessageKey } from './reasons';
import { passingFacts } from './testing';
import {
	DEFAULT_SETTINGS,
	VALUES,
	emptyFacts,
	type AdvanceablePhase,
	type DialogueFacts,
	type Reason
} from './types';
import { evaluateTransition } from './values';

const FORWARD: AdvanceablePhase[] = [
	'preparation',
	'opening',
	'fearsAndStigma',
	'proposals',
	'agreement',
	'closing'
];

/** Facts that between them break every condition the evaluator knows. */
const VARIANTS: DialogueFacts[] = [
	emptyFacts(),
	{
		...emptyFacts(),
		capacityConcernsWithoutMitigation: 2,
		informationPlanUndecided: 1,
		riskAssessmentAgeDays: 400,
		participantCount: 2,
		openObjections: 1,
		moderationQueue: 2,
		respectPulse: { responses: 9, mean: 2.1 },
		unthemedConcerns: 1,
		themesUnanswered: 1,
		shortlistedUntied: 1,
		shortlistedWithoutOwner: 1,
		consentBlocks: 1,
		commitmentsIncomplete: 1,
		closingRitualPlanned: true
	},
	passingFacts({ riskAssessmentAgeDays: -1 }),
	passingFacts({ consentRoundOpen: true }),
	passingFacts({ respectPulse: { responses: 9, mean: 4.2, open: true } })
];

/** Every reason the evaluator and checkRevisit produce for the variants above. */
function producedReasons(): Reason[] {
	const reasons = FORWARD.flatMap((from) =>
		VARIANTS.flatMap((facts) => {
			const check = evaluateTransition(from, facts, DEFAULT_SETTINGS);
			return VALUES.flatMap((v) => check.results[v].reasons);
		})
	);
	const proposals = { value: { live: 'proposals' } };
	for (const refusal of [
		checkRevisit(proposals, 'opening', ''),
		checkRevisit(proposals, 'agreement', 'x'),
		checkRevisit({ value: 'paused' }, 'opening', 'x'),
		endingRefusal('boredom', ''),
		endingRefusal('other', ' ')
	]) {
		if (refusal) reasons.push(refusal);
	}
	return reasons;
}

/** A message: a text, or (with plural forms) variants whose texts are in `match`. */
type Message = string | { declarations?: string[]; match: Record<string, string> }[];

function readMessages(locale: string): Record<string, Message> {
	const path = fileURLToPath(new URL(`../../../messages/${locale}.json`, import.meta.url));
	return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Message>;
}

/**
 * Every text a message can show: the text itself, or each of its plural variants, with each local placeholder named
 * by the param it is made from (`{countNumber}`, the count as the language writes it, is `{count}`).
 */
function textsOf(message: Message | undefined): string[] {
	if (typeof message === 'string') return [message];
	if (!Array.isArray(message)) return [];
	return message.flatMap((variant) => {
		const locals = new Map(
			(variant.declarations ?? []).flatMap((line) => {
				const found = /^local (\w+) = (\w+):/.exec(line);
				return found ? [[found[1] ?? '', found[2] ?? ''] as const] : [];
			})
		);
		return Object.values(variant.match ?? {}).map((text) =>
			text.replace(/\{(\w+)\}/g, (all, name: string) => {
				const input = locals.get(name);
				return input ? `{${input}}` : all;
			})
		);
	});
}

describe('reason codes', () => {
	it('lists every code the evaluator and the revisit check can produce', () => {
		const produced = new Set(producedReasons().map((r) => r.code));
		for (const code of produced) expect(REASON_CODES).toContain(code);
	});

	it('lists no code that nothing produces', () => {
		const produced = new Set(producedReasons().map((r) => r.code));
		expect(REASON_CODES.filter((code) => !produced.has(code))).toEqual([]);
	});

	it('has no duplicates', () => {
		expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
	});

	it('maps a code to its message key', () => {
		expect(reasonMessageKey('prep.groundRulesMissing')).toBe('reason_prep_groundRulesMissing');
	});

	it.each(['en', 'nl'])(
		'has a %s message for every code, using only the params the reason carries',
		(locale) => {
			const messages = readMessages(locale);
			const paramsByCode = new Map<string, Set<string>>();
			for (const reason of producedReasons()) {
				const known = paramsByCode.get(reason.code) ?? new Set<string>();
				for (const key of Object.keys(reason.params ?? {})) known.add(key);
				paramsByCode.set(reason.code, known);
			}
			for (const code of REASON_CODES) {
				const texts = textsOf(messages[reasonMessageKey(code)]);
				expect(texts.length, `${locale}: ${reasonMessageKey(code)}`).toBeGreaterThan(0);
				for (const text of texts) expect(text.trim(), `${locale}: ${reasonMessageKey(code)}`).not.toBe('');
				const placeholders = texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
				for (const name of placeholders) {
					expect(paramsByCode.get(code)?.has(name ?? ''), `${locale}: {${name}} in ${code}`).toBe(true);
				}
			}
		}
	);
});
