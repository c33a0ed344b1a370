/**
 * The PDF export, fit to file in a case record: A4, the codename and dates on every page, numbered pages, the
 * report's headings and tables. Uses only PDFKit's built-in standard fonts (Helvetica), so nothing is fetched or
 * read beyond the package itself; their WinAnsi encoding cannot show every character, so text is brought into
 * it first (accents kept, other symbols spelled out, emoji and other scripts replaced by a visible mark that a
 * note under the privacy notice explains).
 */
import PDFDocument from 'pdfkit';
import type { Block, CheckValue, OutcomeDocument } from '$lib/outcome/types';

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

/** The 27 characters WinAnsi has in 0x80–0x9F besides Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SPELLED: Record<string, string> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=', '≠': '!=', '−': '-' };

/** What stands, visibly, for what the standard fonts cannot show (never a bare "?", which reads as a question). */
export interface PdfMarks {
	emoji: string;
	other: string;
}

const DEFAULT_MARKS: PdfMarks = { emoji: '[emoji]', other: '[text not shown]' };

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function encodable(ch: string): boolean {
	const code = ch.codePointAt(0) ?? 0;
	return (
		code === 0x09 ||
		code === 0x0a ||
		(code >= 0x20 && code < 0x7f) ||
		(code >= 0xa0 && code <= 0xff) ||
		WIN_ANSI_EXTRA.has(ch)
	);
}

/**
 * Text the standard fonts can show: Latin-1 and WinAnsi's extras as they are, a few symbols spelled out, letters
 * with marks Latin-1 lacks (ő, ł…) as their base letter. What is left is replaced visibly: each emoji (a whole
 * cluster: skin tones, flags and joined emoji are one) by `marks.emoji`, a run of other characters (another script)
 * by one `marks.other`.
 */
export function toWinAnsi(text: string, marks: PdfMarks = DEFAULT_MARKS): string {
	let out = '';
	let lastWasOther = false;
	for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
		if ([...segment].every(encodable)) {
			out += segment;
			lastWasOther = false;
			continue;
		}
		if (SPELLED[segment]) {
			out += SPELLED[segment];
			lastWasOther = false;
			continue;
		}
		if (EMOJI.test(segment)) {
			out += marks.emoji;
			lastWasOther = false;
			continue;
		}
		const base = segment.normalize('NFKD').replace(/\p{M}/gu, '');
		if (base !== '' && [...base].every(encodable)) {
			out += base;
			lastWasOther = false;
		} else if (!lastWasOther) {
			out += marks.other;
			lastWasOther = true;
		}
	}
	return out;
}

/** Whether `toWinAnsi` would replace anything in this text (then the PDF says what the marks mean). */
export function needsMarks(text: string): boolean {
	return toWinAnsi(text, { emoji: '\u0000', other: '\u0000' }).includes('\u0000');
}

export interface PdfOptions {
	/** Printed on every page, e.g. "Linden 3f2a · Outcome report · closed 12 March 2031". */
	footer: string;
	pageLabel: (page: number, pages: number) => string;
	/** Document information. */
	title: string;
	createdAt: Date;
	/** What replaces characters the fonts lack, in the reader's language. */
	marks?: PdfMarks;
	/** Said under the privacy notice when something was replaced; `{emoji}` and `{other}` are the marks. */
	marksNote?: (marks: PdfMarks) => string;
}

class Writer {
	readonly doc: PDFKit.PDFDocument;
	readonly width = A4.width - 2 * MARGIN;
	readonly bottom = A4.height - MARGIN - FOOTER;

	readonly marks: PdfMarks;

	constructor(doc: PDFKit.PDFDocument, marks: PdfMarks) {
		this.doc = doc;
		this.marks = marks;
	}

	clean(text: string): string {
		return toWinAnsi(text, this.marks);
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

	text(
		text: string,
		options: { font?: string; size?: number; color?: string; gap?: number; x?: number; width?: number } = {}
	) {
		const { font = 'Helvetica', size = BODY, color = INK, gap = 4, x = MARGIN, width = this.width } = options;
		const clean = this.clean(text);
		this.doc.font(font).fontSize(size);
		this.room(Math.min(this.doc.heightOfString(clean, { width }), 120));
		this.doc.fillColor(color).text(clean, x, this.doc.y, { width });
		this.doc.y += gap;
	}

	heading(text: string, level: 1 | 2 | 3): void {
		const size = level === 1 ? 20 : level === 2 ? 14 : 11.5;
		// Keep a heading with at least a few lines of what follows it.
		this.room(size * 2 + 40);
		if (level === 2) this.doc.y += 8;
		this.text(text, { font: 'Helvetica-Bold', size, gap: level === 1 ? 4 : 6 });
	}

	facts(items: { label: string; value: string }[]): void {
		const labelWidth = 150;
		for (const item of items) {
			const label = this.clean(item.label);
			const value = this.clean(item.value);
			this.doc.font('Helvetica').fontSize(BODY);
			const height = Math.max(
				this.doc.heightOfString(value, { width: this.width - labelWidth }),
				this.doc.font('Helvetica-Bold').heightOfString(label, { width: labelWidth - 8 })
			);
			this.room(height);
			const y = this.doc.y;
			this.doc
				.font('Helvetica-Bold')
				.fillColor(MUTED)
				.text(label, MARGIN, y, { width: labelWidth - 8 });
			this.doc
				.font('Helvetica')
				.fillColor(INK)
				.text(value, MARGIN + labelWidth, y, {
					width: this.width - labelWidth
				});
			this.doc.y = y + height + 3;
		}
		this.doc.y += 4;
	}

	list(items: string[]): void {
		for (const item of items) this.text(`•  ${item}`, { x: MARGIN + 8, width: this.width - 8, gap: 2 });
		this.doc.y += 4;
	}

	/** A table with wrapped cells; the header is repeated on every page it runs onto. */
	table(caption: string, head: string[], rows: string[][], numeric: number[] = []): void {
		const size = 9;
		const pad = 4;
		const widths = this.columnWidths(head, rows, size, pad);
		const drawRow = (cells: string[], bold: boolean) => {
			this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
			const texts = cells.map((cell) => this.clean(cell));
			const height =
				Math.max(
					...texts.map((t, i) => this.doc.heightOfString(t || ' ', { width: (widths[i] ?? 0) - 2 * pad }))
				) +
				2 * pad;
			return { texts, height };
		};
		const paint = (cells: string[], bold: boolean, repeatHead: () => void) => {
			const { texts, height } = drawRow(cells, bold);
			if (this.doc.y + height > this.bottom) {
				this.newPage();
				repeatHead();
			}
			const y = this.doc.y;
			let x = MARGIN;
			texts.forEach((t, i) => {
				const w = widths[i] ?? 0;
				this.doc
					.fillColor(bold ? MUTED : INK)
					.text(t, x + pad, y + pad, { width: w - 2 * pad, align: numeric.includes(i) ? 'right' : 'left' });
				x += w;
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
		const first = rows[0] ? drawRow(rows[0], false).height : 0;
		this.room(20 + drawRow(head, true).height + first);
		this.text(caption, { font: 'Helvetica-Bold', size: 10, gap: 2 });
		header();
		for (const row of rows) paint(row, false, header);
		this.doc.y += 10;
	}

	/**
	 * Column widths: every column at least as wide as its longest word (so no word breaks mid-way), the space
	 * left shared out by how much more each column's longest cell would like.
	 */
	columnWidths(head: string[], rows: string[][], size: number, pad: number): number[] {
		const measure = (text: string, bold: boolean) =>
			this.doc
				.font(bold ? 'Helvetica-Bold' : 'Helvetica')
				.fontSize(size)
				.widthOfString(this.clean(text));
		const columns = head.map((h, i) => [h, ...rows.map((r) => r[i] ?? '')]);
		const least = columns.map(
			(cells) =>
				Math.max(
					...cells.flatMap((cell, row) => cell.split(/\s+/).map((word) => measure(word, row === 0))),
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
			this.text(`${v.label}: ${v.stateLabel}`, { font: 'Helvetica-Bold', color: VALUE_INK[v.value], gap: 0 });
			for (const reason of v.reasons) {
				this.text(`–  ${reason}`, { x: MARGIN + 10, width: this.width - 10, size: 9, gap: 1 });
			}
			if (v.override) {
				this.text(v.override, {
					x: MARGIN + 10,
					width: this.width - 10,
					size: 9,
					font: 'Helvetica-Oblique',
					gap: 1
				});
			}
			this.doc.y += 1;
		}
		this.doc.y += 6;
	}

	block(block: Block): void {
		switch (block.kind) {
			case 'paragraph':
				this.text(block.text, { gap: 6 });
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
	const doc = new PDFDocument({
		size: 'A4',
		// The bottom margin keeps the footer's band free when PDFKit flows a long text onto the next page.
		margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
		bufferPages: true,
		info: {
			Title: toWinAnsi(options.title, options.marks),
			Creator: 'Hearth',
			Producer: 'Hearth',
			CreationDate: options.createdAt
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const marks = options.marks ?? DEFAULT_MARKS;
	const w = new Writer(doc, marks);
	w.heading(document.title, 1);
	if (document.subtitle) w.text(document.subtitle, { color: MUTED, gap: 10 });
	w.facts(document.facts);
	w.text(document.notice, { font: 'Helvetica-Oblique', size: 9, color: MUTED, gap: 8 });
	// Said before anything that may be replaced, so a reader never wonders what a mark stands for.
	if (options.marksNote && needsMarks(JSON.stringify(document))) {
		w.text(options.marksNote(marks), { font: 'Helvetica-Oblique', size: 9, color: MUTED, gap: 8 });
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
		const y = A4.height - MARGIN - 12;
		doc.font('Helvetica').fontSize(8).fillColor(MUTED);
		doc.text(toWinAnsi(options.footer, options.marks), MARGIN, y, {
			width: w.width * 0.75,
			lineBreak: false
		});
		doc.text(toWinAnsi(options.pageLabel(i + 1, range.count)), MARGIN, y, {
			width: w.width,
			align: 'right',
			lineBreak: false
		});
	}
	doc.end();
	return done;
}
