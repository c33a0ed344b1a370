/**
 * Issue 14, against the production build (`npx vite build` first): what a new phone on a slow connection pays for
 * the join page before any script. The page leaves compressed (brotli, else gzip), with the scripts to preload
 * named in its head instead of SvelteKit's `Link` header (3 KB of header that HTTP/1.1 never compresses).
 * The scripts and stylesheets it names are sent precompressed and cached for a year (`immutable`). Staff pages are
 * never compressed (BREACH: see src/lib/server/http/compress.ts).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** The bytes as they came over the wire (not decompressed). */
	body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { headers, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) })
			);
		});
		request.on('error', (cause) =>
			reject(new Error(`${url}: ${String(cause)}\n${server.output()}`, { cause }))
		);
	});
}

/** The page without its per-response CSP nonce, to compare two renders. */
const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

const JOIN_PAGE = '/s/ABC234';

describe('the join page a new phone opens', () => {
	it('is sent brotli-compressed, the same page when decoded, its preload hints in its head, not in a Link header', async () => {
		const plain = await get(`${server.baseUrl}${JOIN_PAGE}`);
		const compressed = await get(`${server.baseUrl}${JOIN_PAGE}`, {
			'accept-encoding': 'gzip, deflate, br, zstd'
		});
		expect(compressed.status).toBe(200);
		expect(compressed.headers['content-encoding']).toBe('br');
		expect(compressed.headers.vary).toMatch(/Accept-Encoding/i);
		expect(Number(compressed.headers['content-length'])).toBe(compressed.body.length);
		const html = brotliDecompressSync(compressed.body).toString();
		expect(withoutNonce(html)).toBe(withoutNonce(plain.body.toString()));
		expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
		// The phone's own build, not SvelteKit's client: one module script from this origin, named in the head;
		// the header is gone.
		const head = html.slice(0, html.indexOf('</head>'));
		const entries = [...head.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatch(/^\/_app\/immutable\/phone\/main-[\w-]+\.js$/);
		expect(html).not.toContain('__sveltekit');
		expect(compressed.headers.link).toBeUndefined();
		expect(plain.headers.link).toBeUndefined();
		// Everything else a page gets is still there.
		expect(compressed.headers['cache-control']).toBe('no-store');
		// One inline script, the early join, at the top of the head (before the preloads, the styles and the
		// entry), and the policy allows exactly it, by its hash: no nonce, no 'unsafe-inline' for scripts.
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
		expect(inline).toHaveLength(1);
		const early = inline[0]?.[1] ?? '';
		expect(early).toContain('/api/v1/join');
		expect(inline[0]?.index).toBeLessThan(head.indexOf('<link rel="modulepreload"'));
		expect(inline[0]?.index).toBeLessThan(head.indexOf('<style'));
		const hash = createHash('sha256').update(early).digest('base64');
		expect(compressed.headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}';`);
		expect(compressed.headers['x-content-type-options']).toBe('nosniff');
	});

	it('falls back to gzip, and to the plain page for a client that takes no compression', async () => {
		const gzipped = await get(`${server.baseUrl}${JOIN_PAGE}`, { 'accept-encoding': 'gzip' });
		expect(gzipped.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzipped.body).toString()).toMatch(/^<!doctype html>/i);
		const plain = await get(`${server.baseUrl}${JOIN_PAGE}`);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toMatch(/^<!doctype html>/i);
	});

	it('names scripts and stylesheets that come precompressed and cached for a year', async () => {
		const page = (await get(`${server.baseUrl}${JOIN_PAGE}`)).body.toString();
		const assets = [...page.matchAll(/(?:href|src)="(?:\.\.)?(\/_app\/immutable\/[^"]+\.(?:js|css))"/g)].map(
			(m) => m[1] ?? ''
		);
		expect(assets.length).toBeGreaterThan(2);
		for (const asset of assets) {
			const answer = await get(`${server.baseUrl}${asset}`, { 'accept-encoding': 'gzip, deflate, br' });
			expect(answer.status, asset).toBe(200);
			expect(answer.headers['content-encoding'], asset).toBe('br');
			expect(answer.headers['cache-control'], asset).toBe('public,max-age=31536000,immutable');
		}
	});
});

/** The scripts a page names (its module script and its preloads), in the order it names them. */
function scriptsOf(page: string): string[] {
	return [...page.matchAll(/(?:<link rel="modulepreload" href|<script type="module" src)="([^"]+)"/g)].map(
		(m) => m[1] ?? ''
	);
}

/** The languages of the project, English first. */
const LOCALES = ['en', 'nl', 'de', 'fr', 'es', 'pl', 'tr', 'ar'];

/**
 * Every script a phone in `locale` loads before it draws: the page's inline early join, what the join page names
 * for it, and what those import statically, with the gzip bytes the server sends of each.
 */
async function firstLoad(locale: string): Promise<{ scripts: string[]; bytes: number }> {
	const headers: Record<string, string> =
		locale === 'en' ? { 'accept-language': 'en-GB' } : { cookie: `PARAGLIDE_LOCALE=${locale}` };
	const page = (await get(`${server.baseUrl}${JOIN_PAGE}`, headers)).body.toString();
	const queue = scriptsOf(page);
	expect(queue.length).toBeGreaterThan(0);
	const seen = new Set<string>();
	// The early join, inline in the page, is JavaScript of the first load too.
	let bytes = [...page.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce(
		(sum, found) => sum + gzipSync(found[1] ?? '').length,
		0
	);
	expect(bytes).toBeGreaterThan(0);
	while (queue.length > 0) {
		const script = queue.pop() ?? '';
		if (seen.has(script)) continue;
		seen.add(script);
		const answer = await get(`${server.baseUrl}${script}`, { 'accept-encoding': 'gzip' });
		expect(answer.status, script).toBe(200);
		expect(answer.headers['content-encoding'], script).toBe('gzip');
		bytes += answer.body.length;
		const source = gunzipSync(answer.body).toString();
		// Static imports only (`import … from "x"`, `import "x"`), not `import("x")`.
		for (const found of source.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) {
			queue.push(new URL(found[1] ?? '', `${server.baseUrl}${script}`).pathname);
		}
	}
	return { scripts: [...seen], bytes };
}

describe("the phone's first load (issue 14)", () => {
	it('is at most 40 KB of gzip JavaScript in every language, every file it names and what those import', async () => {
		const sizes: Record<string, number> = {};
		for (const locale of LOCALES) sizes[locale] = (await firstLoad(locale)).bytes;
		// Each language's own texts are part of it: another language's first load is larger than English's.
		expect(sizes.ar).toBeGreaterThan(sizes.en ?? 0);
		for (const locale of LOCALES) expect(sizes[locale], locale).toBeLessThanOrEqual(40 * 1024);
	});

	it("names a phone's language texts in the head, so they arrive beside the entry", async () => {
		const english = scriptsOf((await get(`${server.baseUrl}${JOIN_PAGE}`)).body.toString());
		const arabic = scriptsOf(
			(await get(`${server.baseUrl}${JOIN_PAGE}`, { cookie: 'PARAGLIDE_LOCALE=ar' })).body.toString()
		);
		const texts = arabic.filter((script) => !english.includes(script));
		expect(texts.length).toBeGreaterThan(0);
		const bodies = await Promise.all(
			texts.map(async (script) => (await get(`${server.baseUrl}${script}`)).body.toString())
		);
		// The phone's Arabic texts ("Welcome" among them), not the English ones every phone has.
		expect(bodies.join('\n')).toMatch(/[\u0600-\u06ff]{3}/);
	});
});

describe('pages with staff or session data', () => {
	it('are not compressed, whatever the browser takes', async () => {
		const signIn = await get(`${server.baseUrl}/login`, { 'accept-encoding': 'gzip, deflate, br' });
		expect(signIn.status).toBe(200);
		expect(signIn.headers['content-encoding']).toBeUndefined();
		expect(signIn.headers.link).toMatch(/rel="modulepreload"/);
		expect(signIn.body.toString()).toMatch(/^<!doctype html>/i);
	});

	it('nor is a public page rendered for a signed-in staff member', async () => {
		const page = await get(`${server.baseUrl}${JOIN_PAGE}`, {
			'accept-encoding': 'gzip, deflate, br',
			cookie: fx.staffCookie
		});
		expect(page.status).toBe(200);
		expect(page.headers['content-encoding']).toBeUndefined();
		expect(page.body.toString()).toMatch(/^<!doctype html>/i);
	});
});
