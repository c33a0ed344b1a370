import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	auditLog,
	contribution,
	dialogueFacilitator,
	groundRule,
	liveSession,
	response,
	theme
} from '../../db/schema';
import { readEvents } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import { commandSession } from './commands';
import { respond, submitContribution } from '../phones/participation';
import type { OpenedSession } from './sessions';
import {
	ADDRESS,
	addOrganisation,
	asShown,
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
let opened: OpenedSession;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
	opened = openSession(fx);
});

afterEach(() => fx.close());

const run = (command: unknown, staff = fx.facilitator) =>
	commandSession(fx.db, staff, opened.sessionId, asShown(fx.db, opened.sessionId, command), ADDRESS);

const failure = liveFailure;

describe('phase.advance', () => {
	it('refuses with 409, the unmet values and their reasons, and sends nothing', () => {
		const before = readEvents(fx.db, opened.sessionId).length;
		const error = failure(() => run({ type: 'phase.advance' }));
		expect([error.status, error.code]).toEqual([409, 'valuesUnmet']);
		const unmet = error.extra.unmet as { value: string; reasons: { code: string }[] }[];
		expect(unmet.map((u) => u.value)).toEqual(['respect', 'relationship', 'responsibility']);
		expect(unmet[0]?.reasons.map((r) => r.code)).toContain('prep.groundRulesMissing');
		expect(readEvents(fx.db, opened.sessionId)).toHaveLength(before);
		expect(fx.db.select().from(liveSession).get()?.phase).toBe('preparation');
	});

	it('passes unmet values with a written reason per value, recorded as overridden', () => {
		const overrides = {
			respect: 'Rules agreed verbally with the group',
			relationship: 'Screen done on paper',
			responsibility: 'Assessment seen by the lead'
		};
		const result = run({ type: 'phase.advance', overrides });
		expect(result.state.phase).toBe('opening');
		expect(result.check?.results.respect).toMatchObject({ state: 'overridden', override: overrides.respect });
		const logged = readEvents(fx.db, opened.sessionId).at(-1);
		expect(logged).toMatchObject({ type: 'phase.advance', payload: { overrides } });
	});

	it('refuses a blank override with a field message, and ignores an override of a met value', () => {
		const blank = failure(() => run({ type: 'phase.advance', overrides: { respect: '   ' } }));
		expect([blank.status, Object.keys(blank.extra.errors ?? {})]).toEqual([422, ['overrides.respect']]);

		moveTo(fx, opened.sessionId, 'opening');
		const phone = joinPhone(fx, opened);
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() });
		run({ type: 'prompt.open', prompt: 'checkIn' });
		respond(fx.db, phone, { prompt: 'checkIn', value: 4, clientRequestId: requestId() });
		// Respect and relationship are met now; only responsibility (purpose explained) is not.
		const result = run({
			type: 'phase.advance',
			overrides: { respect: 'not needed', responsibility: 'Explained in the invitation letter' }
		});
		expect(result.state.phase).toBe('fearsAndStigma');
		expect(result.check?.results.respect).toEqual({ state: 'met', reasons: [] });
		expect(result.check?.results.responsibility.state).toBe('overridden');
		const logged = readEvents(fx.db, opened.sessionId).findLast((e) => e.type === 'phase.advance')
			?.payload as { overrides: object };
		expect(logged.overrides).toEqual({ responsibility: 'Explained in the invitation letter' });
	});

	it('advances without overrides once the facts are met', () => {
		moveTo(fx, opened.sessionId, 'opening');
		const phone = joinPhone(fx, opened);
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() });
		run({ type: 'prompt.open', prompt: 'checkIn' });
		respond(fx.db, phone, { prompt: 'checkIn', value: 'hopeful', clientRequestId: requestId() });
		expect(failure(() => run({ type: 'phase.advance' })).code).toBe('valuesUnmet');
		run({ type: 'purpose.explained' });
		expect(run({ type: 'phase.advance' })).toMatchObject({
			state: { phase: 'fearsAndStigma' },
			check: { passed: true }
		});
	});

	it('refuses an advance on a stale revision', () => {
		const error = failure(() =>
			run({
				type: 'phase.advance',
				expectedRevision: 7,
				overrides: { respect: 'a', relationship: 'b', responsibility: 'c' }
			})
		);
		expect([error.status, error.code]).toEqual([409, 'staleRevision']);
	});
});

describe('revisit, pause and resume', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'proposals'));

	it('goes back to an earlier phase with a reason, and refuses a later one', () => {
		const later = failure(() => run({ type: 'phase.revisit', phase: 'agreement', reason: 'why not' }));
		expect([later.status, later.code]).toEqual([409, 'revisitRefused']);
		const noReason = failure(() => run({ type: 'phase.revisit', phase: 'fearsAndStigma', reason: ' ' }));
		expect(noReason.status).toBe(422);
		expect(
			run({ type: 'phase.revisit', phase: 'fearsAndStigma', reason: 'A theme was missed' }).state.phase
		).toBe('fearsAndStigma');
	});

	it('pauses and resumes where it was; a second pause is refused', () => {
		expect(run({ type: 'session.pause', reason: 'A break' }).state.phase).toBe('paused');
		expect(failure(() => run({ type: 'session.pause' })).code).toBe('machineRefused');
		expect(failure(() => run({ type: 'phase.advance' })).code).toBe('machineRefused');
		expect(run({ type: 'session.resume' }).state.phase).toBe('proposals');
	});
});

describe('who may command a session', () => {
	it('lets an organiser of the organisation, refuses an unassigned facilitator and hides it from others', () => {
		expect(run({ type: 'join.hide' }, fx.organiser).state.phase).toBe('preparation');
		const unassigned = addStaff(fx.db, fx.organisationId, 'facilitator');
		expect(failure(() => run({ type: 'join.show' }, unassigned)).status).toBe(404);
		const stranger = addStaff(fx.db, addOrganisation(fx.db), 'organiser');
		expect(failure(() => run({ type: 'join.show' }, stranger)).status).toBe(404);
		expect(
			failure(() => commandSession(fx.db, null, opened.sessionId, { type: 'join.show' }, ADDRESS)).status
		).toBe(401);
		// The door and bulk hiding are the session's staff's alone, like every other command.
		for (const command of [{ type: 'door.close' }, { type: 'contributions.hideFlagged' }]) {
			expect(failure(() => run(command, stranger)).status).toBe(404);
			expect(failure(() => commandSession(fx.db, null, opened.sessionId, command, ADDRESS)).status).toBe(401);
		}
		expect(fx.db.select().from(liveSession).get()?.controls).not.toContain('"doorOpen":false');
	});

	it('refuses an unknown command with a field message', () => {
		const error = failure(() => run({ type: 'session.explode' }));
		expect([error.status, Object.keys(error.extra.errors ?? {})]).toEqual([422, ['type']]);
	});
});

describe('moderation and theme commands', () => {
	let phone: ParticipantPrincipal;
	beforeEach(() => {
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		phone = joinPhone(fx, opened);
	});

	it('creates, fills, answers and merges themes, and suggests groupings', () => {
		const texts = [
			'Worried about the children walking to school',
			'Children walk to school past his house',
			'What about the mosque board?'
		];
		const ids = texts.map(
			(text) => submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() }).id
		);
		for (const id of ids) run({ type: 'contribution.approve', contributionId: id });
		const suggested = run({ type: 'theme.suggest' }).result?.suggestions as { contributionIds: string[] }[];
		expect(suggested).toEqual([expect.objectContaining({ contributionIds: [ids[0], ids[1]] })]);

		const school = run({ type: 'theme.create', title: 'School route', contributionIds: [ids[0]] }).result
			?.themeId;
		const other = run({ type: 'theme.create', title: 'Kids', contributionIds: [ids[1]] }).result?.themeId;
		run({ type: 'theme.merge', themeIds: [other], into: school });
		run({ type: 'theme.assign', themeId: school, contributionIds: [ids[2]] });
		run({ type: 'theme.rename', themeId: school, title: 'Safety on the way to school' });
		const result = run({ type: 'theme.answer', themeId: school, note: 'The school and police walk along.' });
		expect(result.check?.results.relationship.state).toBe('met');
		const types = readEvents(fx.db, opened.sessionId).map((e) => e.type);
		expect(types).toEqual(
			expect.arrayContaining(['theme.created', 'theme.merged', 'contribution.themed', 'theme.updated'])
		);
	});

	it('refuses a theme name that reads like another one, with a field message, and keeps the first', () => {
		const first = run({ type: 'theme.create', title: 'Safety at school' }).result?.themeId;
		for (const title of ['safety AT school', '  Safety   at\tschool ']) {
			const error = failure(() => run({ type: 'theme.create', title }));
			expect([error.status, error.code]).toEqual([409, 'themeDuplicate']);
			expect(error.extra.errors?.title).toContain('Safety at school');
		}
		const other = run({ type: 'theme.create', title: 'Work' }).result?.themeId;
		// Renaming into another theme's name is refused too; renaming a theme to itself in other case is not.
		expect(failure(() => run({ type: 'theme.rename', themeId: other, title: 'SAFETY at school' })).code).toBe(
			'themeDuplicate'
		);
		run({ type: 'theme.rename', themeId: first, title: 'Safety at School' });
		const titles = fx.db
			.select()
			.from(theme)
			.all()
			.map((t) => t.title);
		expect(titles.sort()).toEqual(['Safety at School', 'Work']);
	});

	it('refuses to theme a pending contribution', () => {
		const id = submitContribution(fx.db, phone, {
			kind: 'concern',
			text: 'pending',
			clientRequestId: requestId()
		}).id;
		expect(failure(() => run({ type: 'theme.create', title: 'T', contributionIds: [id] })).code).toBe(
			'notApproved'
		);
		expect(failure(() => run({ type: 'contribution.approve', contributionId: randomUUID() })).status).toBe(
			404
		);
	});
});

describe('a flood in the moderation queue', () => {
	let phones: ParticipantPrincipal[];
	beforeEach(() => {
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		phones = [joinPhone(fx, opened), joinPhone(fx, opened), joinPhone(fx, opened)];
	});

	const send = (phone: ParticipantPrincipal, text: string, now?: number) =>
		submitContribution(fx.db, phone, { kind: 'concern', text, clientRequestId: requestId() }, now).id;

	const statusOf = (id: string) =>
		fx.db.select().from(contribution).where(eq(contribution.id, id)).get()?.status;

	it('hides several together and everything flagged, logging each and auditing how many', () => {
		const plain = phones.map((phone, i) => send(phone, `An ordinary worry number ${i}`));
		const flagged = [
			send(phones[0] as ParticipantPrincipal, 'His name is Jan and he lives at Kerkstraat 12'),
			send(phones[1] as ParticipantPrincipal, 'Someone should kill him')
		];
		const before = readEvents(fx.db, opened.sessionId).length;
		const some = run({ type: 'contributions.hide', contributionIds: [plain[0], plain[1]] });
		expect(some.result).toEqual({ hidden: 2 });
		expect([statusOf(plain[0] ?? ''), statusOf(plain[1] ?? ''), statusOf(plain[2] ?? '')]).toEqual([
			'hidden',
			'hidden',
			'pending'
		]);
		expect(run({ type: 'contributions.hideFlagged' }).result).toEqual({ hidden: 2 });
		expect(flagged.map(statusOf)).toEqual(['hidden', 'hidden']);
		expect(statusOf(plain[2] ?? '')).toBe('pending');
		const hiddenEvents = readEvents(fx.db, opened.sessionId, before).filter(
			(e) => e.type === 'contribution.hidden'
		);
		expect(hiddenEvents).toHaveLength(4);
		// Nothing flagged is left: hiding everything flagged again changes nothing and audits nothing.
		expect(run({ type: 'contributions.hideFlagged' }).result).toEqual({ hidden: 0 });
		const audit = fx.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((a) => a.action.startsWith('session.contributions.'));
		expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([
			['session.contributions.hide', { count: 2 }],
			['session.contributions.hideFlagged', { count: 2 }]
		]);
		// Each bulk action once, with its count: not also one entry per item hidden in it.
		const perItem = fx.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((a) => a.action === 'contribution.hide');
		expect(perItem).toHaveLength(0);
		// The audit log never holds what was written.
		expect(JSON.stringify(audit)).not.toMatch(/worry|Jan|Kerkstraat|kill/);
	});

	it('approves every waiting item without a flag in one command, leaving flagged ones waiting', () => {
		const plain = phones.map((phone, i) => send(phone, `An ordinary worry number ${i}`));
		const flagged = [
			send(phones[0] as ParticipantPrincipal, 'His name is Jan and he lives at Kerkstraat 12'),
			send(phones[1] as ParticipantPrincipal, 'Someone should kill him')
		];
		// One already hidden stays hidden.
		run({ type: 'contribution.hide', contributionId: plain[2] });
		const before = readEvents(fx.db, opened.sessionId).length;
		expect(run({ type: 'contributions.approveUnflagged' }).result).toEqual({ approved: 2 });
		expect(plain.map(statusOf)).toEqual(['approved', 'approved', 'hidden']);
		expect(flagged.map(statusOf)).toEqual(['pending', 'pending']);
		const approvedEvents = readEvents(fx.db, opened.sessionId, before).filter(
			(e) => e.type === 'contribution.approved'
		);
		expect(approvedEvents.map((e) => (e.payload as { id: string }).id)).toEqual([plain[0], plain[1]]);
		// Nothing unflagged is left: a second press approves nothing and audits nothing.
		expect(run({ type: 'contributions.approveUnflagged' }).result).toEqual({ approved: 0 });
		const audit = fx.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((a) => a.action === 'session.contributions.approveUnflagged');
		expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ count: 2 }]);
		// The bulk action once, with its count: not also one entry per item approved in it.
		const perItem = fx.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, opened.sessionId))
			.all()
			.filter((a) => a.action === 'contribution.approve');
		expect(perItem).toHaveLength(0);
	});

	it('approves only what the console had seen when it says so', () => {
		const seen = send(phones[0] as ParticipantPrincipal, 'Seen on the console');
		const seenSeq = fx.db.select().from(liveSession).get()?.lastSeq ?? 0;
		const later = send(phones[1] as ParticipantPrincipal, 'Arrived after the facilitator looked');
		expect(run({ type: 'contributions.approveUnflagged', seenSeq }).result).toEqual({ approved: 1 });
		expect([statusOf(seen), statusOf(later)]).toEqual(['approved', 'pending']);
	});

	it('lets only the session staff approve in bulk', () => {
		send(phones[0] as ParticipantPrincipal, 'A worry');
		const stranger = addStaff(fx.db, addOrganisation(fx.db), 'organiser');
		expect(failure(() => run({ type: 'contributions.approveUnflagged' }, stranger)).status).toBe(404);
		expect(
			failure(() =>
				commandSession(fx.db, null, opened.sessionId, { type: 'contributions.approveUnflagged' }, ADDRESS)
			).status
		).toBe(401);
	});

	it('refuses a selection with an id of another session, and changes nothing', () => {
		const id = send(phones[0] as ParticipantPrincipal, 'A worry');
		const error = failure(() => run({ type: 'contributions.hide', contributionIds: [id, randomUUID()] }));
		expect([error.status, error.code]).toEqual([404, 'contributionNotFound']);
		expect(statusOf(id)).toBe('pending');
		expect(failure(() => run({ type: 'contributions.hide', contributionIds: [] })).status).toBe(422);
	});

	it('lets only what the console had seen hold the advance back', () => {
		const t0 = Date.now();
		const seen = send(phones[0] as ParticipantPrincipal, 'Seen on the console', t0);
		const seenSeq = fx.db.select().from(liveSession).get()?.lastSeq ?? 0;
		// A flood goes on arriving after the facilitator looked, while the laptop's clock is set back a minute: the
		// order is the log's, not the clock's.
		for (const phone of phones) send(phone, 'Arrived after the facilitator looked', t0 - 60_000);
		const moderationReasons = (command: Record<string, unknown>) => {
			const error = failure(() => run({ type: 'phase.advance', ...command }));
			const unmet = error.extra.unmet as { value: string; reasons: { code: string; params?: unknown }[] }[];
			return unmet.flatMap((u) => u.reasons).filter((r) => r.code === 'fears.moderationPending');
		};
		expect(moderationReasons({})).toEqual([expect.objectContaining({ params: { count: 4 } })]);
		expect(moderationReasons({ seenSeq })).toEqual([expect.objectContaining({ params: { count: 1 } })]);
		run({ type: 'contribution.hide', contributionId: seen });
		expect(moderationReasons({ seenSeq })).toEqual([]);
		// Without what the console saw, the whole queue counts, as before.
		expect(moderationReasons({})).toEqual([expect.objectContaining({ params: { count: 3 } })]);
	});
});

describe('controls', () => {
	it('keeps the timer in server time and rotates the projector link', () => {
		const started = commandSession(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'timer.start', durationSeconds: 60 },
			{
				...ADDRESS,
				now: 1_000_000
			}
		);
		expect(started.state.phase).toBe('preparation');
		commandSession(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'timer.pause' },
			{ ...ADDRESS, now: 1_010_000 }
		);
		const stored = JSON.parse(fx.db.select().from(liveSession).get()?.controls ?? '{}');
		expect(stored.timer).toEqual({ durationMs: 60_000, startedAt: null, elapsedMs: 10_000 });
		const rotated = run({ type: 'display.rotate' }).result as { projectorPath: string };
		expect(rotated.projectorPath).toMatch(new RegExp(`^/projector/${opened.sessionId}\\?display=`));
		expect(rotated.projectorPath).not.toBe(opened.projectorPath);
	});

	it('records talked-through objections so they no longer block the opening', () => {
		moveTo(fx, opened.sessionId, 'opening');
		const phone = joinPhone(fx, opened);
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'object', clientRequestId: requestId() });
		const objected = failure(() => run({ type: 'phase.advance' }));
		const codes = JSON.stringify(objected.extra.unmet);
		expect(codes).toContain('opening.openObjection');
		run({ type: 'objections.resolved' });
		const after = failure(() => run({ type: 'phase.advance' }));
		expect(JSON.stringify(after.extra.unmet)).not.toContain('opening.openObjection');
		expect(fx.db.select().from(response).where(eq(response.value, 'object')).all()).toHaveLength(1);
	});

	it('only lets the facilitator pick an address phones can reach', () => {
		const error = failure(() => run({ type: 'address.choose', origin: 'http://evil.example' }));
		expect([error.status, Object.keys(error.extra.errors ?? {})]).toEqual([422, ['origin']]);
		expect(run({ type: 'address.choose', origin: 'http://hall.example:3000' }).state.phase).toBe(
			'preparation'
		);
	});
});

describe('opening a session needs an assigned facilitator', () => {
	it('refuses staff who are not assigned, even in the same organisation', () => {
		fx.db.delete(dialogueFacilitator).run();
		fx.db.insert(groundRule).values({ id: randomUUID(), dialogueId: fx.dialogueId, text: 'Listen' }).run();
		expect(failure(() => run({ type: 'join.hide' })).status).toBe(404);
	});
});
