/**
 * Length and emptiness as the server will judge them, without loading the validation library on the phone:
 * control and invisible characters do not count, surrounding space is trimmed, and an emoji counts as one
 * character (as a person counts). The server cleans and checks again; this only spares a round trip.
 */
const CONTROL =
	// eslint-disable-next-line no-control-regex -- removing control characters is the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function tidy(text: string): string {
	return text.replace(CONTROL, '').trim();
}

export function characters(text: string): number {
	return [...tidy(text)].length;
}
