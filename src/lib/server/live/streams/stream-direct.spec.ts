/**
 * A stream behind a real Node server, piped to the response the way adapter-node does it (`setResponse` from
 * `@sveltejs/kit/node`): after the opening frames, events are written straight to the Node response instead of
 * through the web stream, and arrive in order, each once, however they are bunched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setResponse } from '@sveltejs/kit/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantPrincipal } from '../http/access';
import { approveContribution } from '../commands/moderation';
import type { OpenedSession } from '../commands/sessions';
import { submitContribution } from '../phones/participation';
import {
	ADDRESS,
	FrameReader,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';
import { closeAllStreams, openEventStream, setStreamTiming } from './stream';

let fx: LiveFixture;
let opened: OpenedSession;
let phone: ParticipantPrincipal;
let server: http.Server;
/** Chunks that went through the web stream (the rest went straight to the socket). */
let throughWebStream = 0;
let reader: FrameReader | null = null;

beforeEach(async () => {
	setStreamTiming({ valuesDelayMs: 20, presenceMs: 20 });
	fx = liveFixture();
	opened = openSession(fx);
	phone = joinPhone(fx, opened);
	moveTo(fx, opened.sessionId, 'fearsAndStigma');
	throughWebStream = 0;
	server = http.createServer((req, res) => {
		const body = openEventStream({
			db: fx.db,
			sessionId: opened.sessionId,
			viewer: { role: 'participant', participant: phone },
			lastEventId: null,
			request: req,
			...ADDRESS
		});
		const counted = body.pipeThrough(
			new TransformStream<Uint8Array, Uint8Array>({
				transform(chunk, controller) {
					throughWebStream += 1;
					controller.enqueue(chunk);
				}
			})
		);
		void setResponse(res, new Response(counted, { headers: { 'content-type': 'text/event-stream' } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
	await reader?.cancel().catch(() => undefined);
	reader = null;
	closeAllStreams();
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	fx.close();
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Each concern from a phone of its own (a phone may send only so many a minute). */
function submitAndApprove(text: string): string {
	const sender = joinPhone(fx, opened);
	const { id } = submitContribution(fx.db, sender, { kind: 'concern', text, clientRequestId: requestId() });
	approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
	return id;
}

describe('a stream written straight to its Node response', () => {
	it('carries every event once and in order, bunched in one turn or spread over many', async () => {
		const { port } = server.address() as AddressInfo;
		const response = await fetch(`http://127.0.0.1:${port}/events`);
		reader = new FrameReader(response.body!);
		const retry = await reader.next(2000);
		const snapshot = await reader.next(2000);
		expect(retry?.retry).toBeGreaterThan(0);
		expect(snapshot?.data).toMatchObject({ type: 'snapshot' });

		const approved: string[] = [];
		// Three approvals in the very turn the stream goes direct, then bunches of four, then one per turn.
		for (let i = 0; i < 3; i++) approved.push(submitAndApprove(`A worry in the first turn ${i}`));
		await turn();
		for (let bunch = 0; bunch < 5; bunch++) {
			for (let i = 0; i < 4; i++) approved.push(submitAndApprove(`A worry in bunch ${bunch}, ${i}`));
			await turn();
		}
		for (let i = 0; i < 8; i++) {
			approved.push(submitAndApprove(`A worry on its own ${i}`));
			await turn();
		}

		const seen: string[] = [];
		const seqs: number[] = [];
		while (seen.length < approved.length) {
			const frame = await reader.next(3000);
			if (!frame) break;
			const data = frame.data as { type?: string; seq?: number; data?: { id?: string } } | undefined;
			if (frame.id !== undefined) seqs.push(Number(frame.id));
			if (data?.type === 'contribution.approved' && data.data?.id) seen.push(data.data.id);
		}
		expect(seen).toEqual(approved);
		// Every logged event the phone got has an id above the one before it: none twice, none out of order.
		expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
		// The retry and the snapshot (and at most a frame or two written in the first turn) went through the web
		// stream; the 31 approvals did not.
		expect(throughWebStream).toBeLessThanOrEqual(4);
	});

	it('ends the response when the stream is closed on the server', async () => {
		const { port } = server.address() as AddressInfo;
		const response = await fetch(`http://127.0.0.1:${port}/events`);
		reader = new FrameReader(response.body!);
		await reader.next(2000);
		await reader.next(2000);
		submitAndApprove('A worry before the server stops');
		await turn();
		expect((await reader.next(2000))?.data).toMatchObject({ type: 'contribution.approved' });
		closeAllStreams();
		expect(await reader.next(2000)).toBeNull();
		expect(reader.done).toBe(true);
	});
});
