/**
 * The fonts of the PDF report: Noto Sans (Latin with Polish, Turkish and Vietnamese letters, Greek, Cyrillic),
 * Noto Sans Arabic, Noto Sans Hebrew and a few arrows and signs from Noto Sans Math, bundled in `fonts/` (SIL Open
 * Font License 1.1, cut down to those scripts by `scripts/subset-fonts.sh`). Nothing is fetched: the files are read
 * from the repository, both from the source tree and from the production build. PDFKit embeds only the glyphs a
 * report uses, so a report in English carries a small part of Noto Sans and nothing of the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

export type TextStyle = 'regular' | 'bold' | 'italic';

export interface Face {
	/** The name the face is registered under in a PDF document. */
	name: string;
	file: string;
	/** Whether the font shapes this code point (it has a glyph for it). */
	has(codePoint: number): boolean;
}

const FILES = {
	sans: 'NotoSans-Regular.ttf',
	sansBold: 'NotoSans-Bold.ttf',
	sansItalic: 'NotoSans-Italic.ttf',
	arabic: 'NotoSansArabic-Regular.ttf',
	arabicBold: 'NotoSansArabic-Bold.ttf',
	hebrew: 'NotoSansHebrew-Regular.ttf',
	hebrewBold: 'NotoSansHebrew-Bold.ttf',
	symbols: 'NotoSansMath-Regular.ttf'
} as const;

type FaceKey = keyof typeof FILES;

/**
 * The faces of each style, in the order they are tried for a character that any of them could show (digits,
 * punctuation): Latin first. Arabic and Hebrew have no italic: an italic run of them is upright.
 */
const STYLES: Record<TextStyle, FaceKey[]> = {
	regular: ['sans', 'arabic', 'hebrew', 'symbols'],
	bold: ['sansBold', 'arabicBold', 'hebrewBold', 'symbols'],
	italic: ['sansItalic', 'arabic', 'hebrew', 'symbols']
};

/** Finds the committed `fonts/` folder, both from the source tree and from the production build. */
export function fontsFolder(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	const candidates = [
		process.env.HEARTH_FONTS_DIR,
		path.resolve(process.cwd(), 'fonts'),
		// src/lib/server/outcome/ in the source tree, build/server/chunks/ in the production build.
		path.resolve(here, '../../../../fonts'),
		path.resolve(here, '../../../fonts')
	].filter((p): p is string => !!p);
	const found = candidates.find((p) => fs.existsSync(path.join(p, FILES.sans)));
	if (!found) throw new Error(`The PDF report's fonts were not found (looked in ${candidates.join(', ')}).`);
	return found;
}

let loaded: Record<FaceKey, { face: Face; font: fontkit.Font }> | undefined;

function load(): Record<FaceKey, { face: Face; font: fontkit.Font }> {
	if (loaded) return loaded;
	const folder = fontsFolder();
	const entries = (Object.keys(FILES) as FaceKey[]).map((key) => {
		const file = path.join(folder, FILES[key]);
		const data = fs.readFileSync(file);
		const font = fontkit.create(data);
		const cache = new Map<number, boolean>();
		const face: Face = {
			name: `hearth-${key}`,
			file,
			has(codePoint) {
				let known = cache.get(codePoint);
				if (known === undefined) {
					known = font.hasGlyphForCodePoint(codePoint);
					cache.set(codePoint, known);
				}
				return known;
			}
		};
		return [key, { face, font }] as const;
	});
	loaded = Object.fromEntries(entries) as Record<FaceKey, { face: Face; font: fontkit.Font }>;
	return loaded;
}

/** The faces of a style, Latin first. */
export function facesOf(style: TextStyle): Face[] {
	const all = load();
	return STYLES[style].map((key) => all[key].face);
}

/**
 * Registers every face with a PDF document; PDFKit embeds the subset of a face that the document used. The faces
 * are parsed once per process and shared by every document (PDFKit takes a parsed fontkit font as it is, and
 * keeps what it adds per document: the subset, the widths, the text map): parsing them for each document was
 * most of an English report's time.
 */
export function registerFaces(doc: PDFKit.PDFDocument): void {
	for (const { face, font } of Object.values(load())) {
		// fontkit keeps each glyph it made, with the letters it was made for; a glyph made while a subset was
		// written has none, and a later document would map it to no text (pdf.js then reads a control character
		// for an Arabic "ه"). Each document starts with no glyphs made. A document is written in one synchronous
		// run (new document to `end()`), so no other document is using them.
		const glyphs = font as unknown as { _glyphs?: Record<number, unknown> };
		if (!glyphs._glyphs) throw new Error('fontkit no longer keeps its glyphs in _glyphs: see registerFaces.');
		glyphs._glyphs = {};
		doc.registerFont(face.name, font as unknown as Uint8Array);
	}
}
