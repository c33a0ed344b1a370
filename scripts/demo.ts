/**
 * `npm run demo`: a demo organisation with an organiser and a facilitator (generated passwords, printed), so that
 * Hearth can be tried in a minute. It holds two made-up dialogues:
 *
 * - "Linden …": preparation complete and its live session open, ready for phones to join;
 * - "Birch …": a meeting held six weeks ago, run from preparation to `closed` through the same services the
 *   console and the phones use (ten simulated phones joining, affirming, answering pulses, sending concerns and
 *   proposals, endorsing, consenting and checking out; every values check met, none overridden), so that
 *   **Review** shows an outcome report, a follow-up date and a commitment tracker with one commitment overdue and
 *   others done or in progress.
 *
 * Everything is invented: commitments are owned by roles, and the person returning is never named.
 *
 *   npm run demo                 readable output
 *   npm run demo -- --json       one JSON object (baseUrl, organiser, facilitator, dialogueId, sessionId, …,
 *                                closedDialogueId, closedSessionId, closedHeldOn, followUpOn, reviewUrl,
 *                                followUpUrl, reportUrl)
 *   npm run demo -- --force      also on a database that holds other organisations' data
 *   npm run demo -- --base-url http://192.168.1.20:3000   the address printed links use
 *   npm run demo -- --live-sessions 100   more "Linden" dialogues with open sessions (for `npm run bench`'s many
 *                                meetings at once; the JSON lists them all under `liveSessions`)
 *
 * Uses the same port and database as `npm start` (the environment, else `.env`, else port 3000 and
 * ./data/hearth.db: `scripts/settings.js`), says which, and applies migrations first. Run again, it adds another
 * demo organisation beside the earlier ones and says so (their sign-ins keep working).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, notInArray } from 'drizzle-orm';
import type { ConsentGradient } from '$lib/live/types';
import {
	isoDay,
	type CapacityReviewInput,
	type SessionPlanInput,
	type StakeholderGroupInput
} from '$lib/validation';
import type { StaffPrincipal } from '$lib/server/auth/principal';
import { acceptInvite, inviteFacilitator, setupFirstOrganisation } from '$lib/server/auth/accounts';
import { readConfig } from '$lib/server/config';
import { openDatabase, type Db } from '$lib/server/db';
import { contribution, meta, organisation } from '$lib/server/db/schema';
import {
	attestRiskAssessment,
	createDialogue,
	declareImpartiality,
	preparationCheck,
	saveCapacityReview,
	saveGroundRule,
	saveKnowledgeItem,
	saveSafetyPlan,
	saveSessionPlan,
	saveStakeholderGroup,
	type ServiceEnv
} from '$lib/server/dialogues';
import { findParticipant, type ParticipantPrincipal } from '$lib/server/live/http/access';
import type { AddressOptions } from '$lib/server/live/phones/addresses';
import { reportPath } from '$lib/server/live/commands/closing';
import { commandSession } from '$lib/server/live/commands/commands';
import { endorse, respond, submitContribution } from '$lib/server/live/phones/participation';
import { joinSession, openLiveSession } from '$lib/server/live/commands/sessions';
import { setCommitmentStatus } from '$lib/server/outcome/service';
import { describeSettings, settle } from './settings.js';

const DEMO_KEY = 'demo.organisations';
const DAY = 86_400_000;
const MINUTE = 60_000;

interface Options {
	json: boolean;
	force: boolean;
	baseUrl: string;
	/** The base URL was given: phones get it too, instead of this laptop's local network address. */
	baseUrlGiven: boolean;
	/** How many "Linden" dialogues with an open session (1 unless `--live-sessions N`). */
	liveSessions: number;
}

function parseOptions(argv: string[]): Options {
	const at = argv.indexOf('--base-url');
	const port = process.env.PORT || '3000';
	const baseUrl = (at >= 0 ? argv[at + 1] : undefined) ?? process.env.ORIGIN ?? `http://localhost:${port}`;
	return {
		json: argv.includes('--json'),
		force: argv.includes('--force'),
		baseUrl: baseUrl.replace(/\/$/, ''),
		baseUrlGiven: at >= 0 || !!process.env.ORIGIN,
		liveSessions: liveSessionsOption(argv)
	};
}

function liveSessionsOption(argv: string[]): number {
	const at = argv.indexOf('--live-sessions');
	if (at < 0) return 1;
	const n = Number(argv[at + 1]);
	if (!Number.isInteger(n) || n < 1 || n > 1000) {
		console.error('--live-sessions takes a whole number from 1 to 1000.');
		process.exit(2);
	}
	return n;
}

/** A password that is easy to read aloud and type: four groups of letters and digits. */
function generatePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const bytes = randomBytes(16);
	const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
	return chars.match(/.{4}/g)!.join('-');
}

function demoOrganisationIds(db: Db): string[] {
	const row = db.select().from(meta).where(eq(meta.key, DEMO_KEY)).get();
	return row ? (JSON.parse(row.value) as string[]) : [];
}

function rememberDemoOrganisation(db: Db, id: string) {
	const ids = [...demoOrganisationIds(db), id];
	db.insert(meta)
		.values({ key: DEMO_KEY, value: JSON.stringify(ids) })
		.onConflictDoUpdate({ target: meta.key, set: { value: JSON.stringify(ids) } })
		.run();
}

/** Organisations that were not made by this command: real data the demo must not be mixed into unasked. */
function otherOrganisations(db: Db): number {
	const demo = demoOrganisationIds(db);
	const query = db.select({ id: organisation.id }).from(organisation);
	return (demo.length ? query.where(notInArray(organisation.id, demo)) : query).all().length;
}

const today = () => isoDay(Date.now());

// ---------------------------------------------------------------------------------------------------------------
// Preparation (both dialogues)
// ---------------------------------------------------------------------------------------------------------------

/** What differs between the demo dialogues' preparation; the ground rules, knowledge and safety plan do not. */
interface Preparation {
	capacity: CapacityReviewInput['answers'];
	riskAssessedOn: string;
	groups: StakeholderGroupInput[];
	plan: SessionPlanInput;
}

const KNOWLEDGE = [
	{
		title: 'What rehabilitation means',
		body: 'People who leave extremism do better when they have a home, work and people around them.',
		url: ''
	},
	{
		title: 'Why the community matters',
		body: 'A neighbourhood can be the place where someone docks back on to society. Your role is your choice.',
		url: ''
	}
];

const GROUND_RULES = [
	'We speak for ourselves and listen to each other.',
	'We talk about behaviour and worries, not about who someone is.',
	'What is said here stays here, unless someone’s safety is at risk.',
	'Anyone may ask for a pause.'
];

/** Every preparation item of a dialogue, through the preparation services, so that its check is met. */
function prepareDialogue(
	facilitator: StaffPrincipal,
	organiser: StaffPrincipal,
	dialogueId: string,
	prep: Preparation,
	env: ServiceEnv
): void {
	saveCapacityReview(facilitator, dialogueId, { occasion: 'preparation', answers: prep.capacity }, env);
	attestRiskAssessment(
		facilitator,
		dialogueId,
		{
			confirmed: true,
			assessedOn: prep.riskAssessedOn,
			holderRole: 'Probation officer, regional probation service'
		},
		env
	);
	for (const group of prep.groups) saveStakeholderGroup(facilitator, dialogueId, null, group, env);
	for (const item of KNOWLEDGE) saveKnowledgeItem(facilitator, dialogueId, null, item, env);
	for (const text of GROUND_RULES) saveGroundRule(facilitator, dialogueId, null, { text }, env);
	saveSafetyPlan(
		facilitator,
		dialogueId,
		{
			pauseBy: 'Both facilitators, and any participant by raising a hand.',
			stepOut: 'The side room next to the hall; the co-facilitator goes along.',
			safetyNotes: 'Support from the social work team is available the day after.'
		},
		env
	);
	saveSessionPlan(facilitator, dialogueId, prep.plan, env);
	for (const staff of [facilitator, organiser]) {
		declareImpartiality(
			staff,
			dialogueId,
			{ confirmed: true, note: 'No personal ties to the community or the person returning.' },
			env
		);
	}
}

function requirePrepared(db: Db, dialogueId: string, at: number): void {
	const check = preparationCheck(db, dialogueId, at);
	if (!check.passed) {
		throw new Error(`Demo preparation is incomplete: ${JSON.stringify(check.results)}`);
	}
}

/** "Linden": prepared today, its session to be held in three days (and opened now, to try it). */
function lindenPreparation(now: number): Preparation {
	const noConcerns = { concerns: [] };
	return {
		capacity: {
			proDemocratic: {
				...noConcerns,
				assessment: 'An active residents’ association and a club board that supports the return.'
			},
			extremistTies: {
				assessment: 'No known ties; one former contact lives two streets away.',
				concerns: [
					{
						concern: 'A former contact lives nearby.',
						mitigation: 'Community police officer informed; mentor agrees a route to the club.'
					}
				]
			},
			riskToPerson: {
				assessment: 'Some anger among parents; no signs of revenge.',
				concerns: [
					{
						concern: 'Parents may confront him at the club.',
						mitigation: 'Club board talks with the parents first; the dialogue gives room to fears.'
					}
				]
			},
			socialCapital: {
				...noConcerns,
				assessment: 'Volunteers, a mosque board and a local employer are willing to help.'
			}
		},
		riskAssessedOn: isoDay(now, -21),
		groups: [
			{
				name: 'Neighbours in the street',
				message: 'That someone returns, what the dialogue is for, and how to join it.',
				timing: 'Two weeks before the meeting',
				messenger: 'Neighbourhood social worker',
				decision: 'informed',
				informedOn: isoDay(now, -7),
				decisionNote: ''
			},
			{
				name: 'Football club board',
				message: 'The plan, the role the club could play, and the support on offer.',
				timing: 'Three weeks before the meeting',
				messenger: 'Probation officer with the social worker',
				decision: 'informed',
				informedOn: isoDay(now, -14),
				decisionNote: ''
			},
			{
				name: 'Primary school',
				message: '',
				timing: '',
				messenger: '',
				decision: 'notInforming',
				informedOn: '',
				decisionNote: 'No contact with the school is foreseen; informing it would add fear without a role.'
			}
		],
		plan: {
			scheduledFor: isoDay(now, 3),
			venue: 'Community hall, Riverside',
			openingCeremony: 'Tea and a word of welcome from the club chair.',
			closingCeremony: 'Everyone names one thing they will do; a candle is lit for a new start.',
			seating:
				'Inner circle for participants; observers from the agencies in an outer circle, without a voice.',
			accessibility: 'Ground floor, hearing loop, Dutch and English.'
		}
	};
}

/** "Birch": prepared in the weeks before its meeting at `meetingAt`. */
function birchPreparation(meetingAt: number): Preparation {
	return {
		capacity: {
			proDemocratic: {
				assessment: 'A residents’ committee, a mosque board and a bakery that take part in local life.',
				concerns: []
			},
			extremistTies: {
				assessment: 'No known ties in the quarter; his old network lived in another town.',
				concerns: [
					{
						concern: 'Old contacts may try to reach him online.',
						mitigation: 'Probation conditions cover contacts; his mentor talks about it every week.'
					}
				]
			},
			riskToPerson: {
				assessment: 'Worry among parents in the block; no threats heard.',
				concerns: [
					{
						concern: 'Parents may keep their children away from him and his family.',
						mitigation: 'The dialogue gives room to those worries; the youth worker visits the parents.'
					}
				]
			},
			socialCapital: {
				assessment: 'His family, the mosque board and the bakery owner are willing to help.',
				concerns: []
			}
		},
		riskAssessedOn: isoDay(meetingAt, -20),
		groups: [
			{
				name: 'Neighbours in the block',
				message: 'That someone returns, what the dialogue is for, and how to join it.',
				timing: 'Two weeks before the meeting',
				messenger: 'Neighbourhood social worker',
				decision: 'informed',
				informedOn: isoDay(meetingAt, -14),
				decisionNote: ''
			},
			{
				name: 'Mosque board',
				message: 'The plan, the role the mosque could play, and the support on offer.',
				timing: 'Three weeks before the meeting',
				messenger: 'Probation officer with the social worker',
				decision: 'informed',
				informedOn: isoDay(meetingAt, -21),
				decisionNote: ''
			},
			{
				name: 'Sports hall staff',
				message: '',
				timing: '',
				messenger: '',
				decision: 'notInforming',
				informedOn: '',
				decisionNote: 'He does not use the sports hall; informing its staff would add fear without a role.'
			}
		],
		plan: {
			scheduledFor: isoDay(meetingAt),
			venue: 'Community centre, harbour quarter',
			openingCeremony: 'Mint tea and a word of welcome from the residents’ committee.',
			closingCeremony: 'Everyone names one small step they will take; a candle is lit.',
			seating: 'One circle of chairs; the agencies’ observers sit behind, without a voice.',
			accessibility: 'Ground floor, hearing loop, Dutch, English and Arabic.'
		}
	};
}

// ---------------------------------------------------------------------------------------------------------------
// "Birch": a session held six weeks ago, run to closed
// ---------------------------------------------------------------------------------------------------------------

/**
 * Phones in the Birch meeting: well above the minimum group size of 5, and enough for the consent spread to be
 * shown as numbers (every option answered by none or by at least five: 5 fully support, 5 can live with it).
 */
const PHONES = 10;

interface ClosedDialogue {
	dialogueId: string;
	sessionId: string;
	heldOn: string;
	followUpOn: string;
}

/**
 * Runs the Birch meeting the way a room runs it, on a clock that starts six weeks ago: the facilitator's
 * commands through `commandSession`, the phones through `joinSession`, `respond`, `submitContribution` and
 * `endorse`. Every values check is met on the real facts (no override). Afterwards the organiser marks
 * commitments in the tracker, at the days they were reported.
 */
function runBirch(
	db: Db,
	organiser: StaffPrincipal,
	facilitator: StaffPrincipal,
	suffix: string,
	address: AddressOptions
): ClosedDialogue {
	// The meeting started at half past six in the evening (UTC), 42 days ago.
	const meetingAt = Date.parse(`${isoDay(Date.now(), -42)}T18:30:00Z`);
	const { id: dialogueId } = createDialogue(
		organiser,
		{
			codename: `Birch ${suffix}`,
			place: 'Harbour quarter, Westbay',
			communityKind: 'Neighbours in a housing block, the mosque and a local bakery',
			description:
				'A man in his twenties returns to live with his family in the harbour quarter after serving his ' +
				'sentence. The neighbours in the block, the mosque board and a bakery that offers him work are the ' +
				'receiving community.',
			leadId: facilitator.id,
			coId: organiser.id
		},
		{ db, now: meetingAt - 30 * DAY }
	);
	prepareDialogue(facilitator, organiser, dialogueId, birchPreparation(meetingAt), {
		db,
		now: meetingAt - 3 * DAY
	});
	requirePrepared(db, dialogueId, meetingAt);

	let at = meetingAt;
	/** The meeting's clock: every step takes a little time. */
	const later = (minutes = 1) => (at += minutes * MINUTE);
	const opened = openLiveSession(db, facilitator, dialogueId, { ...address, now: at });
	const sessionId = opened.sessionId;
	const run = (command: unknown) =>
		commandSession(db, facilitator, sessionId, command, { ...address, now: at });
	const result = (command: unknown) => run(command).result ?? {};
	// Like the console, an advance names the phase it moves from (a session opens in preparation).
	let phase: string = 'preparation';
	const advance = (to: string) => {
		const done = run({ type: 'phase.advance', from: phase });
		phase = done.state.phase;
		if (done.state.phase !== to) throw new Error(`The demo session did not move on to ${to}.`);
		later(2);
	};
	const answer = (phone: ParticipantPrincipal, prompt: string, value: string | number, extra = {}) =>
		respond(db, phone, { prompt, value, clientRequestId: randomUUID(), ...extra }, at);

	// Opening: phones join (all on the hall's Wi-Fi: one address, never stored), affirm the ground rules, check in.
	later(5);
	advance('opening');
	const phones = Array.from({ length: PHONES }, () => {
		later(1);
		const joined = joinSession(db, { code: opened.joinCode, clientAddress: '192.0.2.50', now: at });
		const phone = findParticipant(db, joined.sessionId, joined.token);
		if (!phone) throw new Error('A demo phone could not join.');
		return phone;
	});
	later(5);
	run({ type: 'purpose.explained' });
	later(3);
	for (const phone of phones) answer(phone, 'groundRules.affirm', 'yes');
	later(2);
	run({ type: 'prompt.open', prompt: 'checkIn' });
	[3, 4, 2, 3, 4, 3, 5, 3, 2, 4].forEach((value, i) => answer(phones[i]!, 'checkIn', value));
	later(4);
	run({ type: 'prompt.close' });
	later(10);
	advance('fearsAndStigma');

	// Fears and stigma: concerns themed and answered, a pause, roles named, the "I feel respected" pulse.
	const themes = [
		{
			title: 'Our children',
			concerns: [
				'I am afraid for the children who play outside the block.',
				'Will he try to talk young people into his old ideas?',
				'My son looks up to older boys. What if he looks up to him?'
			],
			answer:
				'His probation officer and a mentor see him every week. Contact with young people goes through the ' +
				'mosque’s youth worker, never alone. Worries can be raised with the social worker at any time.'
		},
		{
			title: 'Who to call when worried',
			concerns: ['Who do I call if something feels wrong?', 'Do the police know that he lives here?'],
			answer:
				'The neighbourhood social worker is the first contact, on the number in the information letter. The ' +
				'community police officer knows, and takes part in the follow-up.'
		},
		{
			title: 'His old contacts',
			concerns: ['Will his old friends come back to the quarter?', 'How do we know he has really changed?'],
			answer:
				'His conditions forbid contact with his old network, and his mentor helps him build new habits. ' +
				'Nobody has to take his change on trust: the follow-up meeting looks at what actually happened.'
		}
	];
	let sender = 0;
	const themeIds = new Map<string, string>();
	for (const t of themes) {
		const ids = t.concerns.map((text) => {
			later(1);
			return submitContribution(
				db,
				phones[sender++ % PHONES]!,
				{ kind: 'concern', text, clientRequestId: randomUUID() },
				at
			).id;
		});
		later(2);
		const themeId = result({ type: 'theme.create', title: t.title }).themeId as string;
		themeIds.set(t.title, themeId);
		for (const contributionId of ids) run({ type: 'contribution.approve', contributionId, themeId });
	}
	later(3);
	run({
		type: 'session.pause',
		reason: 'A participant asked for a moment; ten minutes of tea for everyone.'
	});
	later(10);
	run({ type: 'session.resume' });
	for (const t of themes) {
		later(6);
		run({ type: 'theme.answer', themeId: themeIds.get(t.title), note: t.answer });
	}
	later(3);
	run({ type: 'prompt.open', prompt: 'role.named' });
	[
		'Neighbour who says hello',
		'Coffee after prayers',
		'Help with job applications',
		'Walk along to appointments',
		'Youth worker',
		'Someone to listen'
	].forEach((role, i) => answer(phones[i]!, 'role.named', role));
	// Each role named waits in the queue as a proposal; the facilitator lets them through for the proposals phase.
	later(2);
	for (const offered of db
		.select({ id: contribution.id })
		.from(contribution)
		.where(and(eq(contribution.sessionId, sessionId), eq(contribution.status, 'pending')))
		.all()) {
		run({ type: 'contribution.approve', contributionId: offered.id });
	}
	later(4);
	run({ type: 'prompt.open', prompt: 'pulse.respected' });
	[4, 5, 4, 3, 4, 4, 5, 3, 4, 4].forEach((value, i) => answer(phones[i]!, 'pulse.respected', value));
	later(2);
	run({ type: 'prompt.close' });
	later(2);
	advance('proposals');

	// Proposals: four sent, three shortlisted with an owner role and tied to a theme or a need; phones endorse.
	const proposals = [
		{
			text: 'The bakery offers him a trial month of early shifts, with a colleague as his buddy',
			proposedRole: 'bakery owner',
			resources: 'Work clothes and a buddy for the first weeks',
			owner: 'Bakery owner (local employer)',
			tie: { need: 'Work and a daily rhythm' },
			endorsements: 9
		},
		{
			text: 'A neighbour walks with him to the job centre and to probation for the first month',
			proposedRole: 'neighbour',
			resources: '',
			owner: 'Residents’ committee volunteer',
			tie: { themeId: themeIds.get('His old contacts') },
			endorsements: 7
		},
		{
			text: 'Coffee after Friday prayers with members of the mosque board, every week',
			proposedRole: 'mosque board member',
			resources: '',
			owner: 'Mosque board',
			tie: { need: 'People to belong to' },
			endorsements: 6
		},
		{
			text: 'A monthly open evening at the community centre where neighbours can ask questions',
			proposedRole: '',
			resources: 'The community centre’s meeting room',
			owner: null,
			tie: null,
			endorsements: 3
		}
	];
	const proposalIds = proposals.map((p, i) => {
		later(2);
		const id = submitContribution(
			db,
			phones[i]!,
			{
				kind: 'proposal',
				text: p.text,
				proposedRole: p.proposedRole,
				resources: p.resources,
				clientRequestId: randomUUID()
			},
			at
		).id;
		run({ type: 'contribution.approve', contributionId: id });
		return id;
	});
	later(5);
	// Each phone endorses at most three proposals (the default cap): the most wanted first, from the phones with
	// endorsements left.
	const left = phones.map(() => 3);
	proposals.forEach((p, i) => {
		const order = phones.map((_, n) => n).sort((a, b) => left[b]! - left[a]! || a - b);
		for (const n of order.slice(0, p.endorsements)) {
			endorse(db, phones[n]!, { contributionId: proposalIds[i], clientRequestId: randomUUID() }, at);
			left[n]!--;
		}
	});
	later(5);
	proposals.forEach((p, i) => {
		if (!p.owner || !p.tie) return;
		later(2);
		run({ type: 'proposal.shortlist', contributionId: proposalIds[i] });
		run({ type: 'proposal.owner', contributionId: proposalIds[i], ownerRole: p.owner });
		run({ type: 'proposal.tie', contributionId: proposalIds[i], ...p.tie });
	});
	later(3);
	advance('agreement');

	// The agreement: SMART commitments, read back, the consent round on the draft read back.
	const due = (days: number) => isoDay(meetingAt, days);
	const commitments = {
		bakery: result({
			type: 'agreement.commitment.add',
			proposalId: proposalIds[0],
			dueOn: due(35),
			reviewHow: 'The bakery owner tells the follow-up meeting how the trial month went'
		}).commitmentId as string,
		walk: result({
			type: 'agreement.commitment.add',
			proposalId: proposalIds[1],
			dueOn: due(28),
			reviewHow: 'The social worker asks the volunteer and him'
		}).commitmentId as string,
		coffee: result({
			type: 'agreement.commitment.add',
			proposalId: proposalIds[2],
			dueOn: due(63),
			reviewHow: 'The mosque board reports at the follow-up meeting'
		}).commitmentId as string,
		letter: result({
			type: 'agreement.commitment.add',
			action: 'Send every household in the block a short letter with the number to call when worried',
			ownerRole: 'Neighbourhood social worker',
			dueOn: due(7),
			reviewHow: 'A copy of the letter at the follow-up meeting'
		}).commitmentId as string
	};
	later(3);
	const { version } = result({
		type: 'agreement.commitment.move',
		commitmentId: commitments.letter,
		position: 0
	}) as { version: number };
	later(5);
	run({ type: 'agreement.readBack', version });
	later(2);
	run({ type: 'consent.open' });
	const consent: ConsentGradient[] = [
		'fullySupport',
		'canLiveWith',
		'fullySupport',
		'fullySupport',
		'canLiveWith',
		'fullySupport',
		'canLiveWith',
		'canLiveWith',
		'fullySupport',
		'canLiveWith'
	];
	consent.forEach((value, i) => answer(phones[i]!, 'consent', value, { draftVersion: version }));
	later(3);
	run({ type: 'consent.close' });
	later(2);
	advance('closing');

	// The closing: the follow-up date, the ritual that was planned, the check-out round (one phone had left).
	const followUpOn = due(56);
	run({ type: 'closing.followUp', date: followUpOn });
	later(2);
	run({ type: 'checkOut.open' });
	const checkOut: Record<string, number[]> = {
		'checkOut.safe': [4, 4, 5, 3, 4, 4, 5, 4, 3],
		'checkOut.heard': [4, 5, 4, 4, 3, 4, 5, 4, 4],
		'checkOut.respected': [5, 4, 4, 4, 4, 5, 5, 4, 4],
		'checkOut.fair': [5, 5, 4, 5, 4, 5, 5, 4, 5],
		'checkOut.nextSteps': [4, 3, 4, 4, 3, 4, 4, 3, 4],
		'checkOut.recommend': [4, 4, 5, 3, 4, 4, 5, 4, 4]
	};
	phones.slice(0, 9).forEach((phone, i) => {
		for (const [prompt, values] of Object.entries(checkOut)) answer(phone, prompt, values[i]!);
	});
	later(4);
	run({ type: 'checkOut.close' });
	later(3);
	run({ type: 'closing.ritualRecorded', note: 'Everyone named one small step; a candle was lit together.' });
	later(5);
	advance('closed');

	// The tracker afterwards, each change on the day it was reported.
	const track = (commitmentId: string, status: string, note: string, days: number) =>
		setCommitmentStatus(
			organiser,
			dialogueId,
			commitmentId,
			{ status, note },
			{ db, now: meetingAt + days * DAY }
		);
	track(commitments.letter, 'done', 'Delivered to every household in the block.', 6);
	track(commitments.coffee, 'inProgress', 'Twice so far; the board sends word after each time.', 22);
	track(commitments.bakery, 'done', 'The trial month went well; he stays on for three mornings a week.', 36);
	// The walk to the job centre is not reported yet: still planned, and past its due date.

	return { dialogueId, sessionId, heldOn: isoDay(meetingAt), followUpOn };
}

// ---------------------------------------------------------------------------------------------------------------

/** A "Linden" dialogue: prepared today, its live session opened now, ready for phones to join. */
function openLinden(
	db: Db,
	organiser: StaffPrincipal,
	facilitator: StaffPrincipal,
	codename: string,
	address: AddressOptions,
	env: ServiceEnv
) {
	const { id: dialogueId } = createDialogue(
		organiser,
		{
			codename,
			place: 'Riverside, Northtown',
			communityKind: 'Neighbourhood and its football club',
			description:
				'A young man returns to live with his mother in Riverside after serving his sentence. The neighbours ' +
				'and the football club where he played as a boy are the receiving community.',
			leadId: facilitator.id,
			coId: organiser.id
		},
		env
	);
	prepareDialogue(facilitator, organiser, dialogueId, lindenPreparation(env.now ?? Date.now()), env);
	requirePrepared(db, dialogueId, Date.now());
	return { dialogueId, opened: openLiveSession(db, facilitator, dialogueId, address) };
}

async function main() {
	const settings = settle();
	const options = parseOptions(process.argv.slice(2));
	const { databasePath } = readConfig();
	const db = openDatabase(databasePath);
	const earlierDemos = demoOrganisationIds(db).length;

	if (!options.force && otherOrganisations(db) > 0) {
		console.error(
			`The database at ${databasePath} already holds other organisations' data. The demo will not mix its ` +
				`made-up data into it. Use another DATABASE_PATH, or run again with --force.`
		);
		process.exit(2);
	}

	const suffix = randomBytes(3).toString('hex');
	const organiser = { email: `organiser.${suffix}@demo.hearth.invalid`, password: generatePassword() };
	const facilitator = { email: `facilitator.${suffix}@demo.hearth.invalid`, password: generatePassword() };

	const { organisationId, principal: organiserPrincipal } = await setupFirstOrganisation(
		db,
		{
			organisationName: `Demo probation service ${suffix}`,
			name: 'Olga Organiser',
			email: organiser.email,
			password: organiser.password
		},
		{ additional: true }
	);
	rememberDemoOrganisation(db, organisationId);

	const invite = inviteFacilitator(db, organiserPrincipal, {
		email: facilitator.email,
		name: 'Femke Facilitator',
		role: 'facilitator'
	});
	const { principal: facilitatorPrincipal } = await acceptInvite(db, invite.token, {
		name: 'Femke Facilitator',
		password: facilitator.password
	});
	const address: AddressOptions = {
		requestOrigin: options.baseUrl,
		env: options.baseUrlGiven ? { ...process.env, ORIGIN: options.baseUrl } : process.env
	};

	const now = Date.now();
	const env = { db, now };
	const live = [];
	for (let n = 1; n <= options.liveSessions; n++) {
		const codename = n === 1 ? `Linden ${suffix}` : `Linden ${suffix} ${n}`;
		live.push(openLinden(db, organiserPrincipal, facilitatorPrincipal, codename, address, env));
	}
	const { dialogueId, opened } = live[0]!;

	const closed = runBirch(db, organiserPrincipal, facilitatorPrincipal, suffix, address);

	const out = {
		baseUrl: options.baseUrl,
		organiser,
		facilitator,
		organisationId,
		dialogueId,
		sessionId: opened.sessionId,
		joinCode: opened.joinCode,
		phoneUrl: opened.phoneUrl,
		projectorUrl: options.baseUrl + opened.projectorPath,
		consoleUrl: options.baseUrl + opened.consolePath,
		...(options.liveSessions > 1
			? {
					liveSessions: live.map((l) => ({
						dialogueId: l.dialogueId,
						sessionId: l.opened.sessionId,
						joinCode: l.opened.joinCode,
						projectorUrl: options.baseUrl + l.opened.projectorPath
					}))
				}
			: {}),
		closedDialogueId: closed.dialogueId,
		closedSessionId: closed.sessionId,
		closedHeldOn: closed.heldOn,
		followUpOn: closed.followUpOn,
		reviewUrl: `${options.baseUrl}/review`,
		followUpUrl: `${options.baseUrl}/review/${closed.dialogueId}`,
		reportUrl: options.baseUrl + reportPath(closed.sessionId),
		databasePath,
		/** Demo organisations this database held before this run (each run adds one beside them). */
		earlierDemoOrganisations: earlierDemos,
		date: today()
	};
	db.$client.close();

	if (options.json) {
		console.log(JSON.stringify(out, null, 2));
		return;
	}
	const again =
		earlierDemos === 0
			? ''
			: `\nThis database already held ${earlierDemos === 1 ? 'a demo organisation' : `${earlierDemos} demo organisations`} from an earlier run; this run added another beside ${earlierDemos === 1 ? 'it' : 'them'} (their sign-ins still work).\n`;
	console.log(`Hearth demo ready. ${describeSettings(settings)}
${again}
Sign in at ${out.baseUrl}/login
  organiser    ${organiser.email}   password ${organiser.password}
  facilitator  ${facilitator.email}   password ${facilitator.password}

Dialogue "Linden ${suffix}": preparation complete  ${out.baseUrl}/dialogues/${dialogueId}
Live session, join code ${out.joinCode}
  console (sign in as the facilitator)  ${out.consoleUrl}
  projector (secret link)               ${out.projectorUrl}
  phones                                ${out.phoneUrl}

Dialogue "Birch ${suffix}": a meeting held on ${out.closedHeldOn} with ${PHONES} phones, closed
  review of all dialogues (organiser)   ${out.reviewUrl}
  follow-up and commitments             ${out.followUpUrl}
  outcome report                        ${out.reportUrl}
  follow-up meeting on ${out.followUpOn}; one commitment is overdue

Start the server with \`npm start\` if it is not running: it uses the same port and database.`);
}

main().catch((error: unknown) => {
	console.error(`The demo could not be created: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
