/**
 * The facilitator's risk note on a proposal (issue 11): written on the console, seen by staff only on every stream
 * and view, and kept in the outcome report and its exports.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantPrincipal } from '../live/http/access';
import { closeAllStreams, openEventStream, type StreamViewer } from '../live/streams/stream';
import { ADDRESS, FrameReader, liveFixture, type LiveFixture } from '../live/test-support';
import { consoleView, phoneView, projectorView } from '../live/views/views';
import { readEvents } from '../sessions/service';
import { exportReport, getReport } from './service';
import { closeFromAgreement, runToAgreement } from './test-support';

const NOTE = 'Saturday training means children: a second coach is always there';

let fx: LiveFixture;
const readers: FrameReader[] = [];

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
});

afterEach(async () => {
	closeAllStreams();
	for (const reader of readers.splice(0)) await reader.cancel().catch(() => undefined);
	fx.close();
});

/** The frames a viewer gets after `lastEventId`, up to the first `proposal.updated`, as one text. */
async function framesUpToUpdate(sessionId: string, viewer: StreamViewer, lastEventId: number) {
	const reader = new FrameReader(openEventStream({ db: fx.db, sessionId, viewer, lastEventId, ...ADDRESS }));
	readers.push(reader);
	const seen: string[] = [];
	for (let i = 0; i < 6; i++) {
		const text = JSON.stringify((await reader.next())?.data ?? null);
		seen.push(text);
		if (text.includes('"proposal.updated"')) break;
	}
	return seen.join('\n');
}

describe('a risk note on a proposal', () => {
	it('is the facilitator’s: staff see it, phones and the projector never do', async () => {
		const session = runToAgreement(fx);
		const before = readEvents(fx.db, session.sessionId).at(-1)?.seq ?? 0;
		session.run({ type: 'proposal.risk', contributionId: session.proposalIds[0], riskNote: NOTE });

		const shown = consoleView(fx.db, session.sessionId, ADDRESS).proposals;
		expect(shown.find((p) => p.id === session.proposalIds[0])?.riskNote).toBe(NOTE);
		const phone = session.phones[0] as ParticipantPrincipal;
		expect(JSON.stringify(phoneView(fx.db, session.sessionId, phone))).not.toContain(NOTE);
		expect(JSON.stringify(projectorView(fx.db, session.sessionId, ADDRESS))).not.toContain(NOTE);

		const staff = await framesUpToUpdate(session.sessionId, { role: 'staff', staff: fx.facilitator }, before);
		expect(staff).toContain('"proposal.updated"');
		expect(staff).toContain(NOTE);
		const onPhone = await framesUpToUpdate(
			session.sessionId,
			{ role: 'participant', participant: phone },
			before
		);
		expect(onPhone).toContain('"proposal.updated"');
		expect(onPhone).not.toContain(NOTE);
	});

	it('is kept in the outcome report and every export', async () => {
		const session = runToAgreement(fx);
		session.run({ type: 'proposal.risk', contributionId: session.proposalIds[0], riskNote: NOTE });
		session.run({
			type: 'agreement.commitment.add',
			proposalId: session.proposalIds[0],
			dueOn: '2031-03-01',
			reviewHow: 'At the review meeting'
		});
		closeFromAgreement(fx, session, 1);
		const report = getReport(fx.organiser, session.sessionId, { db: fx.db }).report;
		expect(report.proposals.find((p) => p.committed)?.riskNote).toBe(NOTE);
		for (const format of ['md', 'csv', 'json'] as const) {
			const file = await exportReport(fx.organiser, session.sessionId, format, { db: fx.db });
			const text = typeof file.body === 'string' ? file.body : Buffer.from(file.body).toString('utf8');
			expect(text, format).toContain(NOTE);
		}
	});
});
