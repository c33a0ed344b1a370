import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { registerFaces } from './pdf-fonts';
import { firstStrong, isolate, layoutText, type LayoutOptions } from './pdf-layout';

function lay(text: string, options: Partial<LayoutOptions> = {}) {
	const doc = new PDFDocument({ size: 'A4' });
	registerFaces(doc);
	const laid = layoutText(doc, text, { size: 10, width: 400, fallback: 'ltr', ...options });
	doc.end();
	return laid;
}

/** The runs of each line from left to right: their text as handed to fontkit, and the face. */
function runs(text: string, options: Partial<LayoutOptions> = {}) {
	return lay(text, options).lines.map((line) =>
		line.runs.filter((run) => run.text.trim() !== '').map((run) => [run.text, run.face.name] as const)
	);
}

describe('PDF text layout', () => {
	it('takes a text’s direction from its first letter, skipping what is isolated', () => {
		expect(firstStrong('Hello سلام')).toBe('ltr');
		expect(firstStrong('12 سلام Hello')).toBe('rtl');
		expect(firstStrong('2026 · 12')).toBeUndefined();
		expect(firstStrong(`${isolate('Oak 1a2b')} · تقرير`)).toBe('rtl');
	});

	it('puts the runs of an Arabic line with a number and a Latin word in right-to-left order', () => {
		// Logical order: "we meet at 3 with Linden". Right to left, the Arabic comes first at the right, then 3,
		// then "مع", then Linden at the left end. fontkit reverses the Arabic runs itself; the digits stay in order.
		const lines = runs('نلتقي الساعة 3 مع Linden');
		expect(lines).toHaveLength(1);
		const line = lines[0] ?? [];
		expect(line.map(([text]) => text.trim())).toEqual(['Linden', 'مع', '3', 'نلتقي الساعة']);
		expect(line[0]?.[1]).toBe('hearth-sans');
		expect(line.at(-1)?.[1]).toBe('hearth-arabic');
		expect(lay('نلتقي الساعة 3 مع Linden').dir).toBe('rtl');
	});

	it('keeps an English line left to right with an Arabic phrase inside it in its own order', () => {
		const line = runs('We meet at the مسجد الحي at 3')[0] ?? [];
		expect(line.map(([text]) => text.trim())).toEqual(['We meet at the', 'مسجد الحي', 'at 3']);
	});

	it('mirrors brackets and reverses punctuation inside right-to-left text, and keeps Arabic-Indic digits in order', () => {
		// "(yes)" in Arabic: the parentheses read right to left, so the one at the right opens: ")" mirrored.
		const line = runs('قال (نعم) في ٢٠٢٦.', { dir: 'rtl' })[0] ?? [];
		const visual = line.map(([text]) => text).join('');
		// fontkit reverses runs of Arabic letters when it draws them; everything else is already in visual order.
		expect(visual).toContain('٢٠٢٦'.split('').reverse().join(''));
		expect(line.find(([text]) => text.includes('('))?.[0]).toContain('(');
		expect(visual.startsWith('.')).toBe(true);
	});

	it('breaks lines at spaces within the width, and a word longer than a line between its letters', () => {
		const laid = lay('Zażółć gęślą jaźń '.repeat(20), { width: 200 });
		expect(laid.lines.length).toBeGreaterThan(3);
		for (const line of laid.lines) expect(line.width).toBeLessThanOrEqual(200.01);
		const long = lay('x'.repeat(200), { width: 100 });
		expect(long.lines.length).toBeGreaterThan(1);
		for (const line of long.lines) expect(line.width).toBeLessThanOrEqual(100.01);
	});

	it('sets Hebrew in the Hebrew face, Greek and Cyrillic in Noto Sans, and an arrow in the symbols face', () => {
		const faces = (text: string) => new Set(runs(text)[0]?.map(([, face]) => face));
		expect(faces('שלום')).toEqual(new Set(['hearth-hebrew']));
		expect(faces('Καλημέρα Привет')).toEqual(new Set(['hearth-sans']));
		expect(faces('Opening → Fears')).toEqual(new Set(['hearth-sans', 'hearth-symbols']));
	});
});
