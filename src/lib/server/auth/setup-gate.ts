/**
 * Who may use the first-run screen (`/setup`). On a fresh install anyone on the network may: the first person
 * there becomes the organiser. But an empty database in a folder where Hearth was set up before (its marker file
 * is there) means the database was lost, deleted or replaced; offering open setup then would hand the install to
 * whoever gets there first. So the screen is locked: it needs `npm run setup`, or the one-time setup token that
 * the server prints in its log at start (`/setup?token=…`), which works once and only until the next start.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { hasEarlierDatabase, markerPath, writeMarker } from '../db/storage';
import { isFirstRun } from './accounts';

let token: string | null = null;

/**
 * Decides at start whether setup is open, locked behind a new token, or not needed; writes the marker next to a
 * database that has been set up. Returns the token when setup is locked (the caller prints it).
 */
export function prepareSetupGate(db: Db, databasePath: string): string | null {
	token = null;
	if (!isFirstRun(db)) {
		writeMarker(databasePath);
		return null;
	}
	if (!hasEarlierDatabase(databasePath)) return null;
	token = randomBytes(18).toString('base64url');
	return token;
}

/** Whether setup is locked behind a token (an empty database where one was set up before). */
export function setupLocked(): boolean {
	return token !== null;
}

/** Whether `given` opens the setup screen: always while setup is open, else only the token printed at start. */
export function setupAllowed(given: string | null | undefined): boolean {
	if (token === null) return true;
	if (!given) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(token);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** After the first organisation is made: the token is used up, and the folder marked as set up. */
export function setupCompleted(databasePath: string): void {
	token = null;
	writeMarker(databasePath);
}

/** Prepares the gate at server start; when setup is locked, the sentence for the log, with the one-time token. */
export function setupPrompt(db: Db, databasePath: string): string | null {
	const given = prepareSetupGate(db, databasePath);
	if (!given) return null;
	return (
		`\nThe database at ${databasePath} is empty, but Hearth was set up in this folder before ` +
		`(${markerPath(databasePath)} exists): the database may have been lost or replaced. ` +
		'Restore a backup (npm run restore), or set up again: run `npm run setup`, or open ' +
		`/setup?token=${given} on this server. Open setup is switched off; this link works once, until the next start.\n`
	);
}
