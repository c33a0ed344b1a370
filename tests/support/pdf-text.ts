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
}

export async function pdfText(data: Uint8Array): Promise<PdfText> {
	const pdf = await getDocument({
		data: new Uint8Array(data),
		standardFontDataUrl: STANDARD_FONTS,
		useSystemFonts: false,
		isEvalSupported: false
	}).promise;
	const pages: string[] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const page = await pdf.getPage(n);
		const content = await page.getTextContent();
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
	return { pages, text, flat: text.replace(/\s+/g, ' '), info: (meta.info ?? {}) as Record<string, unknown> };
}
