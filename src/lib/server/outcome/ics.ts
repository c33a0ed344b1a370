/**
 * Review dates as an iCalendar file (RFC 5545): all-day events for follow-up review meetings and for the due
 * dates of commitments still open. CRLF line ends, text escaped (backslash, semicolon, comma, line break), lines
 * folded at 75 octets without splitting a UTF-8 character, a stable UID per event (so a re-import updates rather
 * than duplicates) and a DTSTAMP in UTC.
 */

export interface CalendarEvent {
	/** Stable and unique, e.g. `review-<session id>@hearth`. */
	uid: string;
	/** `YYYY-MM-DD`: an all-day event. */
	day: string;
	summary: string;
	description?: string;
	url?: string;
	categories?: string[];
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`. */
export function icsText(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * RFC 5545 §3.1: a content line longer than 75 octets continues on the next line after CRLF and one space. Cut
 * between characters (never inside a UTF-8 sequence); the leading space counts towards the next line's 75.
 */
export function foldLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	let limit = 75;
	for (const ch of line) {
		const size = Buffer.byteLength(ch, 'utf8');
		if (octets + size > limit) {
			parts.push(current);
			current = '';
			octets = 0;
			limit = 74;
		}
		current += ch;
		octets += size;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

function compactDay(day: string): string {
	return day.replaceAll('-', '');
}

function nextDay(day: string): string {
	const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
	return next.toISOString().slice(0, 10);
}

/** UTC date-time `YYYYMMDDTHHMMSSZ`. */
export function icsStamp(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

export function icsCalendar(
	events: readonly CalendarEvent[],
	options: { name: string; now: number }
): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Hearth//Outcome and follow-up//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${icsText(options.name)}`
	];
	const stamp = icsStamp(options.now);
	for (const event of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${icsText(event.uid)}`,
			`DTSTAMP:${stamp}`,
			`DTSTART;VALUE=DATE:${compactDay(event.day)}`,
			`DTEND;VALUE=DATE:${compactDay(nextDay(event.day))}`,
			`SUMMARY:${icsText(event.summary)}`,
			...(event.description ? [`DESCRIPTION:${icsText(event.description)}`] : []),
			...(event.url ? [`URL:${event.url}`] : []),
			...(event.categories?.length ? [`CATEGORIES:${event.categories.map(icsText).join(',')}`] : []),
			'TRANSP:TRANSPARENT',
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
