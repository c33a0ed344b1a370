/**
 * The hand-over between the phone page's early join (`src/phone/early-join.ts`, which runs as soon as the page's
 * head is read, in the production build only) and the phone's entry, on `window.hearthJoin`.
 */
export interface EarlyJoin {
	/** The code it joined with (from the page's address). */
	code: string;
	/** The join's answer, read once, by the entry. */
	response: Promise<Response>;
}

export type EarlyJoinWindow = Window & { hearthJoin?: EarlyJoin | false };

/**
 * The early join's answer if it joined with `code`, taken once. Afterwards, and if the early script has not run
 * yet, it no longer joins: the entry joins itself, and a phone never joins twice without the cookie the first
 * join sets (two joins without it make two participants).
 */
export function takeEarlyJoin(code: string): Promise<Response> | null {
	const phone = window as EarlyJoinWindow;
	const early = phone.hearthJoin;
	phone.hearthJoin = false;
	return early && early.code === code ? early.response : null;
}
