/**
 * Refuses writes while the storage is broken (see `db/storage.ts`): the database file was deleted or replaced under
 * the running server, or the disk is full. Rather than a 500, or a write that "succeeds" into an unlinked file, the
 * person gets a 503 in plain words and keeps what they typed: problem details for the JSON API, a form failure for
 * enhanced forms (the page shows the message above the fields it still holds), and a plain page otherwise.
 * Reads go on: the open file still answers them.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { storageProblem, type StorageProblem } from '../db/storage';
import { problem } from './problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRY_AFTER_SECONDS = 60;
/** Posted fields that are never sent back to a page. */
const SECRET_FIELD = /password|confirm|token|secret/i;

export function storageMessage(problemKind: StorageProblem): string {
	return problemKind === 'full' ? m.live_error_storage_full() : m.live_error_storage_lost();
}

/**
 * The few values of SvelteKit's form-action wire format (devalue) this guard sends: a flat array whose first entry
 * is the object, and every string or nested object an index into the array.
 */
type Flat = string | { [key: string]: Flat };
function devalue(value: Flat): string {
	const table: unknown[] = [];
	const add = (v: Flat): number => {
		const index = table.length;
		table.push(null);
		if (typeof v === 'string') table[index] = v;
		else {
			const entry: Record<string, number> = {};
			table[index] = entry;
			for (const [key, inner] of Object.entries(v)) entry[key] = add(inner);
		}
		return index;
	};
	add(value);
	return JSON.stringify(table);
}

async function postedValues(event: RequestEvent): Promise<Record<string, string>> {
	const values: Record<string, string> = {};
	try {
		const data = await event.request.formData();
		for (const [key, value] of data) {
			if (typeof value === 'string' && !SECRET_FIELD.test(key)) values[key] = value;
		}
	} catch {
		// not a form: nothing to send back
	}
	return values;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function storageRefusal(event: RequestEvent, kind: StorageProblem): Promise<Response> {
	const message = storageMessage(kind);
	const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
	if (event.url.pathname.startsWith('/api/')) {
		return problem(
			503,
			message,
			{
				title: m.live_error_storage_title(),
				code: kind === 'full' ? 'storageFull' : 'storageUnavailable'
			},
			headers
		);
	}
	if (event.request.headers.get('x-sveltekit-action') === 'true') {
		const values = await postedValues(event);
		const body = { type: 'failure', status: 503, data: devalue({ message, values, errors: {} }) };
		return new Response(JSON.stringify(body), {
			status: 503,
			headers: { 'content-type': 'application/json', ...headers }
		});
	}
	const title = escapeHtml(m.live_error_storage_title());
	const html =
		`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
		`<title>${title}</title></head><body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">` +
		`<h1>${title}</h1><p>${escapeHtml(message)}</p>` +
		`<p>${escapeHtml(m.live_error_storage_back())}</p></body></html>`;
	return new Response(html, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
	});
}

/** For the request hook: the refusal of a write while the storage is broken; null for reads and while it is well. */
export function refusedWrite(event: RequestEvent): Promise<Response> | null {
	if (SAFE_METHODS.has(event.request.method)) return null;
	const kind = storageProblem();
	return kind ? storageRefusal(event, kind) : null;
}
