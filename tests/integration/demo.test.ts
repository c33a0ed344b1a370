/**
 * `npm run demo` as a newcomer runs it: a child process on a database of its own. On a fresh database `--json`
 * prints one object whose passwords sign in, whose dialogue is ready to open, and whose second dialogue was run
 * to `closed` with an outcome report and a commitment tracker to review; a database that holds another
 * organisation makes it refuse in one plain sentence unless `--force`; and it can run twice on the same file.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signIn } from '$lib/server/auth/accounts';
import { SignInLimiter } from '$lib/server/auth/rate-limit';
import { openDatabase } from '$lib/server/db';
import {
	commitment,
	contribution,
	dialogue,
	endorsement,
	liveSession,
	organisation,
	participant,
	response
} from '$lib/server/db/schema';
import { preparationCheck } from '$lib/server/dialogues';
import { isOverdue } from '$lib/server/outcome/service';
import { readOutcomeReport } from '$lib/server/outcome/store';
import { ROOT, tempDatabasePath } from '../support/server';

const run = promisify(execFile);
const TIMEOUT = 90_000;

interface Credentials {
	email: string;
	password: string;
}

interface DemoOutput {
	databasePath: string;
	earlierDemoOrganisations: number;
	baseUrl: string;
	organiser: Credentials;
	facilitator: Credentials;
	organisationId: string;
	dialogueId: string;
	sessionId: string;
	joinCode: string;
	phoneUrl: string;
	projectorUrl: string;
	consoleUrl: string;
	closedDialogueId: string;
	closedSessionId: string;
	reviewUrl: string;
	followUpUrl: string;
	reportUrl: string;
}

interface Finished {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs a script from `scripts/` the way `npm run` does (tsx), with DATABASE_PATH set; never throws on exit codes. */
async function script(name: string, databasePath: string, args: string[]): Promise<Finished> {
	// The printed addresses come from --base-url, else ORIGIN, else PORT: the test's own environment must not leak in.
	const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath };
	delete env.ORIGIN;
	delete env.PORT;
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}`, ...args], {
			cwd: ROOT,
			env,
			timeout: TIMEOUT
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
	}
}

/** The whole of stdout must be exactly one JSON object: nothing printed before or after it. */
function parseOne(finished: Finished): DemoOutput {
	expect(finished.code, finished.stderr).toBe(0);
	const text = finished.stdout.trim();
	expect(text.startsWith('{') && text.endsWith('}'), `stdout is not one JSON object:\n${text}`).toBe(true);
	return JSON.parse(text) as DemoOutput;
}

function organisationCount(databasePath: string): number {
	const db = openDatabase(databasePath);
	try {
		return db.select({ n: count() }).from(organisation).get()?.n ?? 0;
	} finally {
		db.$client.close();
	}
}

describe('npm run demo', () => {
	it(
		'on a fresh database prints one JSON object whose passwords sign in and whose dialogue is ready',
		async () => {
			const databasePath = tempDatabasePath('hearth-demo');
			const baseUrl = 'http://192.0.2.10:3000';
			const out = parseOne(await script('demo.ts', databasePath, ['--json', '--base-url', baseUrl]));

			expect(out.baseUrl).toBe(baseUrl);
			for (const who of [out.organiser, out.facilitator]) {
				expect(who.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
				expect(who.password.length).toBeGreaterThanOrEqual(10);
			}
			expect(out.organiser.email).not.toBe(out.facilitator.email);
			expect(out.dialogueId).toMatch(/^[0-9a-f-]{36}$/);
			expect(out.sessionId).toMatch(/^[0-9a-f-]{36}$/);
			expect(out.joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY3467]{6}$/);
			// An explicit base URL is the address everyone uses, phones included.
			expect(out.phoneUrl).toBe(`${baseUrl}/s/${out.joinCode}`);
			expect(out.projectorUrl).toMatch(
				new RegExp(`^${baseUrl}/projector/${out.sessionId}\\?display=[\\w-]+$`)
			);
			expect(out.consoleUrl).toBe(`${baseUrl}/facilitate/${out.sessionId}`);

			const db = openDatabase(databasePath);
			try {
				const check = preparationCheck(db, out.dialogueId, Date.now());
				expect(check.passed).toBe(true);
				expect(
					[check.results.respect, check.results.relationship, check.results.responsibility].map((r) => [
						r.state,
						r.reasons
					])
				).toEqual([
					['met', []],
					['met', []],
					['met', []]
				]);
				// The dialogue belongs to the demo organisation, and its live session is the one printed.
				const row = db.select().from(dialogue).where(eq(dialogue.id, out.dialogueId)).get();
				expect(row?.organisationId).toBe(out.organisationId);
				const session = db.select().from(liveSession).where(eq(liveSession.id, out.sessionId)).get();
				expect(session?.dialogueId).toBe(out.dialogueId);

				const limiter = new SignInLimiter();
				const organiser = await signIn(db, out.organiser, { address: '192.0.2.1', limiter });
				expect(organiser.ok && organiser.principal.role).toBe('organiser');
				expect(organiser.ok && organiser.principal.organisationId).toBe(out.organisationId);
				const facilitator = await signIn(db, out.facilitator, { address: '192.0.2.1', limiter });
				expect(facilitator.ok && facilitator.principal.role).toBe('facilitator');
				// A password that is not the printed one does not.
				const wrong = await signIn(
					db,
					{ email: out.organiser.email, password: `${out.organiser.password}x` },
					{ address: '192.0.2.1', limiter }
				);
				expect(wrong).toEqual({ ok: false, reason: 'invalid' });
			} finally {
				db.$client.close();
			}
		},
		TIMEOUT
	);

	it(
		'also holds a dialogue run to closed through the services: its report, follow-up and tracker to review',
		async () => {
			const databasePath = tempDatabasePath('hearth-demo-closed');
			const baseUrl = 'http://192.0.2.10:3000';
			const out = parseOne(await script('demo.ts', databasePath, ['--json', '--base-url', baseUrl]));
			expect(out.closedDialogueId).toMatch(/^[0-9a-f-]{36}$/);
			expect(out.closedDialogueId).not.toBe(out.dialogueId);
			expect(out.closedSessionId).toMatch(/^[0-9a-f-]{36}$/);
			expect(out.reportUrl).toBe(`${baseUrl}/reports/${out.closedSessionId}`);
			expect(out.reviewUrl).toBe(`${baseUrl}/review`);
			expect(out.followUpUrl).toBe(`${baseUrl}/review/${out.closedDialogueId}`);
			const today = new Date().toISOString().slice(0, 10);

			const db = openDatabase(databasePath);
			try {
				const row = db.select().from(dialogue).where(eq(dialogue.id, out.closedDialogueId)).get();
				expect(row?.organisationId).toBe(out.organisationId);
				expect(row?.codename).toMatch(/^Birch /);
				expect(row?.status).toBe('closed');
				const session = db.select().from(liveSession).where(eq(liveSession.id, out.closedSessionId)).get();
				expect(session?.dialogueId).toBe(out.closedDialogueId);
				expect(session?.phase).toBe('closed');
				// Held in the past, with the follow-up meeting still to come.
				expect(session?.closedAt).toBeLessThan(Date.now());
				expect(session?.followUpOn ?? '').not.toBe('');
				expect((session?.followUpOn ?? '') >= today).toBe(true);

				const report = readOutcomeReport(db, out.closedSessionId);
				expect(report).not.toBeNull();
				if (!report) return;
				expect(report.dialogueId).toBe(out.closedDialogueId);
				expect(report.closedAt).toBe(session?.closedAt);
				expect(report.closing.followUpOn).toBe(session?.followUpOn);
				expect(report.agreement.commitments.length).toBeGreaterThanOrEqual(2);
				expect(report.themes.length).toBeGreaterThan(0);
				for (const t of report.themes) expect(t.answer).toBeTruthy();
				const shortlisted = report.proposals.filter((p) => p.shortlisted);
				expect(shortlisted.length).toBeGreaterThan(0);
				for (const p of shortlisted) expect(typeof p.endorsements).toBe('number');
				// Every step of the meeting met its values check on the real facts.
				expect(report.values.transitions.map((t) => t.to)).toEqual([
					'opening',
					'fearsAndStigma',
					'proposals',
					'agreement',
					'closing',
					'closed'
				]);
				for (const t of report.values.transitions) {
					expect(t.passed).toBe(true);
					expect(Object.values(t.results).map((r) => r.state)).toEqual(['met', 'met', 'met']);
				}
				// Enough phones answered for every figure to be a number, not "not enough answers".
				const pulses = [
					report.pulses.checkIn,
					report.pulses.respected,
					...Object.values(report.pulses.checkOut)
				];
				expect(pulses).toHaveLength(8);
				for (const pulse of pulses) {
					expect(typeof pulse.responses).toBe('number');
					expect(typeof pulse.mean).toBe('number');
				}
				expect(report.participation.joined).toBeGreaterThanOrEqual(report.minGroupSize);
				expect(typeof report.consent.responses).toBe('number');

				// The tracker: at least one commitment done, and one still planned past its due date.
				const tracked = db
					.select()
					.from(commitment)
					.where(eq(commitment.sessionId, out.closedSessionId))
					.all();
				expect(tracked.length).toBeGreaterThanOrEqual(2);
				expect(tracked.some((c) => c.status === 'done')).toBe(true);
				const overdue = tracked.filter((c) => c.status === 'planned' && c.dueOn !== null && c.dueOn < today);
				expect(overdue.length).toBeGreaterThanOrEqual(1);
				expect(overdue.every((c) => isOverdue(c, today))).toBe(true);

				// Nothing in the stored report leads back to a phone: no participant id or token hash, no voter key
				// (all erased at closing), no client request id.
				const content = JSON.stringify(report);
				const phones = db
					.select()
					.from(participant)
					.where(eq(participant.sessionId, out.closedSessionId))
					.all();
				expect(phones.length).toBeGreaterThanOrEqual(report.minGroupSize);
				for (const phone of phones) {
					expect(content).not.toContain(phone.id);
					expect(content).not.toContain(phone.tokenHash);
				}
				const answers = db.select().from(response).where(eq(response.sessionId, out.closedSessionId)).all();
				const endorsements = db
					.select()
					.from(endorsement)
					.where(eq(endorsement.sessionId, out.closedSessionId))
					.all();
				const sent = db
					.select()
					.from(contribution)
					.where(eq(contribution.sessionId, out.closedSessionId))
					.all();
				expect(answers.length).toBeGreaterThan(0);
				expect(endorsements.length).toBeGreaterThan(0);
				for (const row of [...answers, ...endorsements]) expect(row.voterKey).toBeNull();
				for (const row of [...answers, ...endorsements, ...sent]) {
					expect(content).not.toContain(row.clientRequestId);
				}
				expect(content).not.toMatch(/voterKey|tokenHash|clientRequestId|participantId/);
			} finally {
				db.$client.close();
			}
		},
		TIMEOUT
	);

	it(
		'refuses a database with another organisation in one plain sentence, and goes ahead with --force',
		async () => {
			const databasePath = tempDatabasePath('hearth-demo-other');
			const setup = await script('setup.ts', databasePath, [
				'--organisation',
				'Probation North',
				'--name',
				'Olga Organiser',
				'--email',
				'olga@example.org',
				'--json'
			]);
			expect(setup.code, setup.stderr).toBe(0);
			expect(JSON.parse(setup.stdout.trim())).toMatchObject({ ok: true, email: 'olga@example.org' });
			expect(organisationCount(databasePath)).toBe(1);

			const refused = await script('demo.ts', databasePath, ['--json']);
			expect(refused.code).not.toBe(0);
			expect(refused.stdout.trim()).toBe('');
			const message = refused.stderr.trim();
			expect(message).toContain('already holds other organisations');
			expect(message).toContain('--force');
			// A sentence for a person, not a stack trace.
			expect(message.split('\n')).toHaveLength(1);
			expect(message).not.toMatch(/\bat .+:\d+:\d+\)?$|Error:/m);
			expect(organisationCount(databasePath)).toBe(1);

			const forced = parseOne(await script('demo.ts', databasePath, ['--json', '--force']));
			expect(forced.dialogueId).toMatch(/^[0-9a-f-]{36}$/);
			expect(organisationCount(databasePath)).toBe(2);
			const db = openDatabase(databasePath);
			try {
				expect(preparationCheck(db, forced.dialogueId, Date.now()).passed).toBe(true);
				const olga = await signIn(
					db,
					{ email: forced.organiser.email, password: forced.organiser.password },
					{ address: '192.0.2.1', limiter: new SignInLimiter() }
				);
				expect(olga.ok && olga.principal.organisationId).toBe(forced.organisationId);
			} finally {
				db.$client.close();
			}
		},
		TIMEOUT
	);

	it(
		'runs twice on the same database: its own demo organisations are not somebody else’s data',
		async () => {
			const databasePath = tempDatabasePath('hearth-demo-twice');
			const first = parseOne(await script('demo.ts', databasePath, ['--json']));
			const second = parseOne(await script('demo.ts', databasePath, ['--json']));
			expect(second.organisationId).not.toBe(first.organisationId);
			expect(second.dialogueId).not.toBe(first.dialogueId);
			expect(second.organiser.email).not.toBe(first.organiser.email);
			expect(second.joinCode).not.toBe(first.joinCode);
			expect(organisationCount(databasePath)).toBe(2);
			expect([first.earlierDemoOrganisations, second.earlierDemoOrganisations]).toEqual([0, 1]);
			expect(second.databasePath).toBe(databasePath);
			// Without --json it says the same in sentences, with both passwords.
			const readable = await script('demo.ts', databasePath, []);
			expect(readable.code, readable.stderr).toBe(0);
			expect(readable.stdout).toContain('Hearth demo ready');
			// It says which port and database it used, and where they came from, and that it ran before.
			expect(readable.stdout).toContain(
				`Port 3000 (the default), database ${databasePath} (from the environment).`
			);
			expect(readable.stdout).toContain(
				'This database already held 2 demo organisations from an earlier run; this run added another beside them'
			);
			expect(readable.stdout).toMatch(/organiser\s+\S+@\S+\s+password \S+/);
			expect(readable.stdout).toMatch(/facilitator\s+\S+@\S+\s+password \S+/);
			expect(readable.stdout).toMatch(/Birch \S+": a meeting held on \d{4}-\d{2}-\d{2}/);
			expect(readable.stdout).toMatch(/outcome report\s+http:\/\/\S+\/reports\/[0-9a-f-]{36}/);
			expect(readable.stdout).toMatch(/review of all dialogues.*\s+http:\/\/\S+\/review\n/);
			expect(organisationCount(databasePath)).toBe(3);
		},
		TIMEOUT
	);
});
