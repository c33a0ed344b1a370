/**
 * "Is there a role you could play yourself?": each answer is counted as before, and also goes to the moderation
 * queue as a proposal, screened like any other, that the group can support once approved and that the report keeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contribution } from '../../db/schema';
import { buildOutcomeReport } from '../../outcome/build';
import { changeControls } from '../commands/controls';
import { approveContribution } from '../commands/moderation';
import type { OpenedSession } from '../commands/sessions';
import type { ParticipantPrincipal } from '../http/access';
import {
	ADDRESS,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';
import { consoleView } from '../views/views';
import { liveFacts } from '../views/facts';
import { respond } from './participation';

let fx: LiveFixture;
let opened: OpenedSession;
let phones: ParticipantPrincipal[];

beforeEach(() => {
	fx = liveFixture();
	opened = openSession(fx);
	phones = [0, 1, 2].map(() => joinPhone(fx, opened));
	moveTo(fx, opened.sessionId, 'fearsAndStigma');
	changeControls(
		fx.db,
		fx.facilitator,
		opened.sessionId,
		{ type: 'prompt.open', prompt: 'role.named' },
		ADDRESS
	);
});

afterEach(() => fx.close());

const answer = (phone: ParticipantPrincipal, value: string, clientRequestId = requestId()) =>
	respond(fx.db, phone, { prompt: 'role.named', value, clientRequestId });
const queue = () => consoleView(fx.db, opened.sessionId, ADDRESS).moderationQueue;
const offers = () =>
	fx.db.select().from(contribution).where(eq(contribution.sessionId, opened.sessionId)).all();

describe('a role a person could play', () => {
	it('is counted and waits in the moderation queue as a proposal of the proposals phase', () => {
		answer(phones[0]!, 'Coach at the football club');
		answer(phones[1]!, 'Neighbour: coffee on Sundays');
		expect(liveFacts(fx.db, opened.sessionId).rolesNamed).toBe(2);
		expect(queue().map((item) => [item.kind, item.text, item.phase])).toEqual([
			['proposal', 'Coach at the football club', 'proposals'],
			['proposal', 'Neighbour: coffee on Sundays', 'proposals']
		]);
	});

	it('is offered once for a retry or the same answer again, and again when the answer changes', () => {
		const id = requestId();
		answer(phones[0]!, 'Coach', id);
		answer(phones[0]!, 'Coach', id);
		answer(phones[0]!, 'Coach');
		expect(offers().map((row) => row.text)).toEqual(['Coach']);
		answer(phones[0]!, 'Coach and driver');
		expect(offers().map((row) => row.text)).toEqual(['Coach', 'Coach and driver']);
		// Still one answer of that phone is counted.
		expect(liveFacts(fx.db, opened.sessionId).rolesNamed).toBe(1);
	});

	it('is screened like any proposal, and carries nothing of the phone', () => {
		answer(phones[2]!, 'Call me on 06 12345678');
		const [row] = offers();
		expect(JSON.parse(row?.flags ?? '[]')).toContain('personalData');
		expect(row?.clientRequestId).not.toBe('');
		expect(Object.values(row ?? {}).some((v) => v === phones[2]!.id || v === phones[2]!.token)).toBe(false);
	});

	it('once approved, the group can see it among the proposals and the report keeps it', () => {
		answer(phones[0]!, 'Coach at the football club');
		const [item] = queue();
		approveContribution(fx.db, fx.facilitator, opened.sessionId, item!.id);
		moveTo(fx, opened.sessionId, 'proposals');
		const view = consoleView(fx.db, opened.sessionId, ADDRESS);
		expect(view.proposals.map((p) => p.text)).toEqual(['Coach at the football club']);
		const report = buildOutcomeReport(
			fx.db,
			opened.sessionId,
			{ settings: {}, transitions: [], revisits: [], pauses: [] } as never,
			{
				closedAt: Date.now(),
				generatedAt: Date.now()
			}
		);
		expect(report.proposals.map((p) => p.text)).toEqual(['Coach at the football club']);
	});

	it('offers at most five waiting from one phone, however often it changes its answer', () => {
		for (let i = 0; i < 20; i++) answer(phones[0]!, `Coach number ${i}`);
		expect(offers()).toHaveLength(5);
		expect(liveFacts(fx.db, opened.sessionId).rolesNamed).toBe(1);
		// Another phone is not held back by it.
		answer(phones[1]!, 'Neighbour');
		expect(offers()).toHaveLength(6);
	});
});
