/**
 * Length and emptiness as the server will judge them, without loading the validation library on the phone:
 * control characters and whatever could hide or reorder words do not count (the same rule as the server's, from
 * `$lib/validation/invisible`), surrounding space is trimmed, and an emoji counts as one character (as a person
 * counts). The server cleans and checks again; this only spares a round trip.
 */
import { removeInvisible } from '$lib/validation/invisible';

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function tidy(text: string): string {
	return removeInvisible(text.replace(CONTROL, '')).trim();
}

export function characters(text: string): number {
	return [...tidy(text)].length;
}
