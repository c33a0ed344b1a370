/**
 * The floor for `npm run bench`: a bare Server-Sent Events broadcast with no database and no auth. POST /publish
 * sends its body to every open stream of its channel (`?ch=`, one per simulated meeting; 0 when not given). Hearth's
 * figures are compared with this one, measured in the same run.
 */
import http from 'node:http';

/** channel → its open streams */
const channels = new Map();
let seq = 0;

const server = http.createServer((req, res) => {
	const url = new URL(req.url, 'http://floor');
	const channel = url.searchParams.get('ch') ?? '0';
	if (req.method === 'GET' && url.pathname === '/events') {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
		res.write('retry: 3000\n\n');
		let clients = channels.get(channel);
		if (!clients) channels.set(channel, (clients = new Set()));
		clients.add(res);
		req.on('close', () => clients.delete(res));
		return;
	}
	if (req.method === 'POST' && url.pathname === '/publish') {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			seq += 1;
			const message = `id: ${seq}\ndata: ${body}\n\n`;
			for (const client of channels.get(channel) ?? []) client.write(message);
			res.writeHead(201, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ seq }));
		});
		return;
	}
	res.writeHead(404);
	res.end();
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
	for (const clients of channels.values()) for (const client of clients) client.end();
	server.close(() => process.exit(0));
});
