import { afterEach, describe, expect, it } from 'vitest';
import { pdfText } from '../../../../tests/support/pdf-text';
import { commitment, contribution, endorsement, participant, response } from '../db/schema';
import { liveFixture, type LiveFixture } from '../live/test-support';
import { CSV_HEADER } from './csv';
import { parseCsv } from './csv-parse.test-support';
import { exportReport, getReport, type ExportFormat } from './service';
import { FIRST_PROPOSAL, runToClosed } from './test-support';

let fx: LiveFixture;

afterEach(() => fx.close());

/** Every identifier a participant or phone could be traced by, as stored during the session. */
function participantIdentifiers(f: LiveFixture): string[] {
	return [
		...f.db
			.select({ id: participant.id, hash: participant.tokenHash })
			.from(participant)
			.all()
			.flatMap((p) => [p.id, p.hash]),
		...f.db
			.select({ id: contribution.clientRequestId })
			.from(contribution)
			.all()
			.map((r) => r.id),
		...f.db
			.select({ id: response.clientRequestId })
			.from(response)
			.all()
			.map((r) => r.id),
		...f.db
			.select({ id: endorsement.clientRequestId })
			.from(endorsement)
			.all()
			.map((r) => r.id)
	];
}

async function exportText(sessionId: string, format: ExportFormat): Promise<string> {
	const file = await exportReport(fx.organiser, sessionId, format, { db: fx.db });
	if (format === 'pdf') return (await pdfText(file.body as Uint8Array)).text;
	return String(file.body);
}

describe('the outcome report', () => {
	it('holds the agreed role, themes with answers, proposals with support, every values check and a timeline', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
		const session = runToClosed(fx, { phones: 6, ritualPlanned: true });
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });

		expect(report.agreement.commitments).toEqual([
			expect.objectContaining({
				action: FIRST_PROPOSAL,
				ownerRole: 'Football club board',
				dueOn: '2031-03-01',
				fromProposal: FIRST_PROPOSAL
			}),
			expect.objectContaining({ ownerRole: 'Mosque board', fromProposal: null })
		]);
		expect(report.agreement.readBackAt).toEqual(expect.any(Number));
		expect(report.themes).toEqual([
			expect.objectContaining({
				title: 'The walk to school',
				answer: 'Parents walk in pairs; the route is agreed with the school.'
			})
		]);
		expect(report.proposals[0]).toMatchObject({ text: FIRST_PROPOSAL, committed: true, endorsements: 6 });
		expect(report.values.transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
			'preparation→opening',
			'opening→fearsAndStigma',
			'fearsAndStigma→proposals',
			'proposals→agreement',
			'agreement→closing',
			'closing→closed'
		]);
		expect(report.values.transitions.at(-1)?.by).toBe('Fac Ilitator');
		expect(report.consent).toMatchObject({
			version: 2,
			responses: 6,
			spread: { fullySupport: 6, cannotLiveWith: 0 }
		});
		expect(report.pulses.checkOut['checkOut.safe']).toEqual({ responses: 6, mean: 4 });
		expect(report.pulses.respected).toEqual({ responses: 6, mean: 4 });
		expect(report.participation).toMatchObject({ joined: 6, groundRules: { affirmed: 6, objected: 0 } });
		expect(report.closing).toMatchObject({ ritualPlanned: 'A candle for a new start', ritualRecorded: true });
		const kinds = report.timeline.map((e) => e.kind);
		expect(kinds[0]).toBe('opened');
		expect(kinds.at(-1)).toBe('closed');
		expect(kinds).toEqual(
			expect.arrayContaining(['promptOpened', 'checkOutOpened', 'readBack', 'ritualRecorded'])
		);
	});

	it('records every override with its reason', () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const session = runToClosed(fx, { phones: 3 });
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		// The fixture's preparation is empty: runToClosed moved on with passing facts, so no override there; the
		// real checks (agreement → closing, closing → closed) passed on their own.
		expect(report.values.transitions.every((t) => t.passed)).toBe(true);
		expect(
			report.values.transitions.flatMap((t) => Object.values(t.results)).every((r) => r.state !== 'unmet')
		).toBe(true);
	});

	it('exports JSON, CSV, Markdown and PDF that read back with the commitments and the codename', async () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
		const session = runToClosed(fx, { phones: 6 });
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });

		const json = JSON.parse(await exportText(session.sessionId, 'json')) as typeof report;
		expect(json.codename).toBe(report.codename);
		expect(json.agreement.commitments).toHaveLength(2);

		const csv = parseCsv((await exportText(session.sessionId, 'csv')).replace(/^\uFEFF/, ''));
		expect(csv[0]).toEqual([...CSV_HEADER]);
		expect(csv.filter((r) => r[0] === 'commitment').map((r) => r[3])).toEqual([
			'Football club board',
			'Mosque board'
		]);
		expect(csv.find((r) => r[0] === 'theme')?.[2]).toBe('The walk to school');
		expect(csv.find((r) => r[0] === 'proposal')).toEqual(expect.arrayContaining([FIRST_PROPOSAL, '6']));
		// Each column holds what its header says: a commitment's proposal under `proposal`, never under `status`.
		const column = (name: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(name);
		const commitments = csv.filter((r) => r[0] === 'commitment');
		expect(commitments.map((r) => r[column('status')])).toEqual(['', '']);
		expect(commitments.map((r) => r[column('proposal')])).toEqual([FIRST_PROPOSAL, '']);
		expect(commitments[0]?.[column('date')]).toBe('2031-03-01');
		for (const r of csv) expect(r, r.join(',')).toHaveLength(CSV_HEADER.length);
		// The sections the other formats have.
		expect(new Set(csv.slice(1).map((r) => r[0]))).toEqual(
			new Set(['sharing', 'commitment', 'theme', 'proposal', 'consent', 'pulse', 'participation', 'timeline'])
		);
		const consentRows = csv.filter((r) => r[0] === 'consent');
		expect(consentRows[0]?.[column('status')]).toBe('reached');
		expect(consentRows.find((r) => r[column('status')] === 'fullySupport')?.[column('figure')]).toBe('6');
		const safe = csv.filter((r) => r[0] === 'pulse' && r[column('status')] === 'checkOut.safe');
		expect(safe.map((r) => [r[column('figure')], r[column('measure')]])).toEqual([
			['6', 'answers'],
			['4', 'mean (1-5)']
		]);
		expect(
			csv.find((r) => r[0] === 'participation' && r[column('status')] === 'joined')?.[column('figure')]
		).toBe('6');
		const timeline = csv.filter((r) => r[0] === 'timeline');
		expect(timeline[0]?.[column('status')]).toBe('opened');
		expect(timeline.at(-1)?.[column('status')]).toBe('closed');
		expect(timeline[0]?.[column('date')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

		const md = await exportText(session.sessionId, 'md');
		expect(md).toContain(`# Outcome report: ${report.codename}`);
		expect(md).toContain('Invite him for coffee after Friday prayers');

		const file = await exportReport(fx.organiser, session.sessionId, 'pdf', { db: fx.db });
		expect(file.filename).toMatch(/^hearth-outcome-oak-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf$/);
		const pdf = await pdfText(file.body as Uint8Array);
		expect(pdf.flat).toContain(report.codename);
		expect(pdf.flat).toContain('Invite him for coffee after Friday prayers');
		expect(pdf.flat).toContain('Mosque board');
		expect(pdf.pages.at(-1)).toMatch(new RegExp(`Page ${pdf.pages.length} of ${pdf.pages.length}`));
		expect(pdf.info.Title).toBe(`Outcome report: ${report.codename}`);
	});

	it('puts no participant identifier in the report or any export', async () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
		const session = runToClosed(fx, { phones: 4, hidden: 1 });
		const identifiers = participantIdentifiers(fx);
		expect(identifiers.length).toBeGreaterThan(20);
		for (const format of ['json', 'csv', 'md', 'pdf'] as const) {
			const text = await exportText(session.sessionId, format);
			for (const id of identifiers) expect(text, `${format} holds ${id}`).not.toContain(id);
			expect(text).not.toMatch(/voterKey|tokenHash|clientRequestId|participantId/);
		}
		// Concern texts are summarised by their themes, never copied.
		expect(await exportText(session.sessionId, 'json')).not.toContain('Worry number 1');
	});
});

describe('small-group safeguard in the report and every export', () => {
	/**
	 * Six phones, minimum group size 5: three answer the check-out round, one of six says "can live with it",
	 * two endorse the first proposal, one concern is hidden.
	 */
	function smallGroups() {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
		return runToClosed(fx, {
			phones: 6,
			checkOutPhones: 3,
			checkOutValue: 2,
			endorseFirst: 2,
			hidden: 1,
			consent: ['fullySupport', 'fullySupport', 'fullySupport', 'fullySupport', 'fullySupport', 'canLiveWith']
		});
	}

	it('reads "not enough answers" for each small figure and hides the totals that would give it back', () => {
		const session = smallGroups();
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		for (const result of Object.values(report.pulses.checkOut))
			expect(result).toEqual({ responses: null, mean: null });
		// The one "can live with it" is hidden, and so are the five beside it: the console showed six answers while
		// the round was open, and 6 − 5 would give the hidden one away. The total is hidden as well.
		expect(report.consent.spread).toEqual({
			fullySupport: null,
			canLiveWith: null,
			haveConcerns: 0,
			cannotLiveWith: 0
		});
		expect(report.consent.responses).toBeNull();
		expect(report.proposals.find((p) => p.text === FIRST_PROPOSAL)?.endorsements).toBeNull();
		expect(report.participation.contributions).toEqual({
			submitted: null,
			approved: null,
			hidden: null,
			pending: 0
		});
	});

	it('shows no hidden number in any export', async () => {
		const session = smallGroups();
		const csv = parseCsv((await exportText(session.sessionId, 'csv')).replace(/^\uFEFF/, ''));
		expect(csv.find((r) => r[0] === 'proposal' && r[2] === FIRST_PROPOSAL)?.[7]).toBe('not enough answers');

		for (const format of ['md', 'pdf'] as const) {
			const text = await exportText(session.sessionId, format);
			const lines = text.split('\n');
			for (const question of ['I felt safe', 'I felt heard', 'I would recommend this']) {
				const line = lines.find((l) => l.includes(question)) ?? '';
				expect(line, `${format}: ${question}`).toContain('not enough answers');
				// The check-out round had 3 answers of 2: neither may appear next to the question.
				expect(line.replace(/Check-out|1–5|\(1–5\)/g, ''), `${format}: ${line}`).not.toMatch(/\d/);
			}
			const consentTotal = lines.find((l) => l.includes('Answers in total')) ?? '';
			expect(consentTotal).toContain('not enough answers');
			expect(consentTotal).not.toMatch(/\d/);
		}
		const json = JSON.parse(await exportText(session.sessionId, 'json')) as {
			pulses: { checkOut: Record<string, { responses: unknown; mean: unknown }> };
		};
		expect(Object.values(json.pulses.checkOut).every((r) => r.responses === null && r.mean === null)).toBe(
			true
		);
	});

	it('always reports the decision of the consent round, while its spread stays hidden', async () => {
		const session = smallGroups();
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		expect(report.consent.responses).toBeNull();
		expect(report.consent.outcome).toEqual({
			held: true,
			reached: true,
			objectionsRaised: false,
			objectionOpen: false,
			override: null
		});
		for (const format of ['md', 'pdf', 'csv'] as const) {
			// White space as one space: the PDF may wrap the sentence.
			const text = (await exportText(session.sessionId, format)).replace(/\s+/g, ' ');
			expect(text, format).toContain(
				'Consent reached: nobody was left who could not live with the agreement.'
			);
		}
	});

	it('reports an objection that was raised and how it was resolved, at any group size, without a count', async () => {
		fx = liveFixture({ minParticipants: 1, minGroupSize: 5 });
		const session = runToClosed(fx, {
			phones: 4,
			consent: ['fullySupport', 'fullySupport', 'canLiveWith', 'cannotLiveWith']
		});
		const { report } = getReport(fx.organiser, session.sessionId, { db: fx.db });
		expect(report.consent.outcome).toMatchObject({ held: true, reached: true, objectionsRaised: true });
		expect(report.consent.resolutions).toEqual([
			expect.objectContaining({ note: 'Talked through; the club adds a second volunteer.', resolved: null })
		]);
		const md = await exportText(session.sessionId, 'md');
		expect(md).toContain('Consent reached: someone could not live with the agreement at first');
		expect(md).toContain('Talked through; the club adds a second volunteer.');
		const decision = md.split('\n').find((l) => l.includes('Decision of the group')) ?? '';
		expect(decision).not.toMatch(/\d/);
	});

	it('keeps commitments when their proposal is gone', () => {
		const session = smallGroups();
		fx.db.delete(contribution).run();
		expect(
			fx.db
				.select()
				.from(commitment)
				.all()
				.map((c) => c.proposalId)
		).toEqual([null, null]);
		expect(
			getReport(fx.organiser, session.sessionId, { db: fx.db }).report.agreement.commitments
		).toHaveLength(2);
	});
});
