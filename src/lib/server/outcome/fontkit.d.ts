/** The part of fontkit (PDFKit's font engine, which ships no types) that the PDF report uses. */
declare module 'fontkit' {
	export interface Font {
		hasGlyphForCodePoint(codePoint: number): boolean;
		/** What PDFKit looks for to take a parsed font as it is. */
		layout(text: string, features?: unknown): unknown;
	}
	export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
