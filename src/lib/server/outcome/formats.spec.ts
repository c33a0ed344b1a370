import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { OutcomeDocument } from '$lib/outcome/types';
import { csvCell, looksLikeFormula, toCsv } from './csv';
import { parseCsv } from './csv-parse.test-support';
import { foldLine, icsCalendar, icsStamp, icsText } from './ics';
import { mdText, outcomeMarkdown } from './markdown';
import { pdfText } from '../../../../tests/support/pdf-text';
import { outcomePdf, prepareText } from './pdf';
import { fileSlug, attachment } from './service';

describe('CSV', () => {
	it('quotes commas, quotes and line breaks the RFC 4180 way, and ends every line in CRLF', () => {
		const text = toCsv([
			['a', 'b,c', 'say "hi"'],
			['line\nbreak', 3, null]
		]);
		expect(text).toBe('a,"b,c","say ""hi"""\r\n"line\nbreak",3,\r\n');
		expect(parseCsv(text)).toEqual([
			['a', 'b,c', 'say "hi"'],
			['line\nbreak', '3', '']
		]);
	});

	it('defuses cells a spreadsheet would run as a formula', () => {
		for (const danger of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
			expect(csvCell(danger).replace(/^"/, '').startsWith("'")).toBe(true);
		}
		expect(csvCell('=1,2')).toBe(`"'=1,2"`);
		expect(csvCell('Plain text')).toBe('Plain text');
		expect(csvCell(-1)).toBe('-1');
	});

	it('defuses the full-width and small forms of = + - @ too, and a sign after leading space', () => {
		for (const danger of [
			'＝HYPERLINK("http://evil.example","Click")',
			'＋1',
			'－2＋3',
			'＠SUM(A1)',
			'﹦1+1',
			'﹢1',
			'﹣1',
			'﹫SUM(A1)',
			'⩵1',
			' =1+1',
			'\n=1+1'
		]) {
			expect(looksLikeFormula(danger), danger).toBe(true);
			expect(csvCell(danger).replace(/^"/, '').startsWith("'"), danger).toBe(true);
		}
		for (const text of ['Plain text', 'Two = two', 'Ｐlain', '１ meeting', '“quoted”']) {
			expect(looksLikeFormula(text), text).toBe(false);
		}
	});
});

describe('Markdown', () => {
	it('keeps text from the meeting as text: no links, HTML, emphasis, headings or table breaks', () => {
		expect(mdText('[click](javascript:x) <img src=x> *bold* | pipe')).toBe(
			'\\[click\\](javascript:x) &lt;img src=x> \\*bold\\* \\| pipe'
		);
		expect(mdText('# not a heading\n- not a list')).toBe('\\# not a heading  \n\\- not a list');
		expect(mdText('two\nlines', { inTable: true })).toBe('two lines');
		expect(mdText('4.2', { inTable: true })).toBe('4.2');
	});

	it('lets no bare address, e-mail or autolink become a live link, and shows each as typed', () => {
		// CommonMark with the GFM-style linkify that most previews switch on (fuzzy domains included).
		const renderer = new MarkdownIt({ linkify: true });
		const plain = (html: string) =>
			html
				.replace(/<[^>]+>/g, '')
				.replaceAll('&lt;', '<')
				.replaceAll('&gt;', '>')
				.replaceAll('&amp;', '&')
				.replaceAll('&quot;', '"')
				.trim();
		const hostile = [
			'Log in at https://evil.example/login today',
			'See http://evil.example and ftp://files.evil.example',
			'www.evil.example/offer',
			'www.123.example',
			'Go to evil.example/pay or пример.рф',
			'Mail ana.jansen@example.org or @ana',
			'<https://evil.example> and <mailto:ana@example.org>',
			'mailto:ana@example.org xmpp:ana@example.org',
			'//evil.example/path',
			'HTTPS://EVIL.EXAMPLE',
			'&#60;https://evil.example&#62; and &lt;b&gt;'
		];
		for (const text of hostile) {
			for (const inTable of [false, true]) {
				const html = inTable
					? renderer.render(`| a |\n| --- |\n| ${mdText(text, { inTable })} |\n`)
					: renderer.render(mdText(text));
				expect(html, text).not.toMatch(/<a[\s>]/);
				expect(plain(html), text).toContain(text);
			}
		}
		// Figures and times stay plain in the Markdown source too.
		expect(mdText('At 10:30, 4.2 out of 5')).toBe('At 10:30, 4.2 out of 5');
	});

	it('renders headings, facts, tables with aligned figures and values checks', () => {
		const doc: OutcomeDocument = {
			title: 'Outcome report: Oak',
			subtitle: '',
			facts: [{ label: 'Codename', value: 'Oak' }],
			notice: 'Names no one.',
			sections: [
				{
					id: 's',
					heading: 'Pulse',
					blocks: [
						{
							kind: 'table',
							caption: 'Q',
							head: ['Question', 'Answers'],
							rows: [['Safe', '6']],
							numeric: [1]
						},
						{
							kind: 'check',
							title: 'A → B',
							meta: 'today',
							values: [
								{
									value: 'respect',
									label: 'Respect',
									state: 'overridden',
									stateLabel: 'Passed by judgement',
									reasons: ['Too few'],
									override: 'Agreed verbally'
								}
							]
						}
					]
				}
			]
		};
		const md = outcomeMarkdown(doc);
		expect(md).toContain('# Outcome report: Oak\n');
		expect(md).toContain('| Question | Answers |\n| --- | ---: |\n| Safe | 6 |');
		expect(md).toContain('- **Respect: Passed by judgement**\n  - Too few\n  - Agreed verbally');
		expect(md.endsWith('\n')).toBe(true);
	});
});

describe('iCalendar', () => {
	it('escapes text and folds long lines at 75 octets without splitting a character', () => {
		expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
		const long = `SUMMARY:${'é'.repeat(60)}`;
		const folded = foldLine(long);
		for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
		expect(
			folded
				.split('\r\n')
				.slice(1)
				.every((l) => l.startsWith(' '))
		).toBe(true);
		expect(folded.replace(/\r\n /g, '')).toBe(long);
	});

	it('writes all-day events with a UID, a UTC DTSTAMP and CRLF line ends', () => {
		const now = Date.UTC(2031, 0, 2, 3, 4, 5);
		const ics = icsCalendar(
			[
				{
					uid: 'review-1@hearth',
					day: '2031-04-15',
					summary: 'Review meeting: Oak, Elm',
					url: 'http://x/review/1'
				}
			],
			{ name: 'Hearth review dates', now }
		);
		expect(icsStamp(now)).toBe('20310102T030405Z');
		const lines = ics.split('\r\n');
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
		expect(lines).toEqual(
			expect.arrayContaining([
				'BEGIN:VCALENDAR',
				'VERSION:2.0',
				'UID:review-1@hearth',
				'DTSTAMP:20310102T030405Z',
				'DTSTART;VALUE=DATE:20310415',
				'DTEND;VALUE=DATE:20310416',
				'SUMMARY:Review meeting: Oak\\, Elm',
				'END:VCALENDAR'
			])
		);
	});
});

describe('PDF text and file names', () => {
	it('replaces emoji and scripts without a font visibly in the PDF, says what the marks mean, and never prints "?"', async () => {
		const file = await outcomePdf(
			{
				title: 'Outcome report: Oak 1a2b',
				subtitle: '',
				facts: [{ label: 'Codename', value: 'Oak 1a2b' }],
				notice: 'This report names no participant.',
				sections: [
					{
						id: 'themes',
						heading: 'Themes',
						blocks: [
							{ kind: 'paragraph', text: 'Coffee ☕ after Friday prayers 🙏🏽' },
							{
								kind: 'table',
								caption: 'Answers',
								head: ['Theme', 'Answer'],
								rows: [['Welcome 漢字', 'Yes 👍']]
							}
						]
					}
				]
			},
			{
				footer: 'Oak 1a2b',
				pageLabel: (page, pages) => `Page ${page} of ${pages}`,
				title: 'Outcome report: Oak 1a2b',
				createdAt: new Date(0),
				marks: { emoji: '[emoji]', other: '[unsupported script]' },
				marksNote: (marks) => `Some characters read ${marks.emoji} or ${marks.other}.`
			}
		);
		const pdf = await pdfText(file);
		expect(pdf.flat).toContain('Coffee [emoji] after Friday prayers [emoji]');
		expect(pdf.flat).toContain('Welcome [unsupported script]');
		expect(pdf.flat).toContain('Yes [emoji]');
		expect(pdf.flat).toContain('Some characters read [emoji] or [unsupported script].');
		expect(pdf.text).not.toContain('?');
	});

	it('keeps every letter a bundled font has, and replaces the rest visibly, a run of another script once', () => {
		const marks = { emoji: '[emoji]', other: '[…]' };
		expect(prepareText('Café € – “ok” → ő ł ı İ ğ ş Ω Ж שלום سلام', marks)).toBe(
			'Café € – “ok” → ő ł ı İ ğ ş Ω Ж שלום سلام'
		);
		// Emoji are replaced visibly, each cluster once (skin tone, flag, family joined by ZWJ), never by "?".
		expect(prepareText('Thanks 🙏🏽 🇳🇱 👨‍👩‍👧 ❤️!', marks)).toBe('Thanks [emoji] [emoji] [emoji] [emoji]!');
		// Chinese, Thai and Devanagari have no bundled font: one mark per run, the spaces inside the run included.
		expect(prepareText('Welcome 漢字 漢字 and สวัสดี, नमस्ते.', marks)).toBe('Welcome […] and […], […].');
		// Arabic presentation forms (text copied out of another PDF) become letters again, to be shaped.
		expect(prepareText('\ufefb', marks)).toBe('\u0644\u0627');
	});

	it('names files after the codename in plain letters', () => {
		expect(fileSlug('Linden Één / 3')).toBe('linden-een-3');
		expect(fileSlug('***')).toBe('dialogue');
		expect(attachment('hearth-outcome-é.pdf')).toBe(
			`attachment; filename="hearth-outcome-_.pdf"; filename*=UTF-8''hearth-outcome-%C3%A9.pdf`
		);
	});
});
