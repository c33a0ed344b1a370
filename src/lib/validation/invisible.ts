/**
 * Text that shows what it says. Characters that render as nothing or reorder what is around them can hide a word
 * from a facilitator, make a concern read differently on the wall than it was written, or smuggle text past a
 * reader (a run of tag characters or variation selectors can carry a whole hidden sentence). They are removed
 * from everything typed, on the phone and on the server alike, before it is measured or stored.
 *
 * Which characters count is not a hand-kept list: it is Unicode's own `Default_Ignorable_Code_Point` and
 * `Bidi_Control` properties, read through the regex engine (V8's tables come with its ICU, so they follow Unicode
 * updates), plus the interlinear annotation marks (U+FFF9–FFFB), which hide the annotated text but are not
 * default-ignorable. Only what makes a script or an emoji render is kept, and only where it can do that:
 * - the joiners (ZWJ U+200D, ZWNJ U+200C, and the Mongolian vowel separator U+180E) straight after a letter, mark,
 *   emoji, skin tone or variation selector: 👩‍💻, क्‍ष, می‌خواهم. A joiner at the start, after a space or after
 *   another joiner joins nothing;
 * - one variation selector (U+FE00–FE0F, U+E0100–E01EF, Mongolian U+180B–180D and U+180F) straight after a visible
 *   character: ❤️, 1️⃣. A second one in a row selects nothing (and is how data is hidden in "one emoji");
 * - tag characters only as the subdivision flags use them: 🏴 + two to six lower-case letters or digits + cancel
 *   tag (🏴󠁧󠁢󠁷󠁬󠁳󠁿). Anywhere else they are invisible ASCII.
 *
 * Shared by the browser and the server; it imports nothing, so the phone page can use it without the validation
 * library.
 */

/** Everything Unicode says renders as nothing, or only changes the direction of what follows. */
const HIDDEN_CHARACTER = '[\\p{Default_Ignorable_Code_Point}\\p{Bidi_Control}\\uFFF9-\\uFFFB]';
const HIDDEN = new RegExp(`^${HIDDEN_CHARACTER}$`, 'u');
/** The same, anywhere in a text: joiners, selectors and tag characters are all among them. */
const ANY_HIDDEN = new RegExp(HIDDEN_CHARACTER, 'u');
// An alternation, not a class: a ZWJ inside a character class reads as joining its neighbours (and lint says so).
const JOINER = /^(?:\u200C|\u200D|\u180E)$/u;
const SELECTOR = /^[\uFE00-\uFE0F\u180B-\u180D\u180F\u{E0100}-\u{E01EF}]$/u;
/** What a joiner may follow: letters and marks (a virama, a variation selector), emoji and their skin tones. */
const JOINS_AFTER = /^[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}]$/u;
/** What a variation selector may follow: any visible character (a letter, digit, symbol or punctuation). */
const SELECTS = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
/** A subdivision flag as an emoji tag sequence (UTS #51): black flag, tag letters/digits, cancel tag. */
const FLAG_TAGS = '\u{1F3F4}[\u{E0061}-\u{E007A}]{2}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,4}\u{E007F}';
/** One flag tag sequence, or else one code point (a lone surrogate too, so nothing is skipped). */
const UNIT = new RegExp(`${FLAG_TAGS}|[\\s\\S]`, 'gu');

/** Whether `char` (one code point) is one that can hide or reorder text. */
export function isHidden(char: string): boolean {
	return HIDDEN.test(char);
}

/** `text` without the characters that could hide or reorder words; see the header for what is kept. */
export function removeInvisible(text: string): string {
	// Nearly every text has none of them: then there is nothing to take out, and no need to walk it code point by
	// code point (a string per code point, on every submission; issue 14).
	if (!ANY_HIDDEN.test(text)) return text;
	let kept = '';
	// The last code point kept: whether a joiner or selector here attaches to something visible.
	let previous = '';
	for (const [unit] of text.matchAll(UNIT)) {
		if (unit.length > 2) {
			kept += unit; // a whole flag tag sequence
			previous = '\u{1F3F4}';
		} else if (!HIDDEN.test(unit)) {
			kept += unit;
			previous = unit;
		} else if (
			(JOINER.test(unit) && JOINS_AFTER.test(previous)) ||
			// Selectors are marks themselves, so "after a visible character" must rule out a selector.
			(SELECTOR.test(unit) && SELECTS.test(previous) && !SELECTOR.test(previous))
		) {
			kept += unit;
			previous = unit;
		}
	}
	return kept;
}

/** Whether `text` holds anything that `removeInvisible` would take out. */
export function hasInvisible(text: string): boolean {
	return removeInvisible(text) !== text;
}
