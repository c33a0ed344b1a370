/**
 * "May this agreement be shared with …" (issue 11, section 5): asked in the agreement once the follow-up names
 * partners; the report and every export record the group's decision (always, on the first page), and the spread of
 * answers only from enough answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveError } from '../live/errors';
import { respond } from '../live/phones/participation';
import { consoleView, phoneView } from '../live/views/views';
import { ADDRESS, liveFixture, requestId, type LiveFixture } from '../live/test-support';
import { addPartner } from './alliance';
import { exportReport, getReport } from './service';
import { closeFromAgreement, runToAgreement, type RunSession } from './test-support';

let fx: LiveFixture;

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
});

afterEach(() => fx.close());

function partners(): void {
	for (const [kind, role, organisation] of [
		['housing', 'Tenancy officer', 'Linden Housing Association'],
		['club', 'Youth coach', 'FC Linden']
	] as const) {
		addPartner(fx.facilitator, fx.dialogueId, { kind, role, organisation }, { db: fx.db });
	}
}

/** A commitment, the share question answered as given (one value per phone), then closed. */
function closeWithAnswers(session: RunSession, values: ('yes' | 'no')[]): void {
	session.run({
		type: 'agreement.commitment.add',
		action: 'Coffee on Sundays',
		ownerRole: 'Neighbours',
		dueOn: '2031-03-01'
	});
	if (values.length > 0) {
		session.run({ type: 'prompt.open', prompt: 'share' });
		values.forEach((value, i) =>
			respond(fx.db, session.phones[i]!, { prompt: 'share', value, clientRequestId: requestId() })
		);
		session.run({ type: 'prompt.close' });
	}
	closeFromAgreement(fx, session, 1);
}

async function exports(sessionId: string) {
	const text = async (format: 'md' | 'csv') => {
		const file = await exportReport(fx.organiser, sessionId, format, { db: fx.db });
		return typeof file.body === 'string' ? file.body : Buffer.from(file.body).toString('utf8');
	};
	return { md: await text('md'), csv: await text('csv') };
}

describe('the sharing question', () => {
	it('is asked in the agreement only when the follow-up names partners, and names them', () => {
		const session = runToAgreement(fx);
		const open = () => session.run({ type: 'prompt.open', prompt: 'share' });
		expect(open).toThrow(LiveError);
		partners();
		expect(consoleView(fx.db, session.sessionId, ADDRESS).agreement?.sharePartners).toEqual([
			'Linden Housing Association',
			'FC Linden'
		]);
		expect(phoneView(fx.db, session.sessionId, session.phones[0]!).agreement?.sharePartners).toHaveLength(2);
		open();
		expect(() =>
			respond(fx.db, session.phones[0]!, { prompt: 'share', value: 'maybe', clientRequestId: requestId() })
		).toThrow();
	});

	it('records the group’s yes with the partners on the first page of every export, and the spread', async () => {
		partners();
		const session = runToAgreement(fx);
		closeWithAnswers(session, ['yes', 'yes', 'yes', 'yes']);
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		expect(report.sharing).toEqual({
			decision: 'agreed',
			partners: ['Linden Housing Association', 'FC Linden'],
			responses: 4,
			spread: { yes: 4, no: 0 }
		});
		const { md, csv } = await exports(session.sessionId);
		const firstSection = md.indexOf('\n## ');
		const agreed = md.indexOf('may be shared with: Linden Housing Association, FC Linden');
		expect(agreed).toBeGreaterThan(0);
		expect(agreed).toBeLessThan(firstSection);
		expect(csv.split('\r\n')[1]).toContain('sharing,1,');
		expect(csv.split('\r\n')[1]).toContain(',agreed,');
	});

	it('reports a small group’s no as the group’s decision, without the spread', async () => {
		partners();
		const session = runToAgreement(fx);
		closeWithAnswers(session, ['yes', 'no']);
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		expect(report.sharing).toMatchObject({
			decision: 'notAgreed',
			responses: null,
			spread: { yes: null, no: null }
		});
		const { md, csv } = await exports(session.sessionId);
		expect(md.indexOf('did not agree to share')).toBeLessThan(md.indexOf('\n## '));
		expect(csv).toContain(',notAgreed,');
		expect(csv).not.toMatch(/sharing,[23],(yes|no),,,,,[0-9]/);
	});

	it('says on the first page that the group was not asked, when it was not', async () => {
		const session = runToAgreement(fx);
		closeWithAnswers(session, []);
		const { md, csv } = await exports(session.sessionId);
		expect(md.indexOf('was not asked whether this agreement may be shared')).toBeLessThan(
			md.indexOf('\n## ')
		);
		expect(csv.split('\r\n')[1]).toContain(',notAsked,');
	});
});
