import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyProjectorEvent } from '$lib/live/client/apply';
import type { ProjectorView, StreamEvent } from '$lib/live/types';
import { readEvents } from '../../sessions/service';
import type { OpenedSession } from './sessions';
import { closeAllStreams, openEventStream } from '../streams/stream';
import {
	ADDRESS,
	addOrganisation,
	addStaff,
	FrameReader,
	liveFixture,
	loggedEvents,
	liveFailure,
	moveTo,
	openSession,
	type LiveFixture
} from '../test-support';
import { consoleView, projectorView } from '../views/views';
import { commandSession } from './commands';

let fx: LiveFixture;
let opened: OpenedSession;
const readers: FrameReader[] = [];

beforeEach(() => {
	fx = liveFixture();
	opened = openSession(fx);
	moveTo(fx, opened.sessionId, 'opening');
});

afterEach(async () => {
	closeAllStreams();
	for (const reader of readers.splice(0)) await reader.cancel().catch(() => undefined);
	fx.close();
});

const run = (command: unknown, staff = fx.facilitator) =>
	commandSession(fx.db, staff, opened.sessionId, command, ADDRESS);

const failure = liveFailure;

const projector = () => projectorView(fx.db, opened.sessionId, { ...ADDRESS });

function languagesOf(view: ProjectorView) {
	return view.paused ? view.languages : view.controls.languages;
}

describe('display.languages', () => {
	it('starts with no choice: the projector speaks its own browser language alone', () => {
		expect(languagesOf(projector())).toBeNull();
	});

	it('keeps the choice in the session, tells every screen, and logs who made it', () => {
		run({ type: 'display.languages', first: 'en', second: 'ar' });
		expect(languagesOf(projector())).toEqual({ first: 'en', second: 'ar' });
		expect(consoleView(fx.db, opened.sessionId, { ...ADDRESS }).controls.languages).toEqual({
			first: 'en',
			second: 'ar'
		});
		const last = readEvents(fx.db, opened.sessionId).at(-1);
		expect(last?.type).toBe('controls.changed');
		expect(last?.audience).toBe('all');
		expect(last?.actorId).toBe(fx.facilitator.id);
		expect(last?.payload).toMatchObject({ languages: { first: 'en', second: 'ar' } });

		// A second language left out means none.
		run({ type: 'display.languages', first: 'de' });
		expect(languagesOf(projector())).toEqual({ first: 'de', second: null });
	});

	it('is kept through a pause: the pause screen speaks the same languages', () => {
		run({ type: 'display.languages', first: 'nl', second: 'tr' });
		run({ type: 'session.pause' });
		const paused = projector();
		expect(paused.paused).toBe(true);
		expect(languagesOf(paused)).toEqual({ first: 'nl', second: 'tr' });
	});

	it('refuses a language that is not one of the eight, and the same language twice, changing nothing', () => {
		run({ type: 'display.languages', first: 'fr', second: 'es' });
		const before = readEvents(fx.db, opened.sessionId).length;

		const unknown = failure(() => run({ type: 'display.languages', first: 'xx', second: null }));
		expect([unknown.status, unknown.code]).toEqual([422, 'invalid']);
		expect(unknown.extra.errors).toHaveProperty('first');

		const unknownSecond = failure(() => run({ type: 'display.languages', first: 'en', second: 'he' }));
		expect([unknownSecond.status, unknownSecond.code]).toEqual([422, 'invalid']);
		expect(unknownSecond.extra.errors).toHaveProperty('second');

		const same = failure(() => run({ type: 'display.languages', first: 'pl', second: 'pl' }));
		expect([same.status, same.code]).toEqual([422, 'invalid']);
		expect(same.extra.errors).toEqual({ second: expect.stringMatching(/differs from the first/) });

		expect(languagesOf(projector())).toEqual({ first: 'fr', second: 'es' });
		expect(readEvents(fx.db, opened.sessionId)).toHaveLength(before);
	});

	it('is refused to staff of another organisation', () => {
		const stranger = addStaff(fx.db, addOrganisation(fx.db), 'facilitator');
		const refused = failure(() => run({ type: 'display.languages', first: 'en', second: 'ar' }, stranger));
		expect([403, 404]).toContain(refused.status);
		expect(languagesOf(projector())).toBeNull();
	});

	it('replayed from the start, the log gives a projector the same languages as a fresh view', async () => {
		const start = projector();
		expect(languagesOf(start)).toBeNull();
		run({ type: 'display.languages', first: 'en', second: 'ar' });
		run({ type: 'join.hide' });
		run({ type: 'display.languages', first: 'ar', second: 'en' });
		run({ type: 'display.languages', first: 'ar', second: null });
		run({ type: 'display.languages', first: 'ar', second: 'de' });

		const reader = new FrameReader(
			openEventStream({
				db: fx.db,
				sessionId: opened.sessionId,
				viewer: { role: 'display' },
				lastEventId: start.seq,
				...ADDRESS
			})
		);
		readers.push(reader);
		const replayed = loggedEvents(await reader.drain(200));
		expect(replayed.filter((e) => e.type === 'controls.changed')).toHaveLength(5);

		const view = structuredClone(start);
		for (const event of replayed) applyProjectorEvent(view, event as StreamEvent);
		expect(languagesOf(view)).toEqual({ first: 'ar', second: 'de' });
		expect(languagesOf(view)).toEqual(languagesOf(projector()));
	});
});
