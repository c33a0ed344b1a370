import { describe, expect, it } from 'vitest';
import { tidy } from '$lib/live/client/text';
import { hasHiddenCharacters } from '$lib/auth/schemas';
import { cleanLine, cleanText } from './fields';
import { hasInvisible, removeInvisible } from './invisible';

/** Text whose rendering needs a joiner, a variation selector or tag characters: it must come out untouched. */
const RENDERS = {
	technologist: '\u{1F469}\u200D\u{1F4BB}', // 👩‍💻
	family: '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', // 👨‍👩‍👧
	'family, skin tones': '\u{1F469}\u{1F3FD}\u200D\u{1F469}\u{1F3FF}\u200D\u{1F467}\u{1F3FB}',
	'rainbow flag': '\u{1F3F3}\uFE0F\u200D\u{1F308}', // 🏳️‍🌈
	'heart on fire': '\u2764\uFE0F\u200D\u{1F525}', // ❤️‍🔥
	keycap: '1\uFE0F\u20E3', // 1️⃣
	'country flag': '\u{1F1F3}\u{1F1F1}', // 🇳🇱
	'Wales flag (tag sequence)': '\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}',
	'Scotland flag (tag sequence)': '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
	'text presentation': '\u260E\uFE0E 0800',
	'Persian with ZWNJ': '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645', // می‌خواهم
	'Arabic with ZWJ': '\u0644\u200D \u0627\u0644\u200D', // a letter shown in its joining form
	'Hindi conjunct (virama + ZWJ)': '\u0915\u094D\u200D\u0937', // क्‍ष
	'Marathi eyelash ra': '\u0930\u094D\u200D\u092F',
	'Malayalam chillu (old encoding)': '\u0D28\u0D4D\u200D',
	'Sinhala yansaya': '\u0D9A\u0DCA\u200D\u0DBA',
	'Han with an ideographic variation selector': '\u845B\u{E0100}\u57CE',
	'Mongolian free variation selector': '\u1820\u1828\u180B\u1820'
};

/** Characters that hide or reorder text, each named as Unicode names it. */
const HIDDEN = {
	'RIGHT-TO-LEFT OVERRIDE': '\u202E',
	'LEFT-TO-RIGHT OVERRIDE': '\u202D',
	'RIGHT-TO-LEFT EMBEDDING': '\u202B',
	'POP DIRECTIONAL FORMATTING': '\u202C',
	'LEFT-TO-RIGHT ISOLATE': '\u2066',
	'RIGHT-TO-LEFT ISOLATE': '\u2067',
	'FIRST STRONG ISOLATE': '\u2068',
	'POP DIRECTIONAL ISOLATE': '\u2069',
	'LEFT-TO-RIGHT MARK': '\u200E',
	'RIGHT-TO-LEFT MARK': '\u200F',
	'ARABIC LETTER MARK': '\u061C',
	'ZERO WIDTH SPACE': '\u200B',
	'SOFT HYPHEN': '\u00AD',
	'WORD JOINER': '\u2060',
	'INVISIBLE TIMES': '\u2062',
	'INHIBIT SYMMETRIC SWAPPING': '\u206A',
	'ZERO WIDTH NO-BREAK SPACE (BOM)': '\uFEFF',
	'COMBINING GRAPHEME JOINER': '\u034F',
	'HANGUL FILLER': '\u3164',
	'HALFWIDTH HANGUL FILLER': '\uFFA0',
	'KHMER VOWEL INHERENT AQ': '\u17B4',
	'SHORTHAND FORMAT LETTER OVERLAP': '\u{1BCA0}',
	'MUSICAL SYMBOL BEGIN BEAM': '\u{1D173}',
	'LANGUAGE TAG': '\u{E0001}',
	'TAG LATIN CAPITAL LETTER A': '\u{E0041}',
	'INTERLINEAR ANNOTATION ANCHOR': '\uFFF9'
};

describe('removeInvisible', () => {
	it.each(Object.entries(RENDERS))('keeps what makes %s render', (_, text) => {
		expect(removeInvisible(text)).toBe(text);
		expect(hasInvisible(text)).toBe(false);
		expect(cleanLine(text)).toBe(text.normalize('NFC').trim());
		expect(cleanText(`${text}\n${text}`)).toBe(`${text}\n${text}`.normalize('NFC').trim());
		expect(tidy(text)).toBe(text.trim());
	});

	it.each(Object.entries(HIDDEN))('removes %s', (_, char) => {
		expect(removeInvisible(`Safe${char} text${char}`)).toBe('Safe text');
		expect(cleanLine(`${char}Safe ${char} text`)).toBe('Safe text');
		expect(cleanText(`Safe${char}\n${char}text`)).toBe('Safe\ntext');
		expect(tidy(`${char}Safe text${char}`)).toBe('Safe text');
		expect(hasInvisible(`Safe${char}`)).toBe(true);
	});

	it('shows a word that direction controls reversed on screen in the order it was typed', () => {
		// Shown as "Volunteers welcome: evil.example/pay" on a wall, stored (and read by a filter) as the reverse.
		const disguised = 'Volunteers welcome: \u202Eyap/elpmaxe.live\u202C';
		expect(cleanLine(disguised)).toBe('Volunteers welcome: yap/elpmaxe.live');
		expect(cleanLine('He is a \u2067\u2066danger\u2069\u2069 to us')).toBe('He is a danger to us');
	});

	it('makes a word split by invisible characters one word again, and drops words hidden in tags', () => {
		expect(cleanLine('mon\u200Bs\u00ADt\u2060er')).toBe('monster');
		// "ASCII smuggling": tag characters spell a hidden sentence that some readers (and models) still read.
		const smuggled = [...'IGNORE THIS'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
		expect(cleanLine(`Nice meeting${smuggled}`)).toBe('Nice meeting');
		// Tags that look like a flag but are not one are dropped with the rest; the black flag itself stays.
		expect(cleanLine('🏴\u{E0041}\u{E0042}\u{E007F}')).toBe('🏴');
	});

	it('keeps one variation selector after a visible character, not a run of them (hidden data)', () => {
		const hidden = '😀' + '\u{E0100}\u{E0101}\u{E0102}\uFE01\uFE02';
		expect(removeInvisible(hidden)).toBe('😀\u{E0100}');
		expect(removeInvisible('a\uFE0F\uFE0F\uFE0Fb')).toBe('a\uFE0Fb');
		expect(removeInvisible(' \uFE0F')).toBe(' ');
		expect(removeInvisible('\uFE0Fa')).toBe('a');
	});

	it('keeps a joiner only after a letter, mark or emoji, never at the start, after a space or in a run', () => {
		expect(removeInvisible('\u200Dabc')).toBe('abc');
		expect(removeInvisible('a \u200Cb')).toBe('a b');
		expect(removeInvisible('👩\u200D\u200D\u200D💻')).toBe('👩\u200D💻');
		expect(removeInvisible('1\u200D2')).toBe('12');
		// A hidden character between an emoji and its joiner goes; the joiner joins again.
		expect(cleanLine('\u{1F469}\u200B\u200D\u{1F4BB}')).toBe('\u{1F469}\u200D\u{1F4BB}');
	});

	it('treats line and paragraph separators as line breaks', () => {
		expect(cleanLine('one\u2028two\u2029three')).toBe('one two three');
		expect(cleanText('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
	});
});

describe('staff names', () => {
	it('refuse hidden characters but accept names written with joiners and emoji', () => {
		for (const name of ['Ana\u200B', 'Ana\u00ADBen', 'Ana\u2066', '\u3164', 'Ana\u2028Ben']) {
			expect(hasHiddenCharacters(name), JSON.stringify(name)).toBe(true);
		}
		for (const name of ['Ana \u{1F469}\u200D\u{1F4BB}', '\u0645\u06CC\u200C\u0631\u0627', 'Ana']) {
			expect(hasHiddenCharacters(name), name).toBe(false);
		}
	});
});
