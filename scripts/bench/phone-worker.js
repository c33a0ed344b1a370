/**
 * A load-generating process for `npm run bench`: it holds a share of the simulated phones' streams, so that the
 * phones of a large hall (10,000) are read by several processes and the parent stays free to time the console
 * and the projector. Started with `fork`; talks to the parent over IPC:
 *
 *   → { type: 'open', mode: 'floor' | 'hearth', base, phones: [{ session, joinCode?, channel? }] }
 *       joins each phone (Hearth: `POST /api/v1/join` with the session's code) and opens its stream;
 *   ← { type: 'opened', cookies: [...] }         (Hearth: each phone's cookie, in the order given)
 *   → { type: 'progress' }  ← { type: 'progress', first }   (how many expected messages have arrived so far)
 *   → { type: 'reset' }  ← { type: 'reset' }   (forgets what has arrived: after the unmeasured warm-up)
 *   → { type: 'collect', sentAt: { key: ms }, sessionOf: { key: session } }
 *   ← { type: 'collected', latencies: [...], lost, duplicated, crossed, delivered }
 *   → { type: 'close' }
 *
 * Every time is `performance.timeOrigin + performance.now()`: the same clock in every process of this machine.
 * A phone counts each message it may be expected to get: in the floor the published marker, in Hearth the id of
 * every `contribution.approved`. What reaches a phone of another session is counted as crossed.
 */
import { openStream, pool, request } from './sse-client.js';

const now = () => performance.timeOrigin + performance.now();

/** Per phone: key → the times it arrived (more than one is a duplicate). */
let received = [];
let phones = [];
let streams = [];

async function open({ mode, base, phones: list }) {
	phones = list;
	received = list.map(() => new Map());
	const cookies =
		mode === 'hearth'
			? await pool(list, 25, async (phone) => {
					const res = await request(`${base}/api/v1/join`, {
						method: 'POST',
						body: { code: phone.joinCode },
						headers: { origin: base }
					});
					if (res.status !== 201) throw new Error(`join answered ${res.status}: ${JSON.stringify(res.body)}`);
					return [res.headers['set-cookie']]
						.flat()
						.map((c) => c.split(';')[0])
						.join('; ');
				})
			: list.map(() => '');
	streams = await pool(list, 100, (phone, i) => {
		const record = (key) => {
			const times = received[i].get(key);
			if (times) times.push(now());
			else received[i].set(key, [now()]);
		};
		if (mode === 'floor') {
			return openStream(`${base}/events?ch=${phone.channel}`, {
				onMessage: ({ data }) => record(JSON.parse(data).marker)
			});
		}
		return openStream(`${base}/api/v1/sessions/${phone.session}/events`, {
			headers: { cookie: cookies[i] },
			onMessage: ({ data }) => {
				const message = JSON.parse(data);
				if (message.type === 'contribution.approved') record(message.data.id);
			}
		});
	});
	process.send({ type: 'opened', cookies });
}

function collect({ sentAt, sessionOf }) {
	const latencies = [];
	let lost = 0;
	let duplicated = 0;
	let crossed = 0;
	let delivered = 0;
	phones.forEach((phone, i) => {
		const mine = received[i];
		for (const [key, times] of mine) {
			delivered += times.length;
			if (sessionOf[key] !== undefined && sessionOf[key] !== phone.session) {
				crossed += times.length;
				continue;
			}
			duplicated += times.length - 1;
			if (sentAt[key] !== undefined) latencies.push(times[0] - sentAt[key]);
		}
		for (const [key, session] of Object.entries(sessionOf)) {
			if (session === phone.session && !mine.has(key)) lost += 1;
		}
	});
	process.send({
		type: 'collected',
		latencies: Float64Array.from(latencies),
		lost,
		duplicated,
		crossed,
		delivered
	});
}

process.on('message', (message) => {
	if (message.type === 'open')
		open(message).catch((error) => {
			process.send({ type: 'error', message: String(error?.stack ?? error) });
		});
	else if (message.type === 'progress') {
		let first = 0;
		for (const mine of received) first += mine.size;
		process.send({ type: 'progress', first });
	} else if (message.type === 'reset') {
		received = phones.map(() => new Map());
		process.send({ type: 'reset' });
	} else if (message.type === 'collect') collect(message);
	else if (message.type === 'close') {
		for (const s of streams) s.close();
		process.disconnect();
		setTimeout(() => process.exit(0), 100).unref();
	}
});
