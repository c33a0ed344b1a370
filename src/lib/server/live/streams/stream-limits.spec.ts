import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantPrincipal } from '../http/access';
import { LiveError } from '../errors';
import { openLiveSession, type OpenedSession } from '../commands/sessions';
import { closeAllStreams, openEventStream, type StreamViewer } from './stream';
import {
	countedStreams,
	readStreamLimits,
	setStreamLimits,
	streamLimits,
	type StreamLimits
} from './stream-limits';
import {
	ADDRESS,
	addDialogue,
	FrameReader,
	joinPhone,
	liveFixture,
	openSession,
	type LiveFixture
} from '../test-support';

let fx: LiveFixture;
let opened: OpenedSession;
let saved: StreamLimits;
const readers: FrameReader[] = [];

beforeEach(() => {
	saved = streamLimits();
	fx = liveFixture();
	opened = openSession(fx);
});

afterEach(async () => {
	closeAllStreams();
	for (const reader of readers.splice(0)) await reader.cancel().catch(() => undefined);
	setStreamLimits(saved);
	fx.close();
});

function connect(viewer: StreamViewer, sessionId = opened.sessionId): FrameReader {
	const reader = new FrameReader(
		openEventStream({ db: fx.db, sessionId, viewer, lastEventId: null, ...ADDRESS })
	);
	readers.push(reader);
	return reader;
}

function refusal(viewer: StreamViewer, sessionId = opened.sessionId): LiveError {
	try {
		connect(viewer, sessionId);
	} catch (error) {
		if (error instanceof LiveError) return error;
		throw error;
	}
	throw new Error('expected a 429');
}

const asPhone = (participant: ParticipantPrincipal): StreamViewer => ({ role: 'participant', participant });
const asStaff = (): StreamViewer => ({ role: 'staff', staff: fx.facilitator });

describe('caps on open streams', () => {
	it('refuses a phone its fourth stream with a 429 and a wait, and takes it again once one ends', async () => {
		setStreamLimits({ perParticipant: 3 });
		const phone = joinPhone(fx, opened);
		const first = connect(asPhone(phone));
		connect(asPhone(phone));
		connect(asPhone(phone));
		const error = refusal(asPhone(phone));
		expect([error.status, error.code, error.extra.limit]).toEqual([429, 'tooManyStreams', 'viewer']);
		expect(error.extra.retryAfterSeconds).toBeGreaterThan(0);
		// Another phone, and staff, are not held back by the first phone.
		connect(asPhone(joinPhone(fx, opened)));
		connect(asStaff());
		// The phone closes a tab: its next stream is taken.
		await first.cancel();
		expect(() => connect(asPhone(phone))).not.toThrow();
	});

	it('caps the projector link, the session and the process, but never staff', () => {
		setStreamLimits({ perDisplay: 2, perSession: 4, process: 6 });
		connect({ role: 'display' });
		connect({ role: 'display' });
		expect(refusal({ role: 'display' }).extra.limit).toBe('viewer');
		connect(asPhone(joinPhone(fx, opened)));
		connect(asPhone(joinPhone(fx, opened)));
		const full = refusal(asPhone(joinPhone(fx, opened)));
		expect([full.status, full.extra.limit]).toEqual([429, 'session']);
		expect(full.message).toMatch(/very busy/);
		// A second session on the same server fills the process.
		const other = openLiveSession(
			fx.db,
			fx.facilitator,
			addDialogue(fx.db, fx.organisationId, fx.facilitator),
			ADDRESS
		);
		connect(asPhone(joinPhone(fx, other)), other.sessionId);
		connect(asPhone(joinPhone(fx, other)), other.sessionId);
		expect(refusal(asPhone(joinPhone(fx, other)), other.sessionId).extra.limit).toBe('process');
		// Staff still get in, past every cap.
		for (let i = 0; i < 5; i++) connect(asStaff());
		expect(countedStreams().total).toBe(11);
	});

	it('uncounts every stream that ends, however it ends', async () => {
		const phone = joinPhone(fx, opened);
		const before = countedStreams().total;
		const reader = connect(asPhone(phone));
		connect(asPhone(phone));
		expect(countedStreams().total).toBe(before + 2);
		await reader.cancel();
		closeAllStreams();
		expect(countedStreams().total).toBe(before);
	});
});

describe('the caps themselves', () => {
	it('keep the process cap below the open-file limit, leaving files for staff and the health check', () => {
		expect(readStreamLimits({}, 1024).process).toBe(576);
		expect(readStreamLimits({}, 1_048_576).process).toBe(10_000);
		expect(readStreamLimits({}, null).process).toBe(700);
		// A configured cap above what the files allow is lowered to it.
		expect(readStreamLimits({ STREAM_LIMIT_PROCESS: '5000' }, 1024).process).toBe(576);
		// Past the default of 10 000 only when configured, and still within the files: (20 000 − 256) × 0.75.
		expect(readStreamLimits({ STREAM_LIMIT_PROCESS: '12000' }, 20_000).process).toBe(12_000);
		expect(readStreamLimits({ STREAM_LIMIT_PROCESS: '50000' }, 20_000).process).toBe(14_808);
		expect(
			readStreamLimits({ STREAM_LIMIT_PARTICIPANT: '2', STREAM_LIMIT_SESSION: 'lots' }, 20_000)
		).toMatchObject({ perParticipant: 2, perDisplay: 4, perSession: 1_200, process: 10_000 });
		// Observers (the watch link): 100 per session unless configured, as the README says.
		expect(readStreamLimits({}, 20_000).perObservers).toBe(100);
		expect(readStreamLimits({ STREAM_LIMIT_OBSERVERS: '7' }, 20_000).perObservers).toBe(7);
	});
});
