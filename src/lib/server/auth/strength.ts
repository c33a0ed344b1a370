/**
 * How guessable a new password is, with zxcvbn-ts (a maintained port of Dropbox's zxcvbn) and its common and
 * English dictionaries, entirely offline: lists of the most used passwords, words, names, keyboard rows,
 * sequences, repeats and dates. Server only (the dictionaries are megabytes; the phone pages never load them).
 *
 * A password is refused below score 3 of 4 ("safely unguessable: moderate protection from an offline attack"),
 * with the main reason in words a person can act on. Long passphrases of ordinary words pass.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { FieldErrorCode } from '$lib/auth/schemas';

/** The lowest zxcvbn score accepted. */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordWeakness = Extract<
	FieldErrorCode,
	| 'passwordCommon'
	| 'passwordPersonal'
	| 'passwordRepeated'
	| 'passwordSequence'
	| 'passwordDate'
	| 'passwordGuessable'
>;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: reading the dictionaries takes a few hundred milliseconds. */
function getEstimator(): ZxcvbnFactory {
	estimator ??= new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...english.dictionary },
		graphs: common.adjacencyGraphs,
		translations: english.translations
	});
	return estimator;
}

/** The reason worth telling first, from what zxcvbn matched. */
function reasonOf(result: ZxcvbnResult): PasswordWeakness {
	const matches = result.sequence;
	const has = (test: (m: (typeof matches)[number]) => boolean) => matches.some(test);
	if (has((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs')) return 'passwordPersonal';
	if (has((m) => m.pattern === 'dictionary' && String(m.dictionaryName).startsWith('passwords')))
		return 'passwordCommon';
	if (has((m) => m.pattern === 'repeat')) return 'passwordRepeated';
	if (has((m) => m.pattern === 'sequence' || m.pattern === 'spatial')) return 'passwordSequence';
	if (has((m) => m.pattern === 'date' || m.pattern === 'regex')) return 'passwordDate';
	return 'passwordGuessable';
}

/**
 * Why this new password is too easy to guess, or null when it is not. `personal` holds what others know of the
 * person (email, name, organisation): a password built on them is refused too.
 */
export function passwordWeakness(
	password: string,
	personal: readonly string[] = []
): PasswordWeakness | null {
	const inputs = personal
		.flatMap((text) => [text, ...text.toLowerCase().split(/[^\p{L}\p{N}]+/u)])
		.filter((text) => text.length >= 3);
	const result = getEstimator().check(password, inputs);
	return result.score >= MIN_PASSWORD_SCORE ? null : reasonOf(result);
}
