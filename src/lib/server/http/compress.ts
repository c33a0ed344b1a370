import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isPrivateRoute } from './headers';

/**
 * What a phone on a slow connection pays for a page's HTML (issue 14). adapter-node sends the built scripts and
 * stylesheets precompressed (brotli or gzip, and `immutable` for a year), but the pages it renders go out as they
 * are. And SvelteKit names every script the page needs only in a `Link` header (`rel="modulepreload"`: it writes
 * them into the page's head only when prerendering), next to a `rel="preload"` for every stylesheet the head
 * already links: 3 KB and more of header, which HTTP/1.1 never compresses. So a public page leaves with those hints
 * moved into its head, where they compress to a few hundred bytes and the browser reads them in the same first
 * round trip, without the header, and compressed (brotli when the browser takes it, else gzip).
 *
 * Only pages of public routes (the phone's join page, the start page, the error pages) and only for a browser with
 * no staff member signed in: pages that carry staff or session data (`isPrivateRoute`, or any page rendered for
 * signed-in staff) are left alone, so that a secret on them (a one-time invite link, a reset link) can never be
 * guessed from the length of a compressed response that also echoes a person's input (the BREACH attack). Responses without a length (streamed), below 1 KB, event streams, files and API answers go out as
 * they are.
 */

const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/** The encoding to send for an `Accept-Encoding` header: brotli, else gzip, else none (`q=0` refuses one). */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name = '', ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
		q.set(name.trim(), weight === undefined ? 1 : Number(weight));
	}
	const accepts = (coding: Encoding) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
	if (accepts('br')) return 'br';
	if (accepts('gzip')) return 'gzip';
	return null;
}

/**
 * The page with the hints of a `Link` header written into its head as `<link>` elements (before `</head>`, after
 * the stylesheets), leaving out those for a file the page already links.
 */
export function linkHeaderIntoHead(html: string, link: string | null): string {
	const end = html.indexOf('</head>');
	if (!link || end < 0) return html;
	const tags: string[] = [];
	for (const entry of link.split(/,(?=\s*<)/)) {
		const match = /^\s*<([^>]*)>(.*)$/.exec(entry);
		if (!match) continue;
		const [, href = '', params = ''] = match;
		const escaped = href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
		if (html.includes(`href="${escaped}"`)) continue;
		const attributes = params
			.split(';')
			.map((p) => p.trim())
			.filter((p) => p && p !== 'nopush')
			.map((p) => {
				const [name = '', value] = p.split('=');
				return value === undefined ? name : `${name}="${value.replace(/^"|"$/g, '')}"`;
			});
		tags.push(`<link href="${escaped}" ${attributes.join(' ')}>`);
	}
	return tags.length ? `${html.slice(0, end)}${tags.join('\n\t\t')}\n\t${html.slice(end)}` : html;
}

/** Whether this response is a rendered page of a public route, whole (with its length) and worth compressing. */
function compressible(
	routeId: string | null,
	method: string,
	response: Response,
	staffSignedIn: boolean
): boolean {
	if (method !== 'GET' || !response.body || response.headers.has('content-encoding')) return false;
	if (staffSignedIn || isPrivateRoute(routeId)) return false;
	if (!/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) return false;
	const length = Number(response.headers.get('content-length') ?? NaN);
	return Number.isFinite(length) && length >= MIN_BYTES;
}

/** The response as it should leave: a public page with its hints in its head, compressed when the browser takes it. */
export async function compressPage(
	routeId: string | null,
	request: Request,
	response: Response,
	{ staffSignedIn = false }: { staffSignedIn?: boolean } = {}
): Promise<Response> {
	if (!compressible(routeId, request.method, response, staffSignedIn)) return response;
	const headers = new Headers(response.headers);
	headers.delete('link');
	headers.append('vary', 'Accept-Encoding');
	// Hints written in, maybe compressed: another representation of the same page, so its validator is weak.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	const html = linkHeaderIntoHead(await response.text(), response.headers.get('link'));
	const raw = Buffer.from(html);
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	const answer = (body: Uint8Array<ArrayBuffer>) => {
		headers.set('content-length', String(body.length));
		return new Response(body, { status: response.status, statusText: response.statusText, headers });
	};
	if (!encoding) return answer(new Uint8Array(raw));
	const body =
		encoding === 'br'
			? brotliCompressSync(raw, {
					params: {
						// Quality 5: within a few per cent of the best on a page of a few KB, in well under a millisecond.
						[constants.BROTLI_PARAM_QUALITY]: 5,
						[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
						[constants.BROTLI_PARAM_SIZE_HINT]: raw.length
					}
				})
			: gzipSync(raw, { level: 6 });
	headers.set('content-encoding', encoding);
	return answer(new Uint8Array(body));
}
