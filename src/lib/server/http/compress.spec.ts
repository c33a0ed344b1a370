import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressPage, linkHeaderIntoHead } from './compress';

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours q=0 and the wildcard', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('BR;Q=0.1')).toBe('br');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('gzip;q=0')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('linkHeaderIntoHead', () => {
	const head =
		'<html><head><link href="../_app/immutable/assets/0.css" rel="stylesheet">\n\t</head><body></body></html>';
	const link = [
		'<../_app/immutable/assets/0.css>; rel="preload"; as="style"; nopush',
		'<../_app/immutable/entry/start.js>; rel="modulepreload"; nopush',
		'<../_app/immutable/chunks/a.js>; rel="modulepreload"; nopush',
		'<../_app/immutable/assets/font.woff2>; rel="preload"; as="font"; type="font/woff2"; crossorigin; nopush'
	].join(', ');

	it('writes each hint into the head as a link element, leaving out files the head already links', () => {
		const out = linkHeaderIntoHead(head, link);
		expect(out).toContain('<link href="../_app/immutable/entry/start.js" rel="modulepreload">');
		expect(out).toContain('<link href="../_app/immutable/chunks/a.js" rel="modulepreload">');
		expect(out).toContain(
			'<link href="../_app/immutable/assets/font.woff2" rel="preload" as="font" type="font/woff2" crossorigin>'
		);
		expect(out.match(/0\.css/g)).toHaveLength(1);
		expect(out.indexOf('start.js')).toBeGreaterThan(out.indexOf('0.css'));
		expect(out.indexOf('start.js')).toBeLessThan(out.indexOf('</head>'));
		expect(out).not.toContain('nopush');
	});

	it('leaves a page without a head or without hints as it is', () => {
		expect(linkHeaderIntoHead(head, null)).toBe(head);
		expect(linkHeaderIntoHead('<p>no head</p>', link)).toBe('<p>no head</p>');
	});
});

const html = `<!doctype html><html><head>\n\t</head><body>${'<p>A worry, held for moderation.</p>'.repeat(60)}</body></html>`;
const withHints = html.replace(
	'</head>',
	'<link href="/_app/immutable/entry/start.js" rel="modulepreload">\n\t</head>'
);

function page(body = html, headers: Record<string, string> = {}): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/html',
			'content-length': String(Buffer.byteLength(body)),
			etag: '"abc"',
			link: '</_app/immutable/entry/start.js>; rel="modulepreload"; nopush',
			...headers
		}
	});
}

const get = (acceptEncoding?: string) =>
	new Request('http://hall.local/s/ABC123', {
		headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
	});

describe('compressPage', () => {
	it('sends a public page with its hints in its head instead of the Link header, compressed with brotli', async () => {
		const response = page();
		response.headers.append('set-cookie', 'a=1; Path=/');
		response.headers.append('set-cookie', 'b=2; Path=/');
		const sent = await compressPage('/s/[code]', get('gzip, br'), response);
		expect(sent.headers.get('content-encoding')).toBe('br');
		expect(sent.headers.get('link')).toBeNull();
		expect(sent.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(sent.headers.get('etag')).toBe('W/"abc"');
		expect(sent.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
		const body = Buffer.from(await sent.arrayBuffer());
		expect(Number(sent.headers.get('content-length'))).toBe(body.length);
		expect(body.length).toBeLessThan(Buffer.byteLength(withHints) / 4);
		expect(brotliDecompressSync(body).toString()).toBe(withHints);
	});

	it('falls back to gzip, and to the uncompressed page (hints in its head) for a client that takes neither', async () => {
		const gzipped = await compressPage('/s/[code]', get('gzip'), page());
		expect(gzipped.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(withHints);

		const plain = await compressPage('/s/[code]', get(), page());
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('link')).toBeNull();
		expect(plain.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(await plain.text()).toBe(withHints);
		expect(plain.headers.get('etag')).toBe('W/"abc"');
	});

	it('leaves private routes, small, streamed and non-HTML responses, and HEAD requests as they are', async () => {
		const unchanged = async (routeId: string | null, request: Request, response: Response) => {
			const sent = await compressPage(routeId, request, response);
			expect(sent).toBe(response);
			expect(sent.headers.get('link')).not.toBeNull();
		};
		// Staff and session pages carry secrets: never compressed (BREACH).
		await unchanged('/(staff)/dialogues', get('br'), page());
		await unchanged('/projector/[sessionId]', get('br'), page());
		await unchanged('/invite/[token]', get('br'), page());
		// Nor is any page rendered for signed-in staff (an error page may show who is signed in).
		const staffPage = page();
		const sent = await compressPage(null, get('br'), staffPage, { staffSignedIn: true });
		expect(sent).toBe(staffPage);
		await unchanged('/s/[code]', get('br'), page('<p>short</p>'));
		const streamed = page();
		streamed.headers.delete('content-length');
		await unchanged('/s/[code]', get('br'), streamed);
		await unchanged('/api/v1/join', get('br'), page(html, { 'content-type': 'application/json' }));
		await unchanged('/s/[code]', get('br'), page(html, { 'content-type': 'text/event-stream' }));
		await unchanged('/s/[code]', get('br'), page(html, { 'content-encoding': 'gzip' }));
		await unchanged(
			'/s/[code]',
			new Request('http://hall.local/s/ABC123', { method: 'HEAD', headers: { 'accept-encoding': 'br' } }),
			page()
		);
	});

	it('compresses the public error page of an address no route serves', async () => {
		const sent = await compressPage(null, get('br'), page());
		expect(sent.headers.get('content-encoding')).toBe('br');
	});
});
