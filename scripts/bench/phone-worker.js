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

/**
 * What has arrived, kept so that recording an arrival allocates nothing. Each key (a marker, an approved
 * contribution's id) gets an index the first time any phone of this process meets it; per phone, a typed array
 * holds the first arrival's time at that index and another how many times it came (more than once is a duplicate).
 * With a `Map` of arrays per phone, the 2,000 phones' Maps all grew at once at 256 and 512 keys (every phone gets
 * the same messages in the same order), and the copying and collecting held this process for 200–700 ms: the phones'
 * latencies then measured the load generator, in whichever side's turn it fell (issue 14's eleventh pass).
 */
let keys = new Map();
/** @type {string[]} */
let keyList = [];
/** @type {Float64Array[]} */
let firstAt = [];
/** @type {Uint16Array[]} */
let times = [];
let capacity = 0;
/** First arrivals so far, over all phones of this process. */
let firsts = 0;
let phones = [];
let streams = [];

/** Forgets every arrival, with room for `room` keys. */
function forget(room) {
	keys = new Map();
	keyList = [];
	capacity = room;
	firstAt = phones.map(() => new Float64Array(capacity));
	times = phones.map(() => new Uint16Array(capacity));
	firsts = 0;
}

/** Twice the room for keys, for every phone (rare: a copy of typed arrays, no garbage to speak of). */
function grow() {
	capacity *= 2;
	firstAt = firstAt.map((old) => {
		const next = new Float64Array(capacity);
		next.set(old);
		return next;
	});
	times = times.map((old) => {
		const next = new Uint16Array(capacity);
		next.set(old);
		return next;
	});
}

/** Phone `i` got the message `key`, now. */
function record(i, key) {
	const at = now();
	let k = keys.get(key);
	if (k === undefined) {
		k = keyList.length;
		keys.set(key, k);
		keyList.push(key);
		if (k >= capacity) grow();
	}
	if (times[i][k]++ === 0) {
		firstAt[i][k] = at;
		firsts += 1;
	}
}

async function open({ mode, base, phones: list }) {
	phones = list;
	forget(1024);
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
		if (mode === 'floor') {
			return openStream(`${base}/events?ch=${phone.channel}`, {
				onMessage: ({ data }) => record(i, JSON.parse(data).marker)
			});
		}
		return openStream(`${base}/api/v1/sessions/${phone.session}/events`, {
			headers: { cookie: cookies[i] },
			onMessage: ({ data }) => {
				const message = JSON.parse(data);
				if (message.type === 'contribution.approved') record(i, message.data.id);
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
	const expected = Object.entries(sessionOf);
	phones.forEach((phone, i) => {
		const came = times[i];
		const first = firstAt[i];
		keyList.forEach((key, k) => {
			const count = came[k];
			if (count === 0) return;
			delivered += count;
			if (sessionOf[key] !== undefined && sessionOf[key] !== phone.session) {
				crossed += count;
				return;
			}
			duplicated += count - 1;
			if (sentAt[key] !== undefined) latencies.push(first[k] - sentAt[key]);
		});
		for (const [key, session] of expected) {
			const k = keys.get(key);
			if (session === phone.session && (k === undefined || came[k] === 0)) lost += 1;
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
		process.send({ type: 'progress', first: firsts });
	} else if (message.type === 'reset') {
		forget(capacity);
		process.send({ type: 'reset' });
	} else if (message.type === 'collect') collect(message);
	else if (message.type === 'close') {
		for (const s of streams) s.close();
		process.disconnect();
		setTimeout(() => process.exit(0), 100).unref();
	}
});
