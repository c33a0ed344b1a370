/**
 * Staff, an organisation and a dialogue written straight into the database file of a running production server
 * (`startServer`), plus a sign-in cookie for the facilitator: the in-process live and outcome helpers then run a
 * session on the same file (WAL lets both write), and the test asks the real server about it over HTTP.
 */
import { createSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { openDatabase } from '$lib/server/db';
import { addDialogue, addOrganisation, addStaff, type LiveFixture } from '$lib/server/live/test-support';
import type { RunningServer } from './server';

export interface ServerFixture extends LiveFixture {
	/** `Cookie` header value that signs the dialogue's facilitator in. */
	staffCookie: string;
}

export function fixtureOn(server: RunningServer): ServerFixture {
	const db = openDatabase(server.databasePath);
	const organisationId = addOrganisation(db);
	const facilitator = addStaff(db, organisationId, 'facilitator');
	const organiser = addStaff(db, organisationId, 'organiser');
	const dialogueId = addDialogue(db, organisationId, facilitator);
	return {
		db,
		organisationId,
		facilitator,
		organiser,
		dialogueId,
		staffCookie: `${SESSION_COOKIE}=${createSession(db, facilitator.id).token}`,
		close: () => db.$client.close()
	};
}
