/**
 * The PDF export, fit to file in a case record: A4, the codename and dates on every page, numbered pages, the
 * report's headings and tables, in the reader's language. Its text is set in the bundled Noto fonts (`pdf-fonts.ts`:
 * Latin, Greek, Cyrillic, Arabic, Hebrew), each run in the direction the bidi algorithm gives it (`pdf-layout.ts`),
 * and the page follows the reader's language: an Arabic report runs right to left (headings, labels and the column
 * order of tables), while an English report keeps its page left to right and an Arabic contribution in it reads
 * right to left. What no bundled font can show (emoji, Chinese, …) is replaced visibly, with a note saying so.
 */
import PDFDocument from 'pdfkit';
import type { Block, CheckValue, OutcomeDocument } from '$lib/outcome/types';
import { registerFaces, type TextStyle } from './pdf-fonts';
import {
	DEFAULT_MARKS,
	drawLines,
	layoutText,
	needsMarks,
	prepareText,
	type Align,
	type Direction,
	type Laid,
	type PdfMarks
} from './pdf-layout';

export { isolate, needsMarks, prepareText, type Direction, type PdfMarks } from './pdf-layout';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const FOOTER = 30;
const BODY = 10;
const INK = '#2b211b';
const MUTED = '#5d5047';
const RULE = '#d9cdbf';
const VALUE_INK: Record<CheckValue['value'], string> = {
	respect: '#1f5f8b',
	relationship: '#7b3f8c',
	responsibility: '#2f6b2f'
};

export interface PdfOptions {
	/** Printed on every page, e.g. "Linden 3f2a · Outcome report · closed 12 March 2031". */
	footer: string;
	pageLabel: (page: number, pages: number) => string;
	/** Document information. */
	title: string;
	createdAt: Date;
	/** The direction of the reader's language: the page's (headings, labels, column order). Left to right if not given. */
	dir?: Direction;
	/** What replaces characters the fonts lack, in the reader's language. */
	marks?: PdfMarks;
	/** Said under the privacy notice when something was replaced; `{emoji}` and `{other}` are the marks. */
	marksNote?: (marks: PdfMarks) => string;
}

interface TextOptions {
	style?: TextStyle;
	size?: number;
	color?: string;
	gap?: number;
	/** From the start of the line (the left in a left-to-right report, the right in a right-to-left one). */
	offset?: number;
	width?: number;
	/**
	 * `page`: the reader's language's (fixed texts: headings, labels, notices). `auto`: by the text's first letter,
	 * like `dir="auto"` (what people wrote: a contribution in Arabic in an English report reads right to left).
	 */
	dir?: 'page' | 'auto';
	/** `start` of the text's own direction (the default), or the page's `end` (figures). */
	align?: 'start' | 'end';
}

class Writer {
	readonly doc: PDFKit.PDFDocument;
	readonly width = A4.width - 2 * MARGIN;
	readonly bottom = A4.height - MARGIN - FOOTER;
	readonly marks: PdfMarks;
	readonly dir: Direction;

	constructor(doc: PDFKit.PDFDocument, marks: PdfMarks, dir: Direction) {
		this.doc = doc;
		this.marks = marks;
		this.dir = dir;
	}

	/** The left edge of a box that starts `offset` from the line's start and is `width` wide. */
	left(offset: number, width: number): number {
		return this.dir === 'rtl' ? MARGIN + this.width - offset - width : MARGIN + offset;
	}

	lay(text: string, options: TextOptions & { width: number }): Laid {
		return layoutText(this.doc, text, {
			style: options.style,
			size: options.size ?? BODY,
			width: options.width,
			dir: options.dir === 'auto' ? undefined : this.dir,
			fallback: this.dir,
			marks: this.marks
		});
	}

	align(laid: Laid, align: TextOptions['align'] = 'start'): Align {
		const dir = align === 'end' ? (this.dir === 'rtl' ? 'ltr' : 'rtl') : laid.dir;
		return dir === 'rtl' ? 'right' : 'left';
	}

	newPage(): void {
		this.doc.addPage();
		this.doc.x = MARGIN;
		this.doc.y = MARGIN;
	}

	/** Starts a new page when fewer than `height` points are left. */
	room(height: number): void {
		if (this.doc.y + height > this.bottom) this.newPage();
	}

	/** A text that flows on to the next page when it does not fit. */
	text(text: string, options: TextOptions = {}) {
		const { color = INK, gap = 4, offset = 0, width = this.width } = options;
		const laid = this.lay(text, { ...options, width });
		this.room(Math.min(laid.height, 120));
		const align = this.align(laid, options.align);
		for (const line of laid.lines) {
			this.room(laid.lineHeight);
			drawLines(this.doc, [line], laid, {
				left: this.left(offset, width),
				top: this.doc.y,
				width,
				align,
				color
			});
			this.doc.y += laid.lineHeight;
		}
		this.doc.y += gap;
	}

	heading(text: string, level: 1 | 2 | 3): void {
		const size = level === 1 ? 20 : level === 2 ? 14 : 11.5;
		// Keep a heading with at least a few lines of what follows it.
		this.room(size * 2 + 40);
		if (level === 2) this.doc.y += 8;
		this.text(text, { style: 'bold', size, gap: level === 1 ? 4 : 6 });
	}

	/** Text laid out in a box at a given height, not flowing (a cell, a label). */
	place(laid: Laid, offset: number, width: number, top: number, color: string, align: Align): void {
		drawLines(this.doc, laid.lines, laid, { left: this.left(offset, width), top, width, align, color });
	}

	facts(items: { label: string; value: string }[]): void {
		const labelWidth = 150;
		const valueWidth = this.width - labelWidth;
		for (const item of items) {
			const label = this.lay(item.label, { style: 'bold', width: labelWidth - 8 });
			const value = this.lay(item.value, { width: valueWidth, dir: 'auto' });
			const height = Math.max(label.height, value.height);
			this.room(height);
			const y = this.doc.y;
			this.place(label, 0, labelWidth - 8, y, MUTED, this.align(label));
			// A value reads in its own direction but stands next to its label: at the page's start (a Latin codename
			// in an Arabic report at the right).
			this.place(value, labelWidth, valueWidth, y, INK, this.dir === 'rtl' ? 'right' : 'left');
			this.doc.y = y + height + 1;
		}
		this.doc.y += 4;
	}

	/** An item after a marker (a bullet, a dash) at the start of its line: on the right when it reads right to left. */
	item(marker: string, text: string, options: TextOptions & { indent: number }): void {
		const { indent, offset = 0, width = this.width - offset, color = INK, gap = 4 } = options;
		const laid = this.lay(text, { ...options, width: width - indent });
		const mark = this.lay(marker, { size: options.size, width: indent });
		this.room(Math.min(laid.height, laid.lineHeight * 3));
		// The item's own direction puts the marker on its side; the box stays where the page puts it.
		const box = this.left(offset, width);
		const textLeft = laid.dir === 'rtl' ? box : box + indent;
		const markLeft = laid.dir === 'rtl' ? box + width - indent : box;
		const align = this.align(laid);
		drawLines(this.doc, mark.lines, mark, { left: markLeft, top: this.doc.y, width: indent, align, color });
		for (const line of laid.lines) {
			this.room(laid.lineHeight);
			drawLines(this.doc, [line], laid, {
				left: textLeft,
				top: this.doc.y,
				width: width - indent,
				align,
				color
			});
			this.doc.y += laid.lineHeight;
		}
		this.doc.y += gap;
	}

	list(items: string[]): void {
		for (const item of items) this.item('•', item, { indent: 14, offset: 4, gap: 2, dir: 'auto' });
		this.doc.y += 4;
	}

	/** A table with wrapped cells; the header is repeated on every page it runs onto. */
	table(caption: string, head: string[], rows: string[][], numeric: number[] = []): void {
		const size = 9;
		const pad = 4;
		const widths = this.columnWidths(head, rows, size, pad);
		const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
		const layRow = (cells: string[], bold: boolean) => {
			const laid = cells.map((cell, i) =>
				this.lay(cell || ' ', {
					style: bold ? 'bold' : 'regular',
					size,
					width: (widths[i] ?? 0) - 2 * pad,
					dir: bold ? 'page' : 'auto'
				})
			);
			return { laid, height: Math.max(...laid.map((l) => l.height)) + 2 * pad };
		};
		const paint = (cells: string[], bold: boolean, repeatHead: () => void) => {
			const { laid, height } = layRow(cells, bold);
			if (this.doc.y + height > this.bottom) {
				this.newPage();
				repeatHead();
			}
			const y = this.doc.y;
			laid.forEach((cell, i) => {
				const w = (widths[i] ?? 0) - 2 * pad;
				const align = this.align(cell, numeric.includes(i) ? 'end' : 'start');
				this.place(cell, (offsets[i] ?? 0) + pad, w, y + pad, bold ? MUTED : INK, align);
			});
			this.doc
				.moveTo(MARGIN, y + height)
				.lineTo(MARGIN + this.width, y + height)
				.lineWidth(bold ? 1 : 0.5)
				.strokeColor(RULE)
				.stroke();
			this.doc.y = y + height;
		};
		const header = () => paint(head, true, () => undefined);
		// The caption stays with the header and the first row.
		const first = rows[0] ? layRow(rows[0], false).height : 0;
		this.room(20 + layRow(head, true).height + first);
		this.text(caption, { style: 'bold', size: 10, gap: 2 });
		header();
		for (const row of rows) paint(row, false, header);
		this.doc.y += 10;
	}

	/** The width of a text on one line. */
	measure(text: string, style: TextStyle, size: number): number {
		const key = `${style} ${size} ${text}`;
		let width = this.measured.get(key);
		if (width === undefined) {
			const laid = this.lay(text, { style, size, width: Infinity, dir: 'auto' });
			width = Math.max(0, ...laid.lines.map((line) => line.width));
			this.measured.set(key, width);
		}
		return width;
	}

	private readonly measured = new Map<string, number>();

	/**
	 * Column widths: every column at least as wide as its longest word (so no word breaks mid-way), the space
	 * left shared out by how much more each column's longest cell would like.
	 */
	columnWidths(head: string[], rows: string[][], size: number, pad: number): number[] {
		const measure = (text: string, bold: boolean) => this.measure(text, bold ? 'bold' : 'regular', size);
		const columns = head.map((h, i) => [h, ...rows.map((r) => r[i] ?? '')]);
		const least = columns.map(
			(cells) =>
				Math.max(
					...cells.flatMap((cell, row) =>
						prepareText(cell, this.marks)
							.split(/\s+/)
							.map((word) => measure(word, row === 0))
					),
					8
				) +
				2 * pad +
				1
		);
		const want = columns.map((cells, i) =>
			Math.max(least[i] ?? 0, ...cells.map((cell, row) => measure(cell, row === 0) + 2 * pad + 1))
		);
		const sumLeast = least.reduce((a, b) => a + b, 0);
		const sumWant = want.reduce((a, b) => a + b, 0);
		if (sumWant <= this.width) return want.map((w) => (w / sumWant) * this.width);
		if (sumLeast >= this.width) return least.map((w) => (w / sumLeast) * this.width);
		const spare = this.width - sumLeast;
		const extra = want.map((w, i) => w - (least[i] ?? 0));
		const sumExtra = extra.reduce((a, b) => a + b, 0);
		return least.map((w, i) => w + (spare * (extra[i] ?? 0)) / sumExtra);
	}

	check(block: Extract<Block, { kind: 'check' }>): void {
		this.room(90);
		this.heading(block.title, 3);
		this.text(block.meta, { color: MUTED, size: 9, gap: 4 });
		for (const v of block.values) {
			this.text(`${v.label}: ${v.stateLabel}`, { style: 'bold', color: VALUE_INK[v.value], gap: 0 });
			for (const reason of v.reasons) this.item('–', reason, { indent: 10, offset: 10, size: 9, gap: 1 });
			if (v.override) {
				this.text(v.override, {
					offset: 10,
					width: this.width - 10,
					size: 9,
					style: 'italic',
					gap: 1,
					dir: 'auto'
				});
			}
			this.doc.y += 1;
		}
		this.doc.y += 6;
	}

	block(block: Block): void {
		switch (block.kind) {
			case 'paragraph':
				this.text(block.text, { gap: 6, dir: 'auto' });
				break;
			case 'facts':
				this.facts(block.items);
				break;
			case 'list':
				this.list(block.items);
				break;
			case 'table':
				this.table(block.caption, block.head, block.rows, block.numeric);
				break;
			case 'check':
				this.check(block);
				break;
		}
	}
}

/** Renders the document to a PDF. */
export function outcomePdf(document: OutcomeDocument, options: PdfOptions): Promise<Buffer> {
	const dir = options.dir ?? 'ltr';
	const doc = new PDFDocument({
		size: 'A4',
		// The bottom margin keeps the footer's band free.
		margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
		bufferPages: true,
		// PDFKit writes strings that are not ASCII as UTF-16, so the title keeps every script.
		info: {
			Title: options.title.normalize('NFC'),
			Creator: 'Hearth',
			Producer: 'Hearth',
			CreationDate: options.createdAt
		}
	});
	registerFaces(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const marks = options.marks ?? DEFAULT_MARKS;
	const w = new Writer(doc, marks, dir);
	w.heading(document.title, 1);
	if (document.subtitle) w.text(document.subtitle, { color: MUTED, gap: 10, dir: 'auto' });
	w.facts(document.facts);
	w.text(document.notice, { style: 'italic', size: 9, color: MUTED, gap: 8 });
	// Said before anything that may be replaced, so a reader never wonders what a mark stands for.
	if (options.marksNote && needsMarks(JSON.stringify(document))) {
		w.text(options.marksNote(marks), { style: 'italic', size: 9, color: MUTED, gap: 8 });
	}
	for (const section of document.sections) {
		w.heading(section.heading, 2);
		for (const block of section.blocks) w.block(block);
	}

	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		// The footer sits inside the bottom margin, where PDFKit would otherwise start a new page for it.
		doc.page.margins.bottom = 0;
		const y = A4.height - MARGIN - 14;
		const footer = w.lay(options.footer, { size: 8, width: w.width * 0.75 });
		w.place({ ...footer, lines: footer.lines.slice(0, 1) }, 0, w.width * 0.75, y, MUTED, w.align(footer));
		const page = w.lay(options.pageLabel(i + 1, range.count), { size: 8, width: w.width * 0.25 });
		w.place(page, w.width * 0.75, w.width * 0.25, y, MUTED, w.align(page, 'end'));
	}
	mapLigaturesToPresentationForms(doc);
	doc.end();
	return done;
}

let ligatures: Map<string, number> | undefined;

/**
 * A glyph that joins several letters (Arabic lam-alef, "لا") is written in the PDF's text map as the letters it
 * stands for. Text extractors (pdf.js, Poppler) turn a right-to-left line back into reading order by reversing it,
 * and reverse those letters too ("صلاة" came out as "صالة"). Where Unicode has the ligature as one character (an
 * Arabic presentation form), the map gives that instead: extracted, it reads in order, and NFKC gives the letters.
 * PDFKit keeps the map per embedded font (`unicode`, by glyph id): checked by the PDF spec, which extracts such words.
 */
function mapLigaturesToPresentationForms(doc: PDFKit.PDFDocument): void {
	if (!ligatures) {
		ligatures = new Map();
		for (const [from, to] of [
			[0xfb50, 0xfdff],
			[0xfe70, 0xfefe]
		] as const) {
			for (let cp = from; cp <= to; cp++) {
				const letters = String.fromCodePoint(cp).normalize('NFKC');
				if ([...letters].length > 1 && !ligatures.has(letters)) ligatures.set(letters, cp);
			}
		}
	}
	const fonts = (doc as unknown as { _fontFamilies?: Record<string, { unicode?: number[][] }> })
		._fontFamilies;
	for (const font of Object.values(fonts ?? {})) {
		font.unicode?.forEach((codePoints, gid, map) => {
			if (codePoints.length < 2) return;
			const form = ligatures?.get(String.fromCodePoint(...codePoints));
			if (form !== undefined) map[gid] = [form];
		});
	}
}
