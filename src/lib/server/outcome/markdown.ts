/**
 * The Markdown export of the outcome document: headings, tables, lists and paragraphs. Text from the meeting is
 * escaped so that it stays text: no link, image, HTML or table break can be smuggled in through a proposal.
 */
import type { Block, OutcomeDocument } from '$lib/outcome/types';

/**
 * Escapes Markdown and HTML syntax in text from the meeting: inline markers everywhere, and what would start a
 * heading, list, quote or numbered item at the start of a line. Line breaks become spaces in tables and hard
 * breaks elsewhere.
 */
export function mdText(text: string, options: { inTable?: boolean } = {}): string {
	const lines = text.split(/\r?\n/).map((line) => {
		const inline = line.replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`).replace(/</g, '&lt;');
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
