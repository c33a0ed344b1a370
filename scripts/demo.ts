/**
 * `npm run demo`: a demo organisation with an organiser and a facilitator (generated passwords, printed), a
 * dialogue whose preparation is complete, and an open live session, so that Hearth can be tried in a minute.
 *
 *   npm run demo                 readable output
 *   npm run demo -- --json       one JSON object (baseUrl, organiser, facilitator, dialogueId, sessionId, …)
 *   npm run demo -- --force      also on a database that holds other organisations' data
 *   npm run demo -- --base-url http://192.168.1.20:3000   the address printed links use
 *
 * Uses DATABASE_PATH like the server (default ./data/hearth.db), applying migrations first.
 */
import { randomBytes } from 'node:crypto';
import { eq, notInArray } from 'drizzle-orm';
import { acceptInvite, inviteFacilitator, setupFirstOrganisation } from '$lib/server/auth/accounts';
import { readConfig } from '$lib/server/config';
import { openDatabase, type Db } from '$lib/server/db';
import { meta, organisation } from '$lib/server/db/schema';
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
	saveStakeholderGroup
} from '$lib/server/dialogues';
import { openLiveSession } from '$lib/server/live/sessions';

const DEMO_KEY = 'demo.organisations';

interface Options {
	json: boolean;
	force: boolean;
	baseUrl: string;
	/** The base URL was given: phones get it too, instead of this laptop's local network address. */
	baseUrlGiven: boolean;
}

function parseOptions(argv: string[]): Options {
	const at = argv.indexOf('--base-url');
	const port = process.env.PORT || '3000';
	const baseUrl = (at >= 0 ? argv[at + 1] : undefined) ?? process.env.ORIGIN ?? `http://localhost:${port}`;
	return {
		json: argv.includes('--json'),
		force: argv.includes('--force'),
		baseUrl: baseUrl.replace(/\/$/, ''),
		baseUrlGiven: at >= 0 || !!process.env.ORIGIN
	};
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

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function main() {
	const options = parseOptions(process.argv.slice(2));
	const { databasePath } = readConfig();
	const db = openDatabase(databasePath);

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

	const env = { db };
	const { id: dialogueId } = createDialogue(
		organiserPrincipal,
		{
			codename: `Linden ${suffix}`,
			place: 'Riverside, Northtown',
			communityKind: 'Neighbourhood and its football club',
			description:
				'A young man returns to live with his mother in Riverside after serving his sentence. The neighbours ' +
				'and the football club where he played as a boy are the receiving community.',
			leadId: facilitatorPrincipal.id,
			coId: organiserPrincipal.id
		},
		env
	);

	const noConcerns = { concerns: [] };
	saveCapacityReview(
		facilitatorPrincipal,
		dialogueId,
		{
			occasion: 'preparation',
			answers: {
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
			}
		},
		env
	);
	attestRiskAssessment(
		facilitatorPrincipal,
		dialogueId,
		{ confirmed: true, assessedOn: daysAgo(21), holderRole: 'Probation officer, regional probation service' },
		env
	);
	for (const group of [
		{
			name: 'Neighbours in the street',
			message: 'That someone returns, what the dialogue is for, and how to join it.',
			timing: 'Two weeks before the meeting',
			messenger: 'Neighbourhood social worker',
			decision: 'informed' as const,
			informedOn: daysAgo(7),
			decisionNote: ''
		},
		{
			name: 'Football club board',
			message: 'The plan, the role the club could play, and the support on offer.',
			timing: 'Three weeks before the meeting',
			messenger: 'Probation officer with the social worker',
			decision: 'informed' as const,
			informedOn: daysAgo(14),
			decisionNote: ''
		},
		{
			name: 'Primary school',
			message: '',
			timing: '',
			messenger: '',
			decision: 'notInforming' as const,
			informedOn: '',
			decisionNote: 'No contact with the school is foreseen; informing it would add fear without a role.'
		}
	]) {
		saveStakeholderGroup(facilitatorPrincipal, dialogueId, null, group, env);
	}
	for (const item of [
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
	]) {
		saveKnowledgeItem(facilitatorPrincipal, dialogueId, null, item, env);
	}
	for (const text of [
		'We speak for ourselves and listen to each other.',
		'We talk about behaviour and worries, not about who someone is.',
		'What is said here stays here, unless someone’s safety is at risk.',
		'Anyone may ask for a pause.'
	]) {
		saveGroundRule(facilitatorPrincipal, dialogueId, null, { text }, env);
	}
	saveSafetyPlan(
		facilitatorPrincipal,
		dialogueId,
		{
			pauseBy: 'Both facilitators, and any participant by raising a hand.',
			stepOut: 'The side room next to the hall; the co-facilitator goes along.',
			safetyNotes: 'Support from the social work team is available the day after.'
		},
		env
	);
	saveSessionPlan(
		facilitatorPrincipal,
		dialogueId,
		{
			scheduledFor: inDays(3),
			venue: 'Community hall, Riverside',
			openingCeremony: 'Tea and a word of welcome from the club chair.',
			closingCeremony: 'Everyone names one thing they will do; a candle is lit for a new start.',
			seating:
				'Inner circle for participants; observers from the agencies in an outer circle, without a voice.',
			accessibility: 'Ground floor, hearing loop, Dutch and English.'
		},
		env
	);
	for (const staff of [facilitatorPrincipal, organiserPrincipal]) {
		declareImpartiality(
			staff,
			dialogueId,
			{ confirmed: true, note: 'No personal ties to the community or the person returning.' },
			env
		);
	}

	const check = preparationCheck(db, dialogueId, Date.now());
	if (!check.passed) {
		throw new Error(`Demo preparation is incomplete: ${JSON.stringify(check.results)}`);
	}

	const opened = openLiveSession(db, facilitatorPrincipal, dialogueId, {
		requestOrigin: options.baseUrl,
		env: options.baseUrlGiven ? { ...process.env, ORIGIN: options.baseUrl } : process.env
	});
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
		date: today()
	};
	db.$client.close();

	if (options.json) {
		console.log(JSON.stringify(out, null, 2));
		return;
	}
	console.log(`Hearth demo ready (database: ${databasePath})

Sign in at ${out.baseUrl}/login
  organiser    ${organiser.email}   password ${organiser.password}
  facilitator  ${facilitator.email}   password ${facilitator.password}

Dialogue "Linden ${suffix}": preparation complete  ${out.baseUrl}/dialogues/${dialogueId}
Live session, join code ${out.joinCode}
  console (sign in as the facilitator)  ${out.consoleUrl}
  projector (secret link)               ${out.projectorUrl}
  phones                                ${out.phoneUrl}

Start the server with \`npm start\` if it is not running.`);
}

main().catch((error: unknown) => {
	console.error(`The demo could not be created: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
