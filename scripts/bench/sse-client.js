/** A minimal SSE reader over node:http for the benchmark (thousands of streams; no browser). */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * Opens a stream and calls `onMessage({ id, data, receivedAt })` for every message with data. Resolves once the
 * response headers arrived; `close()` ends it.
 */
export function openStream(url, { headers = {}, onMessage }) {
	return new Promise((resolve, reject) => {
		const req = http.get(
			url,
			{ agent: false, headers: { accept: 'text/event-stream', ...headers } },
			(res) => {
				if (res.statusCode !== 200) {
					reject(new Error(`stream ${url} answered ${res.statusCode}`));
					res.resume();
					return;
				}
				res.setEncoding('utf8');
				let buffer = '';
				res.on('data', (chunk) => {
					const receivedAt = performance.now();
					buffer += chunk;
					let end;
					while ((end = buffer.indexOf('\n\n')) !== -1) {
						const block = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						let id = null;
						const data = [];
						for (const line of block.split('\n')) {
							if (line.startsWith('id:')) id = line.slice(3).trim();
							else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
						}
						if (data.length) onMessage({ id, data: data.join('\n'), receivedAt });
					}
				});
				resolve({ close: () => req.destroy() });
			}
		);
		req.on('error', reject);
	});
}

/**
 * JSON request; returns { status, body, headers }. A request written on a kept-alive socket that the server closed
 * at that moment (its idle timeout) fails with ECONNRESET before the server read it: it goes again once, on a new
 * socket, as Node's documentation advises (`request.reusedSocket`).
 */
export async function request(url, options = {}) {
	try {
		return await requestOnce(url, options);
	} catch (error) {
		if (error?.code === 'ECONNRESET' && error.reusedSocket) return requestOnce(url, options);
		throw error;
	}
}

function requestOnce(url, { method = 'GET', body, headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				agent,
				headers: {
					...(payload !== undefined && typeof body !== 'string'
						? { 'content-type': 'application/json' }
						: {}),
					...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
					...headers
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : null;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode, body: parsed, headers: res.headers });
				});
			}
		);
		req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool(items, limit, fn) {
	const results = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await fn(items[i], i);
			}
		})
	);
	return results;
}

export function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export function summarise(values) {
	return {
		n: values.length,
		p50: percentile(values, 50),
		p95: percentile(values, 95),
		p99: percentile(values, 99),
		max: values.reduce((a, b) => Math.max(a, b), -Infinity)
	};
}

/** Bytes on the wire for `url` when the client accepts gzip (what a phone downloads). */
export function compressedSize(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
				if (res.statusCode !== 200) {
					res.resume();
					return reject(new Error(`${url} answered ${res.statusCode}`));
				}
				let bytes = 0;
				res.on('data', (chunk) => (bytes += chunk.length));
				res.on('end', () => resolve(bytes));
			})
			.on('error', reject);
	});
}
