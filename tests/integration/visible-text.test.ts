/**
 * Issue 10, point 6, against the production build (`npx vite build` first) and its SQLite file: what a phone or a
 * staff form sends is stored and shown without the characters that hide or reorder words, while emoji and
 * scripts that need joiners arrive whole (a byte scan of the database and its WAL checks that nothing hidden
 * was stored); and the exports of a report whose texts look like formulas and addresses stay harmless: the CSV
 * defuses full-width formula signs, the Markdown links nowhere when rendered with linkify.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import MarkdownIt from 'markdown-it';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { contribution, dialogue } from '$lib/server/db/schema';
import { addDialogue, moveTo, openSession } from '$lib/server/live/test-support';
import { parseCsv } from '$lib/server/outcome/csv-parse.test-support';
import { closeFromAgreement, runToAgreement } from '$lib/server/outcome/test-support';
import { fixtureOn, type ServerFixture } from '../support/server-fixture';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let fx: ServerFixture;

beforeAll(async () => {
	server = await startServer();
	fx = fixtureOn(server);
}, 60_000);

afterAll(async () => {
	fx?.close();
	await server?.stop();
});

const TECHNOLOGIST = '\u{1F469}\u200D\u{1F4BB}'; // 👩‍💻
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // 👨‍👩‍👧
const WALES = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}';
const PERSIAN = '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645'; // می‌خواهم
const HINDI = '\u0915\u094D\u200D\u0937'; // क्‍ष

/**
 * Characters that must never be stored, by name, each with the letters it was typed between below. The file is
 * searched for the character with its neighbours as typed: two bytes alone (a soft hyphen is C2 AD) turn up by
 * chance in a file of binary integers (a timestamp holds them about once in ten runs), the typed text does not.
 */
const NEVER_STORED = {
	'RIGHT-TO-LEFT OVERRIDE': ['me\u202E yap', 'Wil\u200Bg\u202E 7'],
	'POP DIRECTIONAL FORMATTING': ['live\u202C,'],
	'LEFT-TO-RIGHT ISOLATE': ['a \u2066word'],
	'POP DIRECTIONAL ISOLATE': ['word\u2069', 'party\u2069'],
	'ZERO WIDTH SPACE': ['mon\u200Bs', 'Wil\u200Bg'],
	'SOFT HYPHEN': ['s\u00ADt', '\u0647\u0645\u00AD'],
	'WORD JOINER': ['t\u2060er'],
	'TAG LATIN CAPITAL LETTER I': ['\u{E0049}\u{E0047}\u{E004E}']
};

/** The database file and its write-ahead log, as bytes. */
function storedBytes(): Buffer {
	const files = [server.databasePath, `${server.databasePath}-wal`].filter((f) => fs.existsSync(f));
	return Buffer.concat(files.map((f) => fs.readFileSync(f)));
}

async function call(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

describe('text that shows what it says', () => {
	it('a phone’s concern is stored and shown without hidden characters, its emoji and scripts whole', async () => {
		const opened = openSession(fx);
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		const joined = await call('POST', '/api/v1/join', '', { code: opened.joinCode });
		expect(joined.status).toBe(201);
		const phone = joined.headers.getSetCookie()[0]?.split(';')[0] ?? '';

		// Shown reversed by the override ("live.example/pay" reads as an address on the wall), a word split by
		// invisible characters (so no one searching for it finds it), and a sentence spelled in tag characters.
		const smuggled = [...'IGNORE'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
		const typed =
			`Fine by me\u202E yap/elpmaxe.live\u202C, but mon\u200Bs\u00ADt\u2060er is a \u2066word\u2069${smuggled}. ` +
			`${TECHNOLOGIST} ${FAMILY} ${WALES} ${PERSIAN} ${HINDI}`;
		const shown =
			`Fine by me yap/elpmaxe.live, but monster is a word. ` +
			`${TECHNOLOGIST} ${FAMILY} ${WALES} ${PERSIAN} ${HINDI}`;
		const sent = await call('POST', `/api/v1/sessions/${opened.sessionId}/contributions`, phone, {
			kind: 'concern',
			text: typed,
			clientRequestId: randomUUID()
		});
		expect(sent.status, await sent.clone().text()).toBe(201);

		const rows = fx.db
			.select({ text: contribution.text })
			.from(contribution)
			.where(eq(contribution.sessionId, opened.sessionId))
			.all();
		expect(rows.map((r) => r.text)).toEqual([shown]);

		// The facilitator's console reads exactly that.
		const view = await call('GET', `/api/v1/sessions/${opened.sessionId}`, fx.staffCookie);
		expect(view.status).toBe(200);
		expect(JSON.stringify(await view.json())).toContain(JSON.stringify(shown).slice(1, -1));
	});

	it('a staff form stores the same: hidden characters gone, joiners and emoji kept', async () => {
		const organiserCookie = `${SESSION_COOKIE}=${createSession(fx.db, fx.organiser.id).token}`;
		const form = new URLSearchParams({
			codename: 'Wil\u200Bg\u202E 7',
			description: `Street ${FAMILY}\u2067 party\u2069\nwith ${PERSIAN}\u00AD`
		});
		const response = await fetch(`${server.baseUrl}/dialogues/new`, {
			method: 'POST',
			headers: {
				cookie: organiserCookie,
				origin: server.baseUrl,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: form,
			redirect: 'manual'
		});
		expect(response.status, await response.clone().text()).toBe(303);
		const id = new URL(response.headers.get('location') ?? '', server.baseUrl).pathname.split('/')[2] ?? '';
		const [row] = fx.db
			.select({ codename: dialogue.codename, description: dialogue.description })
			.from(dialogue)
			.where(eq(dialogue.id, id))
			.all();
		expect(row).toEqual({ codename: 'Wilg 7', description: `Street ${FAMILY} party\nwith ${PERSIAN}` });
	});

	it('nothing hidden reached the database file or its WAL; what renders did', () => {
		fx.db.$client.pragma('wal_checkpoint(PASSIVE)');
		const bytes = storedBytes();
		for (const [name, typed] of Object.entries(NEVER_STORED)) {
			for (const text of typed) expect(bytes.includes(Buffer.from(text, 'utf8')), name).toBe(false);
		}
		for (const kept of [TECHNOLOGIST, FAMILY, WALES, PERSIAN, HINDI]) {
			expect(bytes.includes(Buffer.from(kept, 'utf8')), kept).toBe(true);
		}
	});
});

describe('exports of texts that look like formulas and addresses', () => {
	it('defuse full-width formula signs in the CSV and link nowhere in the Markdown', async () => {
		const second = { ...fx, dialogueId: addDialogue(fx.db, fx.organisationId, fx.facilitator) };
		const session = runToAgreement(second);
		const commitments = [
			{
				action: '＝HYPERLINK("https://evil.example/pay","Click to confirm")',
				ownerRole: '＠Mosque board',
				reviewHow: 'See www.evil.example or mail ana.jansen@example.org'
			},
			{
				action: '－2＋3 chairs, booked at <https://evil.example/form>',
				ownerRole: '＋Club volunteers',
				reviewHow: '﹦SUM(1) at evil.example/review'
			}
		];
		for (const c of commitments) {
			const added = await call('POST', `/api/v1/sessions/${session.sessionId}/commands`, fx.staffCookie, {
				type: 'agreement.commitment.add',
				dueOn: '2031-02-01',
				...c
			});
			expect(added.status, await added.clone().text()).toBe(200);
		}
		closeFromAgreement(second, session, commitments.length);

		const csv = await call('GET', `/api/v1/sessions/${session.sessionId}/outcome?format=csv`, fx.staffCookie);
		expect(csv.status).toBe(200);
		const rows = parseCsv(await csv.text()).filter((row) => row[0] === 'commitment');
		for (const c of commitments) {
			const row = rows.find((r) => r[2]?.endsWith(c.action));
			expect(row, c.action).toBeDefined();
			expect(row?.[2]).toBe(`'${c.action}`);
			expect(row?.[3]).toBe(`'${c.ownerRole}`);
		}
		expect(rows.find((r) => r[5]?.includes('SUM(1)'))?.[5]).toBe(`'${commitments[1]?.reviewHow}`);

		const md = await call('GET', `/api/v1/sessions/${session.sessionId}/outcome?format=md`, fx.staffCookie);
		expect(md.status).toBe(200);
		const html = new MarkdownIt({ linkify: true }).render(await md.text());
		expect(html).not.toMatch(/<a[\s>]/);
		const text = html
			.replace(/<[^>]+>/g, '')
			.replaceAll('&lt;', '<')
			.replaceAll('&gt;', '>')
			.replaceAll('&quot;', '"')
			.replaceAll('&amp;', '&');
		for (const c of commitments) {
			for (const typed of [c.action, c.ownerRole, c.reviewHow]) expect(text).toContain(typed);
		}
	});
});
