/**
 * The Markdown export of the outcome document: headings, tables, lists and paragraphs. Text from the meeting is
 * escaped so that it stays text: no link, image, HTML or table break can be smuggled in through a proposal.
 */
import type { Block, OutcomeDocument } from '$lib/outcome/types';

/**
 * Where a renderer that turns bare addresses into links (GFM's autolink extension, markdown-it's linkify, most
 * editors' previews) would find one: a scheme's `://`, a dot before a letter (`evil.example`, a fuzzy domain with
 * any top-level name) or between a letter and a digit (`www.123`), an `@` before a letter or digit (an e-mail
 * address, a mention). A backslash
 * before that `:`, `.` or `@` renders the same character, but splits the address in two for every linkifier, so
 * "see evil.example/login" reads as typed and links nowhere. Figures (`4.2`) and times (`10:30`) are left alone.
 */
const LINK_PUNCTUATION = /:(?=\/)|\.(?=\p{L})|(?<=\p{L})\.(?=\p{N})|@(?=[\p{L}\p{N}])/gu;

function unlinkable(text: string): string {
	return text.replace(LINK_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Escapes Markdown and HTML syntax in text from the meeting: inline markers everywhere, and what would start a
 * heading, list, quote or numbered item at the start of a line. Line breaks become spaces in tables and hard
 * breaks elsewhere.
 */
export function mdText(text: string, options: { inTable?: boolean } = {}): string {
	const lines = text.split(/\r?\n/).map((line) => {
		// `&` too, so that an entity someone typed (`&#60;`) shows as typed instead of becoming its character.
		const inline = unlinkable(line.replace(/[\\`*_[\]|~&]/g, (c) => `\\${c}`).replace(/</g, '&lt;'));
		// Inside a table cell a line start means nothing; elsewhere it could open a heading or a list.
		return options.inTable
			? inline
			: inline.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
	});
	return lines.join(options.inTable ? ' ' : '  \n');
}

function table(head: string[], rows: string[][], numeric: number[] = []): string[] {
	const cell = (text: string) => mdText(text, { inTable: true }) || ' ';
	const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
	const rule = `| ${head.map((_, i) => (numeric.includes(i) ? '---:' : '---')).join(' | ')} |`;
	return [line(head), rule, ...rows.map(line)];
}

function block(b: Block): string[] {
	switch (b.kind) {
		case 'paragraph':
			return [mdText(b.text)];
		case 'facts':
			return b.items.map((item) => `- **${mdText(item.label)}:** ${mdText(item.value)}`);
		case 'list':
			return b.items.map((item) => `- ${mdText(item)}`);
		case 'table':
			return [`**${mdText(b.caption)}**`, '', ...table(b.head, b.rows, b.numeric)];
		case 'check':
			return [
				`### ${mdText(b.title)}`,
				'',
				`*${mdText(b.meta)}*`,
				'',
				...b.values.flatMap((v) => [
					`- **${mdText(v.label)}: ${mdText(v.stateLabel)}**`,
					...v.reasons.map((r) => `  - ${mdText(r)}`),
					...(v.override ? [`  - ${mdText(v.override)}`] : [])
				])
			];
	}
}

export function outcomeMarkdown(doc: OutcomeDocument): string {
	const lines: string[] = [`# ${mdText(doc.title)}`, ''];
	if (doc.subtitle) lines.push(mdText(doc.subtitle), '');
	for (const item of doc.facts) lines.push(`- **${mdText(item.label)}:** ${mdText(item.value)}`);
	lines.push('', `> ${mdText(doc.notice)}`, '');
	for (const section of doc.sections) {
		lines.push(`## ${mdText(section.heading)}`, '');
		for (const b of section.blocks) lines.push(...block(b), '');
	}
	return (
		lines
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trimEnd() + '\n'
	);
}
