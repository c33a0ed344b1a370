/**
 * An RFC 4180 reader for the specs: quoted fields with doubled quotes and line breaks, CRLF line ends. Written
 * separately from the writer so that a test reading the export back does not share its mistakes.
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else if (ch === '\n') throw new Error(`bare LF at ${i}: lines must end in CRLF`);
		else field += ch;
	}
	if (field !== '' || row.length > 0) throw new Error('the last line does not end in CRLF');
	return rows;
}
