/**
 * The PDF report in every script a room may write in: the real report of a session run on a real database,
 * exported by the real PDFKit, and read back with pdf.js as a reader's PDF viewer would (text and where it is).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { pdfText, type PdfItem, type PdfText } from '../../../../tests/support/pdf-text';
import { liveFixture, type LiveFixture } from '../live/test-support';
import { exportReport, getReport } from './service';
import { outcomeDocument } from './document';
import { closeFromAgreement, runToAgreement } from './test-support';

const ARABIC = 'نريد مساحة آمنة للحوار بعد صلاة الجمعة، ونتفق على لقاء الساعة 3 مع فريق Hearth';
const HEBREW = 'השכנים רוצים לדבר בשקט עם המשפחה';
const POLISH = 'Zażółć gęślą jaźń: łąka przy szkole';
const TURKISH = 'Iğdır’da ışık, İstanbul’da şeker ve çay';
const GREEK = 'Καλημέρα γειτονιά, είμαστε μαζί';
const CHINESE = '我们欢迎他回家';
const ARABIC_COMMITMENT = 'زيارة أسبوعية للمسجد';

let fx: LiveFixture;

afterEach(() => {
	overwriteGetLocale(() => 'en');
	fx.close();
});

function closedSession() {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
	const session = runToAgreement(fx, {
		phones: 3,
		moreProposals: [ARABIC, HEBREW, POLISH, TURKISH, GREEK, CHINESE]
	});
	session.run({
		type: 'agreement.commitment.add',
		action: ARABIC_COMMITMENT,
		ownerRole: 'Cami derneği',
		dueOn: '2031-02-01',
		reviewHow: 'Σύντομη συνάντηση'
	});
	return closeFromAgreement(fx, session, 1);
}

/**
 * The text as the PDF maps its glyphs, then NFKC. The PDF maps a glyph that joins Arabic letters (lam-alef in
 * "صلاة", lam with alef maksura in "على") to the Arabic presentation form that is that ligature, so that a viewer
 * turning a right-to-left line into reading order keeps its letters in order; NFKC gives the letters back, as a
 * search in a PDF viewer does. Read unnormalised (`raw`), because pdf.js decomposes some of these forms before it
 * reorders a line, and would swap their letters.
 */
async function readBack(file: Uint8Array): Promise<PdfText & { words: string }> {
	const pdf = await pdfText(file, { raw: true });
	return { ...pdf, words: pdf.text.normalize('NFKC').replace(/\s+/g, ' ') };
}

function words(text: string): string[] {
	return text.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => /\p{L}/u.test(w));
}

/** Characters that stand for a missing glyph: U+0000 (the empty box) or another control, and U+FFFD. */
function strayCharacters(text: string): string[] {
	return [...text].filter((ch) => ch === '\ufffd' || (/\p{Cc}/u.test(ch) && ch !== '\n'));
}

function keep(name: string, file: Uint8Array): void {
	// For a person to look at (render with `pdftoppm -png`), as `shot()` keeps screenshots.
	const dir = process.env.HEARTH_SHOTS_DIR;
	if (dir) {
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, name), file);
	}
}

function itemWith(items: PdfItem[], text: string, exact = false): PdfItem {
	const found = items.find((item) => {
		const str = item.str.normalize('NFKC').trim();
		return exact ? str === text : str.includes(text);
	});
	if (!found) throw new Error(`no text item holds ${text}`);
	return found;
}

const A4_WIDTH = 595.28;
const MARGIN = 56;

// Each test runs a session and writes and reads back a four-page PDF: on a busy 2-core machine, more than 20 s.
describe('the PDF report in every script', { timeout: 60_000 }, () => {
	it('shows Arabic, Hebrew, Polish, Turkish and Greek as written, and Chinese as a notice, never "?"', async () => {
		const session = closedSession();
		const file = await exportReport(fx.organiser, session.sessionId, 'pdf', { db: fx.db });
		const pdf = await readBack(file.body as Uint8Array);
		keep('report-scripts-en.pdf', file.body as Uint8Array);

		for (const text of [ARABIC, HEBREW, POLISH, TURKISH, GREEK, ARABIC_COMMITMENT, 'Cami derneği']) {
			for (const word of words(text)) expect(pdf.words, word).toContain(word);
		}
		expect(pdf.words).toContain('Σύντομη συνάντηση');
		// Chinese has no bundled font: a notice in the reader's language, and not one of its characters.
		expect(pdf.words).toContain('[text in an unsupported script — see the JSON export]');
		expect(pdf.words).not.toMatch(/\p{Script=Han}/u);
		// No letter became "?", an empty box (a glyph the font lacks reads as U+0000) or U+FFFD: the only question
		// marks are those the report's own texts have (the check-out questions).
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		const questionMarks = (s: string) => s.split('?').length - 1;
		expect(questionMarks(pdf.text)).toBe(questionMarks(JSON.stringify(outcomeDocument(report))));
		expect(strayCharacters(pdf.text)).toEqual([]);

		// An English report: its page runs left to right (the title at the left margin)...
		const title = itemWith(pdf.items, 'Outcome report');
		expect(title.x).toBeCloseTo(MARGIN, 0);
		// ...and a Hebrew proposal in it right to left: it ends at the right edge of its column, where a
		// right-to-left text starts, while the Polish one above it starts at the left (the order of the runs within
		// a line is checked in pdf-layout.spec.ts, and in the pages looked at).
		const hebrew = itemWith(pdf.items, 'השכנים');
		const polish = itemWith(pdf.items, 'Zażółć');
		expect(hebrew.x + hebrew.width).toBeGreaterThan(polish.x + polish.width + 20);
		expect(hebrew.x).toBeGreaterThan(polish.x);
	});

	it('writes an Arabic report right to left, with Arabic labels and the columns of its tables from the right', async () => {
		const session = closedSession();
		overwriteGetLocale(() => 'ar');
		const file = await exportReport(fx.organiser, session.sessionId, 'pdf', { db: fx.db });
		const pdf = await readBack(file.body as Uint8Array);
		keep('report-scripts-ar.pdf', file.body as Uint8Array);

		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		const ar = { locale: 'ar' } as const;
		for (const label of [
			m.outcome_section_agreement({}, ar),
			m.outcome_section_proposals({}, ar),
			m.outcome_col_action({}, ar),
			m.outcome_col_owner({}, ar)
		]) {
			for (const word of words(label)) expect(pdf.words, label).toContain(word);
		}
		expect(pdf.words).toContain(report.codename);
		for (const word of words(ARABIC)) expect(pdf.words, word).toContain(word);
		for (const word of words(m.outcome_pdf_unsupported_script({}, ar)))
			expect(pdf.words, word).toContain(word);
		expect(pdf.words).not.toMatch(/\p{Script=Han}/u);
		expect(strayCharacters(pdf.text)).toEqual([]);

		// The title ends at the right margin; the agreement table's first column ("#") is its rightmost.
		const heading = itemWith(pdf.items, words(m.outcome_section_agreement({}, ar))[0] ?? '');
		expect(heading.x + heading.width).toBeCloseTo(A4_WIDTH - MARGIN, 0);
		const number = itemWith(pdf.items, m.outcome_col_number({}, ar), true);
		const action = itemWith(pdf.items, m.outcome_col_action({}, ar), true);
		expect(number.page).toBe(action.page);
		expect(number.x).toBeGreaterThan(action.x);
		// The page number is at the left, the footer with the codename at the right.
		const codename = pdf.items.filter((item) => item.str.includes(report.codename.split(' ')[0] ?? ''));
		expect(Math.max(...codename.map((item) => item.x + item.width))).toBeGreaterThan(A4_WIDTH / 2);
	});
});
