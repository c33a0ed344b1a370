/**
 * Text in the PDF report, in any script its fonts have (`pdf-fonts.ts`): each run of text in the face that has its
 * letters, lines broken to a width, and the runs of a line put in the order of the Unicode Bidirectional Algorithm
 * (`bidi-js`), so that Arabic and Hebrew read right to left with numbers and Latin words inside them in the right
 * order, in a report laid out either way. fontkit (in PDFKit) shapes each run: Arabic letters take their joined
 * forms. What no bundled font can show is replaced visibly, never by "?" or an empty box.
 *
 * How the direction of a run is handled: fontkit lays out a run right to left (and reverses its glyphs) exactly
 * when the first letter of the run with a script of its own is Arabic, Hebrew or another right-to-left script. The
 * bidi algorithm says which way each run must read (odd level: right to left). Where the two differ, the run's
 * characters are handed to fontkit reversed, so that its reversal puts them back: punctuation inside Arabic text
 * (odd level, no script) and Arabic-Indic digits (even level, Arabic script). Characters with a mirror image
 * ("(", "«") are mirrored at odd levels here; the bundled Arabic and Hebrew fonts have no `rtlm` feature that would
 * mirror them a second time, and Noto Sans, which has one, never gets a right-to-left run from fontkit.
 */
import bidiFactory from 'bidi-js';
import { facesOf, type Face, type TextStyle } from './pdf-fonts';

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** What stands, visibly, for what the fonts cannot show (never a bare "?", which reads as a question). */
export interface PdfMarks {
	emoji: string;
	/** A run of text in a script without a bundled font (Chinese, Japanese, Korean, Thai, Devanagari, …). */
	other: string;
}

export const DEFAULT_MARKS: PdfMarks = {
	emoji: '[emoji]',
	other: '[text in an unsupported script — see the JSON export]'
};

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
/** Symbols with no glyph in the bundled fonts, spelled out. */
const SPELLED: Record<string, string> = { '✓': '+', '✔': '+', '✗': 'x', '✘': 'x' };
/** Embeddings and overrides (not isolates) are dropped: typed into a contribution, they could scramble a line. */
const EMBEDDINGS = /[\u202a-\u202e]/gu;
/** Arabic presentation forms (text copied out of another PDF) are brought back to letters, which are then shaped. */
const PRESENTATION_FORMS = /[\ufb50-\ufdff\ufe70-\ufefe]/gu;
/** Characters that are not drawn and need no glyph: bidi marks and isolates, joiners, variation selectors. */
const INVISIBLE = /^(?:[\u200b-\u200f\u061c\u2060\u2066-\u2069\ufeff\u00ad]|\p{Variation_Selector})$/u;
const BIDI_CONTROL = /^[\u200e\u200f\u061c\u2066-\u2069]$/u;
const SPACE = /^\s+$/u;
/** The first character with a script of its own decides the direction fontkit lays a run out in. */
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function segments(text: string): { segment: string; index: number }[] {
	return [...graphemes.segment(text)];
}

/** The face among `faces` that shows every visible character of a grapheme; `prefer` first. */
function faceFor(grapheme: string, faces: Face[], prefer?: Face): Face | undefined {
	const codePoints = [...grapheme].filter((ch) => !INVISIBLE.test(ch)).map((ch) => ch.codePointAt(0) ?? 0);
	if (codePoints.length === 0) return prefer ?? faces[0];
	const covers = (face: Face) => codePoints.every((cp) => face.has(cp));
	if (prefer && covers(prefer)) return prefer;
	return faces.find(covers);
}

/**
 * Text the bundled fonts can show: letters of every bundled script as they are; a symbol they lack spelled out or
 * its base letter (without marks); each emoji (a whole cluster: skin tones, flags and joined emoji are one) as
 * `marks.emoji`; a run of text in another script, spaces within it included, as one `marks.other`.
 */
export function prepareText(text: string, marks: PdfMarks = DEFAULT_MARKS): string {
	const faces = facesOf('regular');
	const clean = text
		.normalize('NFC')
		.replace(EMBEDDINGS, '')
		.replace(PRESENTATION_FORMS, (ch) => ch.normalize('NFKC'));
	let out = '';
	let pendingSpace = '';
	let inOther = false;
	const put = (piece: string, other = false) => {
		if (other && inOther) {
			pendingSpace = '';
			return;
		}
		out += pendingSpace + piece;
		pendingSpace = '';
		inOther = other;
	};
	for (const { segment } of segments(clean)) {
		if (SPACE.test(segment)) {
			if (inOther) pendingSpace += segment;
			else out += segment;
			continue;
		}
		if (faceFor(segment, faces)) put(segment);
		else if (SPELLED[segment]) put(SPELLED[segment]);
		else if (EMOJI.test(segment)) put(marks.emoji);
		else {
			const base = segment.normalize('NFKD').replace(/\p{M}/gu, '');
			if (base !== '' && faceFor(base, faces)) put(base);
			else put(marks.other, true);
		}
	}
	return out + pendingSpace;
}

/** Whether `prepareText` would replace anything in this text (then the PDF says what the marks mean). */
export function needsMarks(text: string): boolean {
	return prepareText(text, { emoji: '\u0000', other: '\u0000' }).includes('\u0000');
}

/**
 * The direction of a text by its first letter with a direction (Unicode's rules P2 and P3: what is inside an
 * isolate does not count), or undefined when it has none (only digits, punctuation).
 */
export function firstStrong(text: string): Direction | undefined {
	let depth = 0;
	for (const ch of text) {
		const type = bidi.getBidiCharTypeName(ch);
		if (type === 'LRI' || type === 'RLI' || type === 'FSI') depth++;
		else if (type === 'PDI') depth = Math.max(0, depth - 1);
		else if (depth === 0 && type === 'L') return 'ltr';
		else if (depth === 0 && (type === 'R' || type === 'AL')) return 'rtl';
	}
	return undefined;
}

/** Content written into a sentence, kept apart for the bidi algorithm (FSI … PDI), like `<bdi>` in a page. */
export function isolate(text: string): string {
	return `\u2068${text}\u2069`;
}

export interface Run {
	text: string;
	face: Face;
	/** fontkit lays it out right to left: it must be shaped as one piece. */
	whole: boolean;
	/** From the line's left edge, in points. */
	x: number;
	width: number;
}

export interface Line {
	runs: Run[];
	width: number;
}

export interface Laid {
	lines: Line[];
	/** The direction of the text (of its first paragraph). */
	dir: Direction;
	size: number;
	lineHeight: number;
	height: number;
}

export interface LayoutOptions {
	style?: TextStyle;
	size: number;
	/** The width to break lines at; Infinity for one line per paragraph. */
	width: number;
	/** The text's direction; by its first letter when not given (like `dir="auto"`), else `fallback`. */
	dir?: Direction;
	fallback: Direction;
	marks?: PdfMarks;
}

/** The space a line takes: room for Arabic marks above and below Latin's. */
export const LINE_HEIGHT = 1.45;
/** From the top of a line to its baseline. */
export const ASCENT = 1.1;

type Measure = (face: Face, text: string) => number;

/** Widths by face, size and text: the same words are measured again and again (table columns, every report). */
const widths = new Map<string, number>();

function measurer(doc: PDFKit.PDFDocument, size: number): Measure {
	return (face, text) => {
		if (text === '') return 0;
		const key = `${face.name}\u0000${size}\u0000${text}`;
		let width = widths.get(key);
		if (width === undefined) {
			if (widths.size > 50_000) widths.clear();
			// Measured word by word (PDFKit caches each word's layout): a space ends Arabic joining anyway.
			width = doc.font(face.name).fontSize(size).widthOfString(text);
			widths.set(key, width);
		}
		return width;
	};
}

function reverseGraphemes(text: string): string {
	return segments(text)
		.map((s) => s.segment)
		.reverse()
		.join('');
}

/** Lays a text out in lines of runs, each run in one face and one direction, in visual order from the left. */
export function layoutText(doc: PDFKit.PDFDocument, text: string, options: LayoutOptions): Laid {
	const { size, width, fallback } = options;
	const faces = facesOf(options.style ?? 'regular');
	const measure = measurer(doc, size);
	const prepared = prepareText(text, options.marks);
	const lines: Line[] = [];
	let dir: Direction | undefined;
	for (const paragraph of prepared.split('\n')) {
		const paragraphDir = options.dir ?? firstStrong(paragraph) ?? fallback;
		dir ??= paragraphDir;
		lines.push(...layoutParagraph(paragraph, paragraphDir, faces, measure, width));
	}
	const lineHeight = size * LINE_HEIGHT;
	return {
		lines,
		dir: dir ?? options.dir ?? fallback,
		size,
		lineHeight,
		height: lines.length * lineHeight
	};
}

function layoutParagraph(
	text: string,
	dir: Direction,
	faces: Face[],
	measure: Measure,
	width: number
): Line[] {
	if (text.trim() === '') return [{ runs: [], width: 0 }];
	// The face of each UTF-16 unit (undefined: not drawn). A character any face could show (a space, a digit, a
	// comma) stays in the face before it, so that an Arabic phrase is one run, shaped as a whole.
	const faceAt: (Face | undefined)[] = new Array(text.length);
	let previous: Face | undefined;
	for (const { segment, index } of segments(text)) {
		const face = BIDI_CONTROL.test(segment) ? undefined : (faceFor(segment, faces, previous) ?? faces[0]);
		for (let i = 0; i < segment.length; i++) faceAt[index + i] = face;
		if (face) previous = face;
	}
	const widthOf = (start: number, end: number) => {
		let total = 0;
		let from = start;
		for (let i = start + 1; i <= end; i++) {
			if (i === end || faceAt[i] !== faceAt[from]) {
				const face = faceAt[from];
				if (face) total += measure(face, text.slice(from, i));
				from = i;
			}
		}
		return total;
	};

	// Lines: words (with the spaces after them) while they fit; a word longer than a line is cut between letters.
	const ranges: [number, number][] = [];
	let lineStart = 0;
	let lineEnd = 0;
	let lineWidth = 0;
	const flush = () => {
		if (lineEnd > lineStart) ranges.push([lineStart, lineEnd]);
		lineStart = lineEnd;
		lineWidth = 0;
	};
	for (const match of text.matchAll(/\S+\s*|\s+/gu)) {
		const start = match.index;
		const end = start + match[0].length;
		const visibleEnd = start + match[0].trimEnd().length;
		const wordWidth = widthOf(start, visibleEnd);
		if (lineEnd > lineStart && lineWidth + wordWidth > width + 0.01) flush();
		if (wordWidth > width + 0.01) {
			for (const { segment, index } of segments(match[0])) {
				const w = widthOf(start + index, start + index + segment.length);
				if (lineEnd > lineStart && lineWidth + w > width + 0.01 && !SPACE.test(segment)) flush();
				lineEnd = start + index + segment.length;
				lineWidth += w;
			}
			continue;
		}
		lineEnd = end;
		lineWidth += widthOf(start, end);
	}
	flush();

	const { levels } = bidi.getEmbeddingLevels(text, dir);
	return ranges.map(([start, rawEnd]) => {
		// Spaces at the end of a line are not drawn (and take the paragraph's level, rule L1).
		let end = rawEnd;
		while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
		const mirrored = end > start ? bidi.getMirroredCharactersMap(text, levels, start, end - 1) : new Map();
		type Piece = { text: string; face: Face; level: number };
		const pieces: Piece[] = [];
		for (let i = start; i < end; i++) {
			const face = faceAt[i];
			if (!face) continue;
			const level = levels[i] ?? 0;
			const ch = mirrored.get(i) ?? text[i] ?? '';
			const last = pieces.at(-1);
			if (last && last.face === face && last.level === level) last.text += ch;
			else pieces.push({ text: ch, face, level });
		}
		// Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level
		// or higher.
		const maxLevel = Math.max(0, ...pieces.map((p) => p.level));
		const minOdd = Math.min(...pieces.map((p) => (p.level % 2 === 1 ? p.level : Infinity)));
		for (let level = maxLevel; level >= minOdd && level > 0; level--) {
			for (let i = 0; i < pieces.length;) {
				if ((pieces[i]?.level ?? 0) < level) {
					i++;
					continue;
				}
				let j = i;
				while (j < pieces.length && (pieces[j]?.level ?? 0) >= level) j++;
				pieces.splice(i, j - i, ...pieces.slice(i, j).reverse());
				i = j;
			}
		}
		let x = 0;
		const runs = pieces.map((piece): Run => {
			const rtl = piece.level % 2 === 1;
			const scripted = SCRIPTED.exec(piece.text)?.[0];
			const fontkitRtl = scripted !== undefined && RTL_SCRIPT.test(scripted);
			const drawn = rtl === fontkitRtl ? piece.text : reverseGraphemes(piece.text);
			const w = measure(piece.face, drawn);
			const run = { text: drawn, face: piece.face, whole: fontkitRtl, x, width: w };
			x += w;
			return run;
		});
		return { runs, width: x };
	});
}

export type Align = 'left' | 'right';

/** Draws laid-out text in a box from `left`, `width` wide, its first line's top at `top`. */
export function drawLines(
	doc: PDFKit.PDFDocument,
	lines: Line[],
	laid: Pick<Laid, 'size' | 'lineHeight'>,
	box: { left: number; top: number; width: number; align: Align; color: string }
): void {
	// PDFKit moves its cursor past what it writes; the caller keeps its own.
	const { x, y } = doc;
	lines.forEach((line, i) => {
		const baseline = box.top + i * laid.lineHeight + laid.size * ASCENT;
		const start = box.align === 'right' ? box.left + box.width - line.width : box.left;
		for (const run of line.runs) {
			doc
				.font(run.face.name)
				.fontSize(laid.size)
				.fillColor(box.color)
				// A right-to-left run is laid out whole (`features` set), else PDFKit would lay its words out from
				// the left; the others word by word, from PDFKit's cache.
				.text(run.text, start + run.x, baseline, {
					lineBreak: false,
					baseline: 'alphabetic',
					features: run.whole ? [] : undefined
				});
		}
	});
	doc.x = x;
	doc.y = y;
}
