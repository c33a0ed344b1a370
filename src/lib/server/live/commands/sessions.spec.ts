import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '$lib/live/schemas';
import { passingFacts } from '$lib/dialogue/testing';
import { auditLog, dialogue, endorsement, liveSession, participant } from '../../db/schema';
import { applyEvent, readEvents } from '../../sessions/service';
import { isDisplayToken } from '../http/access';
import { updateSettings } from '../../dialogues/settings';
import { changeControls } from './controls';
import { consoleView } from '../views/views';
import { commandSession } from './commands';
import { approveContribution } from './moderation';
import { endorse, submitContribution } from '../phones/participation';
import {
	eraseVoterKeys,
	generateJoinCode,
	rotateDisplayLink,
	joinSession,
	openLiveSession,
	participantCookieName,
	setParticipantLocale
} from './sessions';
import {
	ADDRESS,
	addStaff,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture,
	liveFailure
} from '../test-support';

let fx: LiveFixture;

beforeEach(() => {
	fx = liveFixture();
});

afterEach(() => fx.close());

const failure = liveFailure;

describe('opening a live session', () => {
	it('creates it in preparation with a join code, a projector link shown once and a voter secret', () => {
		const opened = openSession(fx);
		const row = fx.db.select().from(liveSession).where(eq(liveSession.id, opened.sessionId)).get();
		expect(row).toMatchObject({ phase: 'preparation', dialogueId: fx.dialogueId, joinCode: opened.joinCode });
		expect(opened.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
		expect(row?.displayTokenHash).toBe(createHash('sha256').update(opened.displayToken).digest('hex'));
		// The token itself is kept for the console (staff only) until the session closes; the log never holds it.
		expect(row?.displayToken).toBe(opened.displayToken);
		expect(JSON.stringify(readEvents(fx.db, opened.sessionId))).not.toContain(opened.displayToken);
		expect(row?.voterSecret).toMatch(/^[\w-]{43}$/);
		expect(opened.projectorPath).toBe(`/projector/${opened.sessionId}?display=${opened.displayToken}`);
		expect(opened.phoneUrl).toBe(`http://hall.example:3000/s/${opened.joinCode}`);
		expect(isDisplayToken(fx.db, opened.sessionId, opened.displayToken)).toBe(true);
		expect(isDisplayToken(fx.db, opened.sessionId, 'guess')).toBe(false);
		expect(fx.db.select().from(dialogue).get()?.status).toBe('live');
		expect(readEvents(fx.db, opened.sessionId).map((e) => e.type)).toEqual([
			'session.created',
			'session.opened'
		]);
	});

	it('uses the dialogue settings and refuses a second open session of the same dialogue', () => {
		fx.db
			.update(dialogue)
			.set({ settings: JSON.stringify({ endorsementCap: 5, minGroupSize: 1 }) })
			.run();
		const opened = openSession(fx);
		const settings = JSON.parse(fx.db.select().from(liveSession).get()?.snapshot ?? '{}').context.settings;
		expect(settings).toMatchObject({ endorsementCap: 5, minGroupSize: 3 });
		const again = failure(() => openSession(fx));
		expect([again.status, again.code, again.extra.sessionId]).toEqual([
			409,
			'sessionAlreadyOpen',
			opened.sessionId
		]);
	});

	it('refuses staff of another organisation and unassigned facilitators', () => {
		const unassigned = addStaff(fx.db, fx.organisationId, 'facilitator');
		expect(failure(() => openLiveSession(fx.db, unassigned, fx.dialogueId, ADDRESS)).status).toBe(404);
		expect(failure(() => openLiveSession(fx.db, null, fx.dialogueId, ADDRESS)).status).toBe(401);
		expect(openLiveSession(fx.db, fx.organiser, fx.dialogueId, ADDRESS).joinCode).toHaveLength(6);
	});

	it('makes codes only from characters that cannot be mistaken for others', () => {
		const codes = Array.from({ length: 300 }, generateJoinCode).join('');
		expect(codes).not.toMatch(/[0O1IL5S2Z8B]/);
		expect(new Set(codes).size).toBeGreaterThan(15);
	});
});

describe('joining', () => {
	it('joins with a code typed in lower case with spaces, and rejoins as the same phone', () => {
		const opened = openSession(fx);
		const typed = `${opened.joinCode.slice(0, 3).toLowerCase()} ${opened.joinCode.slice(3)}`;
		const first = joinSession(fx.db, { code: typed, clientAddress: '10.1.1.1' });
		expect(first).toMatchObject({ sessionId: opened.sessionId, created: true });
		const again = joinSession(fx.db, {
			code: opened.joinCode,
			clientAddress: '10.1.1.1',
			existingToken: (id) => (id === opened.sessionId ? first.token : undefined)
		});
		expect(again).toEqual({ ...first, created: false });
		expect(fx.db.select().from(participant).all()).toHaveLength(1);
		expect(participantCookieName(opened.sessionId)).toMatch(/^hearth_participant_[0-9a-f]{32}$/);
	});

	it('keeps the phone’s language from its join, and the language it changes to', () => {
		const opened = openSession(fx);
		const first = joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.1.1.1', locale: 'ar' });
		const second = joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.1.1.1' });
		const localeOf = (id: string) =>
			fx.db.select({ locale: participant.locale }).from(participant).where(eq(participant.id, id)).get()
				?.locale;
		expect(localeOf(first.participantId)).toBe('ar');
		expect(localeOf(second.participantId)).toBeNull();
		setParticipantLocale(fx.db, second.participantId, 'pl');
		expect(localeOf(second.participantId)).toBe('pl');
		// Joining again from a phone whose language changed meanwhile (the choice was made offline) updates it.
		joinSession(fx.db, {
			code: opened.joinCode,
			clientAddress: '10.1.1.1',
			locale: 'tr',
			existingToken: (id) => (id === opened.sessionId ? first.token : undefined)
		});
		expect(localeOf(first.participantId)).toBe('tr');
	});

	it('limits wrong codes per address, never good joins from a shared address', () => {
		const opened = openSession(fx);
		for (let i = 0; i < 19; i++) {
			expect(failure(() => joinSession(fx.db, { code: 'WRONG1', clientAddress: '192.168.0.9' })).status).toBe(
				404
			);
		}
		// A hall on one Wi-Fi: hundreds of good joins from the same address all succeed.
		for (let i = 0; i < 300; i++) joinSession(fx.db, { code: opened.joinCode, clientAddress: '192.168.0.9' });
		expect(failure(() => joinSession(fx.db, { code: 'WRONG2', clientAddress: '192.168.0.9' })).status).toBe(
			404
		);
		const limited = failure(() => joinSession(fx.db, { code: 'WRONG3', clientAddress: '192.168.0.9' }));
		expect([limited.status, limited.code]).toEqual([429, 'tooManyJoinAttempts']);
		expect(limited.extra.retryAfterSeconds).toBeGreaterThan(0);
		// Someone in the hall typed wrong codes twenty times: the people who know the code still get in.
		expect(joinSession(fx.db, { code: opened.joinCode, clientAddress: '192.168.0.9' }).created).toBe(true);
		expect(joinSession(fx.db, { code: opened.joinCode, clientAddress: '192.168.0.10' }).created).toBe(true);
	});

	it('closes the door on new phones, keeps the phones already in, and opens it again', () => {
		const opened = openSession(fx);
		const inside = joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.1' });
		changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'door.close' }, ADDRESS);
		const refused = failure(() => joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.2' }));
		expect([refused.status, refused.code]).toEqual([403, 'doorClosed']);
		expect(refused.message).toMatch(/door is closed/);
		// The phone that was in joins again with its cookie (a reload) and keeps its participant.
		const again = joinSession(fx.db, {
			code: opened.joinCode,
			clientAddress: '10.0.0.1',
			existingToken: () => inside.token
		});
		expect(again).toMatchObject({ participantId: inside.participantId, created: false });
		expect(fx.db.select().from(participant).all()).toHaveLength(1);
		// A refusal at the door is not a wrong code: it never counts against the hall's address.
		for (let i = 0; i < 30; i++) {
			expect(
				failure(() => joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.2' })).code
			).toBe('doorClosed');
		}
		changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'door.open' }, ADDRESS);
		expect(joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.2' }).created).toBe(true);
		const audit = fx.db
			.select({ action: auditLog.action, actorId: auditLog.actorId, detail: auditLog.detail })
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((a) => a.action.startsWith('session.door.'));
		expect(audit.map((a) => a.action)).toEqual(['session.door.close', 'session.door.open']);
		expect(audit.every((a) => a.actorId === fx.facilitator.id)).toBe(true);
	});

	it('takes in no more phones than the participant cap', () => {
		fx.close();
		fx = liveFixture({ participantCap: 3 });
		const opened = openSession(fx);
		for (let i = 0; i < 3; i++) joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.1' });
		const full = failure(() => joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.1' }));
		expect([full.status, full.code, full.extra.limit]).toEqual([403, 'sessionFull', 3]);
		expect(full.message).toContain('3');
		expect(fx.db.select().from(participant).all()).toHaveLength(3);
		// A bigger crowd than expected: the organiser raises the cap and it holds at once, in the open session.
		updateSettings(fx.organiser, fx.dialogueId, { participantCap: 4 }, { db: fx.db });
		expect(joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.1' }).created).toBe(true);
		expect(failure(() => joinSession(fx.db, { code: opened.joinCode, clientAddress: '10.0.0.1' })).code).toBe(
			'sessionFull'
		);
	});

	it('refuses the code of a closed session, saying that the meeting has ended (issue 13)', () => {
		const opened = openSession(fx);
		eraseVoterKeys(fx.db, opened.sessionId);
		const ended = failure(() => joinSession(fx.db, { code: opened.joinCode, clientAddress: 'x' }));
		expect([ended.status, ended.code]).toEqual([410, 'sessionEnded']);
		expect(ended.message).toContain('ended');
		expect(failure(() => joinSession(fx.db, { code: 'NOSUCH99', clientAddress: 'x' })).code).toBe(
			'joinCodeUnknown'
		);
	});
});

describe('closing', () => {
	it('erases the voter secret and every voter key', () => {
		const opened = openSession(fx);
		const phone = joinPhone(fx, opened);
		moveTo(fx, opened.sessionId, 'proposals');
		const id = submitContribution(fx.db, phone, {
			kind: 'proposal',
			text: 'Walk',
			clientRequestId: requestId()
		}).id;
		approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
		endorse(fx.db, phone, { contributionId: id, clientRequestId: requestId() });
		for (let i = 0; i < 2; i++)
			applyEvent(fx.db, opened.sessionId, { type: 'phase.advance', facts: passingFacts(), at: Date.now() });
		eraseVoterKeys(fx.db, opened.sessionId);
		expect(fx.db.select().from(liveSession).get()?.voterSecret).toBeNull();
		expect(
			fx.db
				.select()
				.from(endorsement)
				.all()
				.map((e) => e.voterKey)
		).toEqual([null]);
	});
});

describe('the projector link kept for the console (issue 13)', () => {
	const shownPath = (sessionId: string) => consoleView(fx.db, sessionId, ADDRESS).projectorPath;

	it('is in the console view from opening, replaced when made anew and erased at the close', () => {
		const opened = openSession(fx);
		expect(shownPath(opened.sessionId)).toBe(opened.projectorPath);

		const rotated = rotateDisplayLink(fx.db, fx.facilitator, opened.sessionId);
		expect(shownPath(opened.sessionId)).toBe(rotated.projectorPath);
		const row = () => fx.db.select().from(liveSession).where(eq(liveSession.id, opened.sessionId)).get();
		expect(row()?.displayToken).toBe(rotated.displayToken);
		expect(JSON.stringify(row())).not.toContain(opened.displayToken);
		expect(JSON.stringify(readEvents(fx.db, opened.sessionId))).not.toContain(rotated.displayToken);

		eraseVoterKeys(fx.db, opened.sessionId);
		expect(row()?.displayToken).toBeNull();
		expect(shownPath(opened.sessionId)).toBeNull();
		// The projector keeps its closing screen: the link still opens it, it is only no longer shown again.
		expect(isDisplayToken(fx.db, opened.sessionId, rotated.displayToken)).toBe(true);
		// A link made after the close is handed out once and kept nowhere.
		const late = rotateDisplayLink(fx.db, fx.facilitator, opened.sessionId);
		expect(row()?.displayToken).toBeNull();
		expect(isDisplayToken(fx.db, opened.sessionId, late.displayToken)).toBe(true);
	});

	it('is erased when the session ends early', () => {
		const opened = openSession(fx);
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		commandSession(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'session.endEarly', reason: 'time' },
			ADDRESS
		);
		expect(fx.db.select().from(liveSession).get()?.phase).toBe('endedEarly');
		expect(fx.db.select().from(liveSession).get()?.displayToken).toBeNull();
		expect(shownPath(opened.sessionId)).toBeNull();
	});
});
