/**
 * The authorisation matrix: every staff page, form action and staff API endpoint, asked by five callers —
 * anonymous, the facilitator of the dialogue, another facilitator of the same organisation, the organiser, and
 * the organiser of another organisation. The routes are read from `src/routes` at test time: a staff route or
 * endpoint that is not in the matrix fails the first test, so a new page cannot be skipped silently.
 *
 * Refused callers go first, with real, valid payloads (a forged request that would change something if it got
 * through); the whole database, and every page the organiser reads, must be the same afterwards. Allowed
 * callers go second and must get through.
 *
 * Requests are plain HTTP with the cookie from the real sign-in form (fast; no browser needed), against the
 * production build on a server and database of its own (`npm run build` first).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../support/setup-cli';
import { ROOT, startServer, type RunningServer } from '../support/server';

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------------------------
// Routes on disk.
// ---------------------------------------------------------------------------------------------------------------

/** `GET /(staff)/dialogues/[id]`, `POST /(staff)/dialogues/[id]/capacity?/save`, `POST /api/v1/join`, … */
type EndpointKey = string;

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The action names of a `+page.server.ts` (the keys of `export const actions = { … }`, own or a shared `list.…`). */
function actionNames(source: string): string[] {
	const start = source.search(/export const actions\b/);
	if (start < 0) return [];
	return [...source.slice(start).matchAll(/^\t(\w+):\s*(?:async\s*)?(?:\(|function|list\.)/gm)].map(
		(m) => m[1] ?? ''
	);
}

/** Every page (GET), form action (POST) and endpoint method under `src/routes`. */
function routesOnDisk(): EndpointKey[] {
	const base = path.join(ROOT, 'src', 'routes');
	const found: EndpointKey[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const id = '/' + path.relative(base, dir).split(path.sep).join('/');
		const routeId = id === '/' ? '/' : id;
		const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		if (names.has('+page.svelte') || names.has('+page.server.ts') || names.has('+page.ts')) {
			found.push(`GET ${routeId}`);
			if (names.has('+page.server.ts')) {
				const source = fs.readFileSync(path.join(dir, '+page.server.ts'), 'utf8');
				for (const action of actionNames(source))
					found.push(action === 'default' ? `POST ${routeId}` : `POST ${routeId}?/${action}`);
			}
		}
		for (const file of ['+server.ts', '+server.js']) {
			if (!names.has(file)) continue;
			const source = fs.readFileSync(path.join(dir, file), 'utf8');
			for (const method of HTTP_METHODS) {
				if (new RegExp(`export\\s+(?:const|async function|function)\\s+${method}\\b`).test(source))
					found.push(`${method} ${routeId}`);
			}
		}
		for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
	};
	walk(base);
	return found.sort();
}

/** Not staff routes: sign-in and setup, the phones' and the projector's pages, the health check, joining. */
const PUBLIC: EndpointKey[] = [
	'GET /',
	'GET /healthz',
	'GET /invite/[token]',
	'POST /invite/[token]',
	'GET /login',
	'POST /login',
	'GET /logout',
	'POST /logout',
	'GET /projector/[id]',
	'GET /reset/[token]',
	'POST /reset/[token]',
	'GET /s',
	// The phone bar's language picker without JavaScript: a phone's own cookie (and its own row when it joined).
	'POST /s?/language',
	'GET /s/[code]',
	// An observer's watch link: the wall's content by the join code, no cookie (tests/integration/observers.test.ts).
	'GET /s/[code]/watch',
	'GET /setup',
	'POST /setup',
	'POST /api/v1/join'
];

// ---------------------------------------------------------------------------------------------------------------
// The matrix.
// ---------------------------------------------------------------------------------------------------------------

const CALLERS = ['anonymous', 'facilitator', 'otherFacilitator', 'organiser', 'otherOrganisation'] as const;
type Caller = (typeof CALLERS)[number];

/**
 * What a caller gets: `login` (303 to the sign-in form), a refusal status, `ok` (got through), or `invalid`:
 * let through to their own organisation's page, but the forged ids of another organisation are refused as
 * invalid input (400), so nothing happens.
 */
type Outcome = 'login' | 401 | 403 | 404 | 'ok' | 'invalid';

/**
 * - `dialogue`: a dialogue's preparation; its facilitators and the organisers of its organisation.
 * - `dialogueOrganiser`: organiser-only changes to a dialogue (status, facilitators, settings).
 * - `organisation`: organiser-only pages of one's own organisation (members, audit, new dialogue).
 * - `staff`: any signed-in staff member, each seeing their own.
 * - `session` / `sessionCommand`: the live session of a dialogue (console page and staff API).
 * - `phone`: phone-only endpoints; no staff caller is a phone.
 */
type Access =
	'dialogue' | 'dialogueOrganiser' | 'organisation' | 'staff' | 'session' | 'sessionCommand' | 'phone';

const RULES: Record<Access, Record<Caller, Outcome>> = {
	dialogue: {
		anonymous: 'login',
		facilitator: 'ok',
		otherFacilitator: 404,
		organiser: 'ok',
		otherOrganisation: 404
	},
	// A facilitator of the dialogue is told it is for organisers; one who is not assigned gets "not found"
	// (the dialogue's layout answers before the organiser check is shown).
	dialogueOrganiser: {
		anonymous: 'login',
		facilitator: 403,
		otherFacilitator: 404,
		organiser: 'ok',
		otherOrganisation: 404
	},
	organisation: {
		anonymous: 'login',
		facilitator: 403,
		otherFacilitator: 403,
		organiser: 'ok',
		otherOrganisation: 'ok'
	},
	staff: {
		anonymous: 'login',
		facilitator: 'ok',
		otherFacilitator: 'ok',
		organiser: 'ok',
		otherOrganisation: 'ok'
	},
	// Reading a session that is not yours: it does not exist as far as you can tell.
	session: {
		anonymous: 401,
		facilitator: 'ok',
		otherFacilitator: 404,
		organiser: 'ok',
		otherOrganisation: 404
	},
	// Acting on one: a facilitator of the organisation who is not assigned gets the same 404 as another
	// organisation (facilitators see only their own dialogues).
	sessionCommand: {
		anonymous: 401,
		facilitator: 'ok',
		otherFacilitator: 404,
		organiser: 'ok',
		otherOrganisation: 404
	},
	phone: { anonymous: 401, facilitator: 401, otherFacilitator: 401, organiser: 401, otherOrganisation: 401 }
};

/** What the test set up, for building URLs and payloads. */
interface World {
	dialogueId: string; // the dialogue whose preparation pages are asked for
	liveDialogueId: string; // the demo's dialogue, whose live session is open
	sessionId: string;
	/** A session of another dialogue that went through to closed, with its outcome report. */
	closedSessionId: string;
	joinCode: string;
	staff: { facilitator: string; organiser: string; otherFacilitator: string };
	ruleIds: string[];
	groupIds: string[];
	itemIds: string[];
	/** A partner and a milestone of the dialogue's follow-up, which refused callers try to change. */
	followUp: { partnerId: string; milestoneId: string };
	settings: Record<string, string>;
	codenames: string[];
	/** Text of organisation A that refused callers must never be shown. */
	secrets: string[];
}

type Body = { form: Record<string, string> } | { json: unknown } | undefined;

interface Spec {
	access: Access;
	/** Which id fills `[id]` / `[sessionId]`. */
	resource?: 'dialogue' | 'liveDialogue' | 'session' | 'closedSession';
	/** A query string to add (with the world's ids). */
	query?: (world: World) => string;
	/** The payload: a refused caller sends the same forged request an allowed one would. */
	body?: (world: World, caller: Caller, as: Client) => Body | Promise<Body>;
	/** What "got through" looks like (default: 200 for GET, a 303 that is not to /login for form actions). */
	ok?: number[];
	/** Outcomes that differ from the access rule, with the reason in a comment. */
	except?: Partial<Record<Caller, Outcome>>;
}

const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

/** Ids of the rows a list page shows, read as this caller (so an allowed caller acts on what exists now). */
async function idsOn(as: Client, url: string, field: string): Promise<string[]> {
	const html = await (await as.get(url)).text();
	// Each row's id is in its own form and in the forms of its versions in other languages: once each.
	const ids = [...html.matchAll(new RegExp(`name="${field}" value="([^"]+)"`, 'g'))].map((m) => m[1] ?? '');
	return [...new Set(ids)];
}

/** For an allowed caller, the last row (added by that caller's `save` just before); for others, a real id. */
async function lastId(
	world: World,
	caller: Caller,
	as: Client,
	page: string,
	field: string,
	fixed: string[]
) {
	if (caller !== 'facilitator' && caller !== 'organiser') return fixed.at(-1) ?? '';
	return (await idsOn(as, `/dialogues/${world.dialogueId}/${page}`, field)).at(-1) ?? '';
}

/** The last partner or milestone on the follow-up page, for an allowed caller; the seeded one for the others. */
async function followUpId(
	world: World,
	caller: Caller,
	as: Client,
	field: 'partnerId' | 'milestoneId'
): Promise<string> {
	if (caller !== 'facilitator' && caller !== 'organiser') return world.followUp[field];
	return (await idsOn(as, `/review/${world.dialogueId}`, field)).at(-1) ?? '';
}

const D = '/(staff)/dialogues/[id]';
/** A refused caller tries to archive the dialogue; the organiser sets the status it has (nothing to undo). */
const statusForm = (caller: Caller): Body => ({
	form: { status: caller === 'organiser' ? 'preparing' : 'archived' }
});
const capacityForm = {
	occasion: 'preparation',
	'proDemocratic.assessment': 'A residents’ association supports the return.',
	'extremistTies.assessment': 'No known ties.',
	'riskToPerson.assessment': 'Some anger; no signs of revenge.',
	'socialCapital.assessment': 'Volunteers are willing to help.'
};

const SPEC: Record<EndpointKey, Spec> = {
	// The list of dialogues and opening a new one.
	'GET /(staff)/dialogues': { access: 'staff' },
	'GET /(staff)/dialogues/new': { access: 'organisation' },
	'POST /(staff)/dialogues/new': {
		access: 'organisation',
		body: (w, caller) => ({
			form: {
				codename: `Forged ${unique()}`,
				// Another organisation's organiser names organisation A's facilitator as lead: refused.
				leadId: caller === 'otherOrganisation' ? w.staff.facilitator : '',
				coId: ''
			}
		}),
		except: { otherOrganisation: 'invalid' }
	},

	// The workspace and every preparation item.
	[`GET ${D}`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}?/status`]: {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		body: (_w, c) => statusForm(c)
	},
	[`GET ${D}/details`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/details?/save`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({
			form: {
				codename: w.codenames[0] ?? '',
				place: `Forged place ${unique()}`,
				communityKind: 'Neighbourhood',
				description: ''
			}
		})
	},
	[`POST ${D}/details?/language`]: {
		access: 'dialogue',
		resource: 'dialogue',
		// A refused caller tries to change it; an allowed one sets the language it already is.
		body: (_w, caller) => ({
			form: { mainLocale: caller === 'facilitator' || caller === 'organiser' ? 'en' : 'ar' }
		})
	},
	[`POST ${D}/details?/status`]: {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		body: (_w, c) => statusForm(c)
	},
	[`GET ${D}/facilitators`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/facilitators`]: {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		// A refused caller tries to take the dialogue over; the organiser sends the same people again.
		body: (w, caller) =>
			caller === 'organiser'
				? { form: { leadId: w.staff.facilitator, coId: w.staff.organiser } }
				: { form: { leadId: w.staff.otherFacilitator, coId: '' } }
	},
	[`GET ${D}/capacity`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/capacity?/save`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: capacityForm })
	},
	[`POST ${D}/capacity?/addRow`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { ...capacityForm, addTo: 'riskToPerson' } }),
		ok: [200]
	},
	[`GET ${D}/risk`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/risk`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { confirmed: 'on', assessedOn: isoDay(-3), holderRole: 'Forged holder role' } })
	},
	[`GET ${D}/information`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/information?/save`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { name: `Group ${unique()}`, decision: 'pending' } })
	},
	[`POST ${D}/information?/delete`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: async (w, caller, as) => ({
			form: { groupId: await lastId(w, caller, as, 'information', 'groupId', w.groupIds) }
		})
	},
	[`GET ${D}/knowledge`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/knowledge?/save`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { title: `Text ${unique()}`, body: 'A short text.', url: '' } })
	},
	[`POST ${D}/knowledge?/delete`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: async (w, caller, as) => ({
			form: { itemId: await lastId(w, caller, as, 'knowledge', 'itemId', w.itemIds) }
		})
	},
	[`POST ${D}/knowledge?/translate`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({
			form: { itemId: w.itemIds[0] ?? '', locale: 'pl', title: 'Tytuł', body: 'Krótki tekst.' }
		})
	},
	[`POST ${D}/knowledge?/untranslate`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { itemId: w.itemIds[0] ?? '', locale: 'pl' } })
	},
	[`POST ${D}/knowledge?/up`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { itemId: w.itemIds.at(-1) ?? '' } })
	},
	[`POST ${D}/knowledge?/down`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { itemId: w.itemIds.at(-1) ?? '' } })
	},
	[`GET ${D}/ground-rules`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/ground-rules?/seed`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { language: 'nl' } })
	},
	[`POST ${D}/ground-rules?/save`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w, caller) =>
			// An allowed caller adds a rule; a refused one tries to rewrite an existing one.
			caller === 'facilitator' || caller === 'organiser'
				? { form: { ruleId: '', text: `Rule ${unique()}` } }
				: { form: { ruleId: w.ruleIds[0] ?? '', text: 'Forged rule text' } }
	},
	[`POST ${D}/ground-rules?/delete`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: async (w, caller, as) => ({
			form: { ruleId: await lastId(w, caller, as, 'ground-rules', 'ruleId', w.ruleIds) }
		})
	},
	[`POST ${D}/ground-rules?/translate`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { ruleId: w.ruleIds[0] ?? '', locale: 'pl', text: 'Mówi jedna osoba naraz.' } })
	},
	[`POST ${D}/ground-rules?/untranslate`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { ruleId: w.ruleIds[0] ?? '', locale: 'pl' } })
	},
	[`POST ${D}/ground-rules?/up`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { ruleId: w.ruleIds.at(-1) ?? '' } })
	},
	[`POST ${D}/ground-rules?/down`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: (w) => ({ form: { ruleId: w.ruleIds[0] ?? '' } })
	},
	[`GET ${D}/safety`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/safety`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { pauseBy: 'Forged: nobody', stepOut: 'Forged: nowhere', safetyNotes: '' } })
	},
	[`GET ${D}/session-plan`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/session-plan`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({
			form: {
				scheduledFor: isoDay(7),
				venue: 'Forged venue',
				openingCeremony: 'Tea',
				closingCeremony: 'A candle',
				seating: 'Two circles',
				accessibility: ''
			}
		})
	},
	[`GET ${D}/impartiality`]: { access: 'dialogue', resource: 'dialogue' },
	// Withdraw before declare, so that allowed callers end declared.
	[`POST ${D}/impartiality?/withdraw`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: {} })
	},
	[`POST ${D}/impartiality?/declare`]: {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { confirmed: 'on', note: '' } })
	},
	// Facilitators read the settings; only organisers change them.
	[`GET ${D}/settings`]: { access: 'dialogue', resource: 'dialogue' },
	[`POST ${D}/settings?/save`]: {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		body: (w, caller) => ({
			form: caller === 'organiser' ? w.settings : { ...w.settings, minGroupSize: '3', retentionDays: '1825' }
		})
	},
	[`POST ${D}/settings?/reset`]: {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		body: () => ({ form: {} })
	},

	// Opening the live session from the workspace: the demo's dialogue has one open already, so an allowed caller
	// is sent on to its console; nobody else gets past the dialogue check.
	[`POST ${D}?/open`]: {
		access: 'dialogue',
		resource: 'liveDialogue',
		body: () => ({ form: {} })
	},

	// Follow-up and the organisation's review dashboard.
	'GET /(staff)/review': { access: 'organisation' },
	'GET /(staff)/review/[id]': { access: 'dialogue', resource: 'dialogue' },
	// The world has no commitment yet: an allowed caller gets past access and is told it is not found.
	'POST /(staff)/review/[id]?/status': {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({
			form: { commitmentId: '00000000-0000-4000-8000-000000000000', status: 'done', note: '' }
		}),
		ok: [404]
	},
	// The follow-up's alliance partners and milestones (issue 11): the dialogue's facilitators and the organisers.
	// Removing and setting a status act on the row the allowed caller added just before; refused callers try the
	// partner and the milestone the organiser added when the world was set up.
	'POST /(staff)/review/[id]?/partner': {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({
			form: { kind: 'housing', role: 'Tenancy officer', organisation: 'Linden Housing Association' }
		})
	},
	'POST /(staff)/review/[id]?/partnerRemove': {
		access: 'dialogue',
		resource: 'dialogue',
		body: async (w, caller, as) => ({
			form: { partnerId: await followUpId(w, caller, as, 'partnerId') }
		})
	},
	'POST /(staff)/review/[id]?/milestone': {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: { dueOn: isoDay(30), what: 'First month at work reviewed with the employer' } })
	},
	'POST /(staff)/review/[id]?/milestoneStatus': {
		access: 'dialogue',
		resource: 'dialogue',
		body: async (w, caller, as) => ({
			form: { milestoneId: await followUpId(w, caller, as, 'milestoneId'), status: 'reached' }
		})
	},
	// Nothing of this dialogue is closed yet, so a review session cannot start: an allowed caller gets a 400.
	'POST /(staff)/review/[id]?/review': {
		access: 'dialogue',
		resource: 'dialogue',
		body: () => ({ form: {} }),
		ok: [400]
	},
	// Deleting needs the codename typed; with a wrong one an allowed caller gets a 400 and nothing is deleted.
	'POST /(staff)/review/[id]?/delete': {
		access: 'dialogueOrganiser',
		resource: 'dialogue',
		body: () => ({ form: { confirm: 'not the codename' } }),
		ok: [400]
	},

	// The live console and the staff API.
	'GET /(staff)/facilitate/[id]': {
		access: 'session',
		resource: 'session',
		// The console page follows the API: an unassigned facilitator of the organisation gets 404.
		except: { anonymous: 'login', otherFacilitator: 404 }
	},
	'POST /api/v1/dialogues/[id]/sessions': {
		access: 'sessionCommand',
		resource: 'liveDialogue',
		// One open session per dialogue: an allowed caller gets past the check and is told it is open already.
		ok: [409]
	},
	// Safeguarding records of a dialogue (issue 11): its facilitators and the organisers only.
	'GET /api/v1/dialogues/[id]/safeguarding': {
		access: 'session',
		resource: 'liveDialogue',
		query: () => '?format=csv'
	},
	'GET /api/v1/sessions/[id]': { access: 'session', resource: 'session' },
	'GET /api/v1/sessions/[id]/events': { access: 'session', resource: 'session' },
	'GET /api/v1/sessions/[id]/qr.svg': { access: 'session', resource: 'session' },
	'POST /api/v1/sessions/[id]/commands': {
		access: 'sessionCommand',
		resource: 'session',
		body: (_w, caller) => ({
			json: { type: caller === 'facilitator' || caller === 'organiser' ? 'join.show' : 'join.hide' }
		}),
		ok: [200]
	},
	// Outcome of a closed session: the report page, its exports, and the review calendar of one dialogue.
	'GET /(staff)/reports/[sessionId]': {
		access: 'session',
		resource: 'closedSession',
		except: { anonymous: 'login' }
	},
	'GET /api/v1/sessions/[id]/outcome': {
		access: 'session',
		resource: 'closedSession',
		query: () => '?format=csv'
	},
	'GET /api/v1/calendar.ics': { access: 'session', query: (w) => `?dialogue=${w.dialogueId}` },
	'POST /api/v1/sessions/[id]/contributions': {
		access: 'phone',
		resource: 'session',
		body: () => ({ json: { kind: 'concern', text: 'Forged concern', clientRequestId: `forged-${unique()}` } })
	},
	'POST /api/v1/sessions/[id]/endorsements': {
		access: 'phone',
		resource: 'session',
		body: () => ({
			json: { contributionId: '00000000-0000-4000-8000-000000000000', clientRequestId: `forged-${unique()}` }
		})
	},
	'DELETE /api/v1/sessions/[id]/endorsements/[contributionId]': { access: 'phone', resource: 'session' },
	'POST /api/v1/sessions/[id]/responses': {
		access: 'phone',
		resource: 'session',
		body: () => ({
			json: { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: `forged-${unique()}` }
		})
	},
	'POST /api/v1/sessions/[id]/pause-request': {
		access: 'phone',
		resource: 'session',
		body: () => ({ json: { asking: true } })
	},
	'POST /api/v1/sessions/[id]/speaking': {
		access: 'phone',
		resource: 'session',
		body: () => ({ json: { action: 'pass', roundId: 'no-round' } })
	},
	'PUT /api/v1/sessions/[id]/language': {
		access: 'phone',
		resource: 'session',
		body: () => ({ json: { language: 'nl' } })
	},
	'POST /api/v1/sessions/[id]/typing': {
		access: 'phone',
		resource: 'session',
		body: () => ({ json: { typing: true } })
	},

	// The organisation: members and the audit log.
	'GET /(staff)/organisation/members': { access: 'organisation' },
	'POST /(staff)/organisation/members?/invite': {
		access: 'organisation',
		body: () => ({
			form: { email: `matrix-${unique()}@example.org`, name: 'Mia Matrix', role: 'facilitator' }
		}),
		ok: [200]
	},
	...memberRowActions(),
	'GET /(staff)/organisation/audit': { access: 'organisation' },

	// One's own profile: every signed-in person has one, and changes only their own (English, so the matrix reads on).
	'GET /(staff)/profile': { access: 'staff' },
	'POST /(staff)/profile': { access: 'staff', body: () => ({ form: { language: 'en' } }) }
};

/**
 * Row actions on the members page. Refused callers aim at organisation A's facilitator of the dialogue: another
 * organisation's organiser reaches their own members page, but the member is not theirs (400, nothing changes).
 * The organiser acts on the person just invited (Mia Matrix), so the matrix's own callers keep their accounts.
 */
function memberRowActions(): Record<EndpointKey, Spec> {
	const target = async (w: World, caller: Caller, as: Client): Promise<string> => {
		if (caller !== 'organiser') return w.staff.facilitator;
		const html = await (await as.get('/organisation/members')).text();
		const row = html.split('<tr').find((r) => r.includes('Mia Matrix')) ?? '';
		return /name="memberId" value="([^"]+)"/.exec(row)?.[1] ?? '';
	};
	const rows: Record<EndpointKey, Spec> = {};
	for (const [action, extra, ok] of [
		['reinvite', {}, 200],
		['reset', {}, 200],
		['role', { role: 'organiser' }, 303],
		['disable', {}, 303],
		['enable', {}, 303]
	] as const) {
		rows[`POST /(staff)/organisation/members?/${action}`] = {
			access: 'organisation',
			body: async (w, caller, as) => {
				// `reset` needs an account that has joined; Mia has only been invited.
				const memberId =
					action === 'reset' && caller === 'organiser'
						? w.staff.otherFacilitator
						: await target(w, caller, as);
				return { form: { memberId, ...extra } };
			},
			ok: [ok],
			except: { otherOrganisation: 'invalid' }
		};
	}
	return rows;
}

function expected(key: EndpointKey, caller: Caller): Outcome {
	const spec = SPEC[key];
	if (!spec) throw new Error(`no spec for ${key}`);
	return spec.except?.[caller] ?? RULES[spec.access][caller];
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP with a sign-in cookie.
// ---------------------------------------------------------------------------------------------------------------

interface Answer {
	status: number;
	location: string;
	contentType: string;
	text: string;
}

class Client {
	constructor(
		readonly base: string,
		readonly cookie: string
	) {}

	get(url: string, accept = 'text/html'): Promise<Response> {
		return fetch(`${this.base}${url}`, { redirect: 'manual', headers: this.headers(accept) });
	}

	private headers(accept: string): Record<string, string> {
		return { accept, origin: this.base, ...(this.cookie ? { cookie: this.cookie } : {}) };
	}

	/** One request; a Server-Sent Events stream is read up to its first message and then closed. */
	async send(method: string, url: string, body: Body, accept: string): Promise<Answer> {
		const controller = new AbortController();
		const headers = this.headers(accept);
		// What `use:enhance` sends with a form post.
		if (accept === 'application/json' && !url.startsWith('/api/')) headers['x-sveltekit-action'] = 'true';
		let payload: string | undefined;
		if (body && 'form' in body) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			payload = new URLSearchParams(body.form).toString();
		} else if (body && 'json' in body) {
			headers['content-type'] = 'application/json';
			payload = JSON.stringify(body.json);
		}
		const response = await fetch(`${this.base}${url}`, {
			method,
			headers,
			body: payload,
			redirect: 'manual',
			signal: controller.signal
		});
		const contentType = response.headers.get('content-type') ?? '';
		let text: string;
		if (contentType.startsWith('text/event-stream')) {
			const reader = response.body?.getReader();
			const first = reader ? await reader.read() : { value: undefined };
			text = new TextDecoder().decode(first.value);
			controller.abort();
		} else text = await response.text();
		return { status: response.status, location: response.headers.get('location') ?? '', contentType, text };
	}
}

/** Signs in through the real form (POST /login) and keeps the session cookie. */
async function signInAs(base: string, account: { email: string; password: string }): Promise<Client> {
	const response = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(account).toString()
	});
	expect(response.status, `sign-in of ${account.email}`).toBe(303);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hearth_session='));
	expect(cookie, 'session cookie').toBeTruthy();
	return new Client(base, (cookie ?? '').split(';')[0] ?? '');
}

/** Posts a form as this client and returns the answer (for the set-up steps). */
async function postForm(as: Client, url: string, form: Record<string, string>): Promise<Answer> {
	return as.send('POST', url, { form }, 'text/html');
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the database back.
// ---------------------------------------------------------------------------------------------------------------

/** Every row of every table, except sign-in sessions (which the callers' own sign-ins create). */
function snapshot(databasePath: string): Record<string, string> {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		const tables = db
			.prepare(
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'auth_session'"
			)
			.all() as { name: string }[];
		const out: Record<string, string> = {};
		for (const { name } of tables) {
			const rows = db.prepare(`SELECT * FROM "${name}"`).all();
			out[name] = JSON.stringify(rows.map((row) => JSON.stringify(row)).sort());
		}
		return out;
	} finally {
		db.close();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The test.
// ---------------------------------------------------------------------------------------------------------------

function urlOf(key: EndpointKey, world: World): { method: string; url: string } {
	const [method = 'GET', rest = ''] = key.split(' ');
	const [routeId = '', action] = rest.split('?/');
	const spec = SPEC[key];
	const ids = {
		dialogue: world.dialogueId,
		liveDialogue: world.liveDialogueId,
		session: world.sessionId,
		closedSession: world.closedSessionId
	};
	const id = ids[spec?.resource ?? 'dialogue'];
	const url = routeId
		.replace(/\/\([^)]+\)/g, '')
		.replace(/\[(id|sessionId)\]/, id)
		.replace('[contributionId]', '00000000-0000-4000-8000-000000000000');
	if (/\[\w+\]/.test(url)) throw new Error(`${key}: a route parameter the matrix cannot fill in ${url}`);
	const query = action ? `?/${action}` : (spec?.query?.(world) ?? '');
	return { method, url: `${url || '/'}${query}` };
}

function describeOutcome(answer: Answer): string {
	const where = answer.location ? ` → ${answer.location}` : '';
	return `${answer.status}${where} ${answer.text.slice(0, 200).replace(/\s+/g, ' ')}`;
}

describe('authorisation matrix', () => {
	const clients = {} as Record<Caller, Client>;
	let world: World;
	let server: RunningServer | undefined;
	let databasePath = '';
	let demoOrganiserName = '';

	afterAll(async () => {
		await server?.stop();
	});

	beforeAll(async () => {
		server = await startServer();
		const base = server.baseUrl;
		databasePath = server.databasePath;
		// Organisation A from the demo command (an organiser, a facilitator, a prepared dialogue with an open live
		// session). The database is this file's own and still empty; --force only keeps the order from mattering.
		const { stdout } = await run(
			process.execPath,
			['--import', 'tsx', 'scripts/demo.ts', '--json', '--force', '--base-url', base],
			{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath } }
		);
		const demo = JSON.parse(stdout) as {
			organiser: { email: string; password: string };
			facilitator: { email: string; password: string };
			dialogueId: string;
			sessionId: string;
			joinCode: string;
			projectorUrl: string;
		};
		const other = await createOrganisation({ databasePath, name: 'Xavier Elsewhere' });
		clients.anonymous = new Client(base, '');
		clients.organiser = await signInAs(base, demo.organiser);
		clients.facilitator = await signInAs(base, demo.facilitator);
		clients.otherOrganisation = await signInAs(base, other);
		const organiser = clients.organiser;

		// Another facilitator of organisation A, invited through the members page, not assigned to anything.
		const otherEmail = `otto-${unique()}@example.org`;
		const invited = await postForm(organiser, '/organisation/members?/invite', {
			email: otherEmail,
			name: 'Otto Unassigned',
			role: 'facilitator'
		});
		const inviteUrl = /https?:\/\/[^"\s]+\/invite\/[A-Za-z0-9_-]{43}/.exec(invited.text)?.[0] ?? '';
		expect(inviteUrl, describeOutcome(invited)).not.toBe('');
		const password = 'a calm warm hearth';
		const joined = await postForm(new Client(base, ''), new URL(inviteUrl).pathname, {
			name: 'Otto Unassigned',
			password,
			confirm: password
		});
		expect(joined.status, describeOutcome(joined)).toBe(303);
		clients.otherFacilitator = await signInAs(base, { email: otherEmail, password });

		// The dialogue the matrix asks about: opened through the form, with the demo's two people facilitating.
		const people = await (await organiser.get('/dialogues/new')).text();
		const idOf = (name: string) =>
			new RegExp(`<option value="([0-9a-f-]{36})"[^>]*>${name} \\(`).exec(people)?.[1] ?? '';
		demoOrganiserName = 'Olga Organiser';
		const staff = {
			facilitator: idOf('Femke Facilitator'),
			organiser: idOf(demoOrganiserName),
			otherFacilitator: idOf('Otto Unassigned')
		};
		expect(
			Object.values(staff).every((id) => /^[0-9a-f-]{36}$/.test(id)),
			JSON.stringify(staff)
		).toBe(true);
		const codename = `Matrix ${unique()}`;
		const created = await postForm(organiser, '/dialogues/new', {
			codename,
			place: '',
			communityKind: '',
			description: '',
			leadId: staff.facilitator,
			coId: staff.organiser
		});
		expect(created.status, describeOutcome(created)).toBe(303);
		const dialogueId = /\/dialogues\/([0-9a-f-]{36})\?saved=created$/.exec(created.location)?.[1] ?? '';
		const at = (p: string) => `/dialogues/${dialogueId}/${p}`;
		expect((await postForm(organiser, `${at('ground-rules')}?/seed`, { language: 'en' })).status).toBe(303);
		for (const name of ['Neighbours', 'Sports club'])
			expect(
				(await postForm(organiser, `${at('information')}?/save`, { name, decision: 'pending' })).status
			).toBe(303);
		for (const title of ['What rehabilitation means', 'Why the community matters'])
			expect(
				(await postForm(organiser, `${at('knowledge')}?/save`, { title, body: 'A short text.', url: '' }))
					.status
			).toBe(303);
		// A third dialogue whose live session goes through every phase to closed (each check passed by a written
		// judgement), so that it has an outcome report.
		const closedCodename = `Closed ${unique()}`;
		const third = await postForm(organiser, '/dialogues/new', {
			codename: closedCodename,
			leadId: staff.facilitator,
			coId: ''
		});
		const thirdId = /\/dialogues\/([0-9a-f-]{36})\?saved=created$/.exec(third.location)?.[1] ?? '';
		const opened = await organiser.send(
			'POST',
			`/api/v1/dialogues/${thirdId}/sessions`,
			undefined,
			'application/json'
		);
		expect(opened.status, describeOutcome(opened)).toBe(201);
		const closedSessionId = (JSON.parse(opened.text) as { sessionId: string }).sessionId;
		const judgement = 'Matrix test: judged by the facilitator, recorded for the report.';
		let phase = 'preparation';
		for (let step = 0; step < 6 && phase !== 'closed'; step++) {
			const moved = await organiser.send(
				'POST',
				`/api/v1/sessions/${closedSessionId}/commands`,
				{
					json: {
						type: 'phase.advance',
						from: phase,
						overrides: { respect: judgement, relationship: judgement, responsibility: judgement }
					}
				},
				'application/json'
			);
			expect(moved.status, describeOutcome(moved)).toBe(200);
			phase = (JSON.parse(moved.text) as { state: { phase: string } }).state.phase;
		}
		expect(phase).toBe('closed');

		const settingsHtml = await (await organiser.get(at('settings'))).text();
		const settings: Record<string, string> = {};
		for (const m of settingsHtml.matchAll(/<input[^>]*\bname="(\w+)"[^>]*\bvalue="([^"]*)"/g))
			settings[m[1] ?? ''] = m[2] ?? '';
		expect(Object.keys(settings)).toContain('minGroupSize');
		const followUpPage = `/review/${dialogueId}`;
		const seeded = [
			[`${followUpPage}?/partner`, { kind: 'faith', role: 'Imam', organisation: 'Seeded Mosque Foundation' }],
			[`${followUpPage}?/milestone`, { dueOn: isoDay(60), what: 'Seeded milestone' }]
		] as const;
		for (const [url, form] of seeded) expect((await postForm(organiser, url, form)).status).toBe(303);

		world = {
			dialogueId,
			liveDialogueId: demo.dialogueId,
			sessionId: demo.sessionId,
			closedSessionId,
			joinCode: demo.joinCode,
			staff,
			ruleIds: await idsOn(organiser, at('ground-rules'), 'ruleId'),
			groupIds: await idsOn(organiser, at('information'), 'groupId'),
			itemIds: await idsOn(organiser, at('knowledge'), 'itemId'),
			followUp: {
				partnerId: (await idsOn(organiser, followUpPage, 'partnerId'))[0] ?? '',
				milestoneId: (await idsOn(organiser, followUpPage, 'milestoneId'))[0] ?? ''
			},
			settings,
			codenames: [codename, closedCodename],
			secrets: [
				codename,
				closedCodename,
				demo.joinCode,
				// The projector's secret, kept for the console's view: no refused caller may read it anywhere.
				new URL(demo.projectorUrl).searchParams.get('display') ?? 'no projector link',
				demo.facilitator.email,
				'Femke Facilitator',
				'Why the community matters',
				'Seeded Mosque Foundation'
			]
		};
		expect(world.ruleIds.length).toBeGreaterThan(1);
		expect(world.groupIds).toHaveLength(2);
		expect(world.itemIds).toHaveLength(2);
		expect(world.followUp.partnerId).not.toBe('');
		expect(world.followUp.milestoneId).not.toBe('');
	}, 180_000);

	it('every staff route and endpoint on disk is in the matrix, and the matrix names only real ones', () => {
		const onDisk = routesOnDisk();
		const staffOrApi = onDisk.filter((key) => / \/(\(staff\)|api)\//.test(key) && !PUBLIC.includes(key));
		const unclassified = onDisk.filter((key) => !staffOrApi.includes(key) && !PUBLIC.includes(key));
		expect(unclassified, 'routes that are neither staff routes nor listed as public: classify them').toEqual(
			[]
		);
		expect(
			staffOrApi.filter((key) => !(key in SPEC)),
			'staff routes or endpoints missing from the authorisation matrix: add them to SPEC'
		).toEqual([]);
		expect(
			Object.keys(SPEC).filter((key) => !onDisk.includes(key)),
			'matrix entries with no route on disk'
		).toEqual([]);
		expect(
			PUBLIC.filter((key) => !onDisk.includes(key)),
			'public entries with no route on disk'
		).toEqual([]);
		console.log(
			`authorisation matrix: ${Object.keys(SPEC).length} routes and endpoints × ${CALLERS.length} callers = ` +
				`${Object.keys(SPEC).length * CALLERS.length} cells`
		);
	});

	/**
	 * Runs one cell and checks its outcome; returns a line for the failure list, or null when it is right.
	 * `enhanced` posts a form action the way the page's JavaScript does (`use:enhance`: JSON back, and no page
	 * loads run), a second way in that must be refused as well.
	 */
	async function cell(key: EndpointKey, caller: Caller, enhanced = false): Promise<string | null> {
		const spec = SPEC[key];
		if (!spec) return `${key}: no spec`;
		const as = clients[caller];
		const { method, url } = urlOf(key, world);
		const body = method === 'GET' ? undefined : await spec.body?.(world, caller, as);
		const api = url.startsWith('/api/');
		const answer = await as.send(method, url, body, api || enhanced ? 'application/json' : 'text/html');
		const want = expected(key, caller);
		if (enhanced) return enhancedOutcome(`${caller} ${key} (enhanced)`, want, answer);
		const label = `${caller} ${key}: expected ${want}, got ${describeOutcome(answer)}`;
		const toLogin = answer.status === 303 && answer.location.startsWith('/login');
		switch (want) {
			case 'login':
				if (!toLogin || !answer.location.startsWith('/login?next=')) return label;
				break;
			case 'ok': {
				const ok = spec.ok ?? (method === 'GET' ? [200] : [303]);
				if (!ok.includes(answer.status) || toLogin) return label;
				if (key.endsWith('/events') && !answer.text.startsWith('retry:')) return `${label} (not a stream)`;
				break;
			}
			case 'invalid':
				if (answer.status !== 400) return label;
				break;
			default:
				if (answer.status !== want) return label;
		}
		// A refusal shows no data of the dialogue or organisation to someone who may not see it. (The facilitator
		// of the dialogue knows it: her 403 pages may show her own name and the codename.)
		if (want !== 'ok' && caller !== 'facilitator') return leaks(label, answer);
		return null;
	}

	function leaks(label: string, answer: Answer): string | null {
		const leaked = world.secrets.filter((secret) => answer.text.includes(secret));
		if (leaked.length > 0) return `${label} — leaked ${leaked.join(', ')}`;
		if (/\/(invite|reset)\/[A-Za-z0-9_-]{43}/.test(answer.text)) return `${label} — leaked a one-time link`;
		return null;
	}

	/**
	 * An enhanced form post answers JSON: `redirect` (to sign in), `error` with the HTTP status, or `failure`.
	 * Without page loads, a facilitator who is not assigned may be told 403 where the page says 404: both refuse.
	 */
	function enhancedOutcome(label: string, want: Outcome, answer: Answer): string | null {
		let result: { type?: string; status?: number; location?: string } = {};
		try {
			result = JSON.parse(answer.text) as typeof result;
		} catch {
			return `${label}: not JSON: ${describeOutcome(answer)}`;
		}
		const right =
			want === 'login'
				? result.type === 'redirect' && (result.location ?? '').startsWith('/login?next=')
				: want === 'invalid'
					? result.type === 'failure' && result.status === 400
					: result.type === 'error' && [403, 404].includes(answer.status);
		if (!right) return `${label}: expected ${want}, got ${describeOutcome(answer)}`;
		return leaks(label, answer);
	}

	/** What the organiser sees on every page of the matrix, with per-request nonces taken out. */
	async function organiserPages(): Promise<Record<string, string>> {
		const pages: Record<string, string> = {};
		for (const key of Object.keys(SPEC).filter((k) => k.startsWith('GET /(staff)'))) {
			const { url } = urlOf(key, world);
			const html = await (await clients.organiser.get(url)).text();
			// Per request: CSP nonces, and the console's server clock.
			pages[url] = html.replace(/nonce="[^"]*"/g, '').replace(/serverNow"?:\s*\d+/g, '');
		}
		return pages;
	}

	it('refused callers are sent to sign in or get 401, 403 or 404, see nothing, and change nothing', async () => {
		const refusedCells = Object.keys(SPEC).flatMap((key) =>
			CALLERS.filter((caller) => expected(key, caller) !== 'ok').map((caller) => ({ key, caller }))
		);
		expect(refusedCells.length).toBeGreaterThan(100);
		const pagesBefore = await organiserPages();
		const before = snapshot(databasePath);
		const failures: (string | null)[] = [];
		for (const { key, caller } of refusedCells) {
			failures.push(await cell(key, caller));
			if (/^POST \/\(staff\)/.test(key)) failures.push(await cell(key, caller, true));
		}
		// Soft, so that a failure also reports what the refused requests changed.
		const wrong = failures.filter((f) => f !== null);
		expect.soft(wrong, wrong.join('\n')).toEqual([]);
		const after = snapshot(databasePath);
		const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
		expect(changed, 'tables changed by refused requests').toEqual([]);
		// Read back as the organiser: every page shows exactly what it showed before.
		const pagesAfter = await organiserPages();
		for (const url of Object.keys(pagesBefore))
			expect(pagesAfter[url], `the organiser's ${url} changed`).toBe(pagesBefore[url]);
		expect(pagesAfter[`/dialogues/${world.dialogueId}/safety`]).not.toContain('Forged');
	}, 120_000);

	it('allowed callers get through, each seeing only their own', async () => {
		const failures: string[] = [];
		for (const key of Object.keys(SPEC)) {
			for (const caller of CALLERS) {
				if (expected(key, caller) !== 'ok') continue;
				const failure = await cell(key, caller);
				if (failure) failures.push(failure);
			}
		}
		expect(failures, failures.join('\n')).toEqual([]);

		// Lists are scoped: another organisation, and a facilitator of this one who is not assigned, see none of it.
		for (const caller of ['otherOrganisation', 'otherFacilitator'] as const) {
			const list = await (await clients[caller].get('/dialogues')).text();
			for (const secret of world.codenames) expect(list, `${caller} sees ${secret}`).not.toContain(secret);
		}
		const calendar = await clients.otherOrganisation.send(
			'GET',
			'/api/v1/calendar.ics',
			undefined,
			'text/calendar'
		);
		expect(calendar.status).toBe(200);
		expect(calendar.text).toContain('BEGIN:VCALENDAR');
		for (const secret of world.secrets) expect(calendar.text).not.toContain(secret);
		const facilitatorList = await (await clients.facilitator.get('/dialogues')).text();
		expect(facilitatorList).toContain(world.codenames[0]);
		for (const url of ['/organisation/members', '/organisation/audit']) {
			const html = await (await clients.otherOrganisation.get(url)).text();
			expect(html).toContain('Xavier Elsewhere');
			expect(html).not.toContain('Femke Facilitator');
			expect(html).not.toContain(demoOrganiserName);
		}
		// The allowed changes arrived: the facilitator's and the organiser's declarations stand, settings are kept.
		const impartiality = await (
			await clients.organiser.get(`/dialogues/${world.dialogueId}/impartiality`)
		).text();
		expect(impartiality.match(/Declared on/g)).toHaveLength(2);
		const view = await clients.facilitator.send(
			'GET',
			`/api/v1/sessions/${world.sessionId}`,
			undefined,
			'application/json'
		);
		expect(JSON.parse(view.text)).toMatchObject({ role: 'staff', sessionId: world.sessionId });
		// The projector's current link is the session's staff's to see again: the facilitator and the organiser.
		const token = world.secrets[3] ?? '';
		for (const caller of ['facilitator', 'organiser'] as const) {
			const seen = await clients[caller].send(
				'GET',
				`/api/v1/sessions/${world.sessionId}`,
				undefined,
				'application/json'
			);
			expect((JSON.parse(seen.text) as { projectorPath?: string }).projectorPath).toContain(
				`display=${encodeURIComponent(token)}`
			);
		}
		// A phone and the projector read the session too, never its link.
		const joined = await fetch(`${clients.anonymous.base}/api/v1/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: clients.anonymous.base },
			body: JSON.stringify({ code: world.joinCode })
		});
		expect(joined.status).toBe(201);
		const phoneCookie = joined.headers.getSetCookie().find((c) => c.startsWith('hearth_participant_'));
		for (const [who, url, cookie] of [
			['phone', `/api/v1/sessions/${world.sessionId}`, phoneCookie?.split(';')[0] ?? ''],
			['projector', `/api/v1/sessions/${world.sessionId}?display=${encodeURIComponent(token)}`, '']
		] as const) {
			const seen = await fetch(`${clients.anonymous.base}${url}`, { headers: { cookie } });
			expect(seen.status, who).toBe(200);
			expect(await seen.text(), `the ${who} reads the projector link`).not.toContain(token);
		}
	}, 120_000);
});
