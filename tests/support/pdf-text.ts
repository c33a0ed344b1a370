/**
 * Reads a PDF back as text, page by page, with pdf.js (the legacy build runs on Node 20). For tests: it proves
 * that what the PDF export shows is really in the file, and that nothing else is.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const STANDARD_FONTS =
	path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export interface PdfText {
	pages: string[];
	/** Every page's text, joined with line breaks. */
	text: string;
	/** The same with every run of white space as one space, so that text wrapped in a table cell reads whole. */
	flat: string;
	info: Record<string, unknown>;
	/** Each piece of text as pdf.js found it, with where it is on its page (points from the bottom left). */
	items: PdfItem[];
}

export interface PdfItem {
	page: number;
	str: string;
	x: number;
	y: number;
	width: number;
}

export interface PdfTextOptions {
	/**
	 * Give each glyph's text as the PDF maps it, without pdf.js's Unicode normalisation. pdf.js decomposes some
	 * Arabic presentation forms (a ligature such as "لى") before it puts a right-to-left line in reading order, and
	 * so reverses their letters; unnormalised, a ligature stays one character, and NFKC gives its letters after.
	 */
	raw?: boolean;
}

export async function pdfText(data: Uint8Array, options: PdfTextOptions = {}): Promise<PdfText> {
	const pdf = await getDocument({
		data: new Uint8Array(data),
		standardFontDataUrl: STANDARD_FONTS,
		useSystemFonts: false,
		isEvalSupported: false
	}).promise;
	const pages: string[] = [];
	const items: PdfItem[] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const page = await pdf.getPage(n);
		const content = await page.getTextContent({ disableNormalization: options.raw ?? false });
		for (const item of content.items) {
			if ('str' in item && item.str.trim() !== '') {
				items.push({ page: n, str: item.str, x: item.transform[4], y: item.transform[5], width: item.width });
			}
		}
		pages.push(
			content.items
				.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
				.join('')
				.replace(/[ \t]+\n/g, '\n')
		);
	}
	const meta = await pdf.getMetadata();
	await pdf.destroy();
	const text = pages.join('\n');
	return {
		pages,
		text,
		flat: text.replace(/\s+/g, ' '),
		info: (meta.info ?? {}) as Record<string, unknown>,
		items
	};
}
