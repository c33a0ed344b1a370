/**
 * Creates an organisation and its first organiser from the command line, for scripted installs:
 *
 *   npm run setup -- --organisation "Probation North" --name "Olga Organiser" --email olga@example.org
 *
 * Without --password a strong one is generated and printed. Refuses when an organisation exists already
 * (the install is set up) unless --additional asks for another one; always refuses an email that has an
 * account. --json prints one JSON object instead of sentences (for other scripts and the end-to-end tests).
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AccountError, isFirstRun, setupFirstOrganisation } from '$lib/server/auth/accounts';
import { readConfig } from '$lib/server/config';
import { settle } from './settings.js';
import { openDatabase, StartupError } from '$lib/server/db';
import { writeMarker } from '$lib/server/db/storage';

const USAGE = `Usage: npm run setup -- --organisation "Name" --name "Your Name" --email you@example.org [--password "…"] [--additional] [--json]`;

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 4 groups of 5 characters: about 114 bits, and easy to type. */
export function generatePassword(): string {
	const groups = Array.from({ length: 4 }, () =>
		Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
	);
	return groups.join('-');
}

const FIELD_NAMES: Record<string, string> = {
	organisationName: '--organisation',
	name: '--name',
	email: '--email',
	password: '--password'
};

const FIELD_PROBLEMS: Record<string, string> = {
	required: 'is missing',
	tooLong: 'is too long',
	email: 'is not an email address',
	passwordShort: 'needs at least 10 characters',
	passwordLong: 'can have at most 200 characters',
	passwordCommon:
		'is one of the most commonly used passwords; choose another (a few unrelated words work well)',
	passwordPersonal: 'contains your name, email address or organisation name; choose another',
	passwordRepeated: 'repeats the same characters or words; choose another',
	passwordSequence: 'follows a keyboard row or a sequence such as 1234; choose another',
	passwordDate: 'is built around a date or a year; choose another',
	passwordGuessable: 'is too easy to guess; choose another (a few unrelated words work well)',
	control: 'contains invisible control characters'
};

const ACCOUNT_PROBLEMS: Partial<Record<string, string>> = {
	setupDone:
		'Hearth is already set up: an organisation exists. Sign in as its organiser, or use --additional to create another organisation.',
	emailTaken: 'This email address already has an account in Hearth. Choose another one.'
};

function fail(message: string, json: boolean): never {
	if (json) process.stdout.write(JSON.stringify({ ok: false, error: message }) + '\n');
	else process.stderr.write(`${message}\n`);
	process.exit(1);
}

async function main() {
	let args;
	try {
		args = parseArgs({
			options: {
				organisation: { type: 'string' },
				name: { type: 'string' },
				email: { type: 'string' },
				password: { type: 'string' },
				additional: { type: 'boolean', default: false },
				json: { type: 'boolean', default: false },
				help: { type: 'boolean', default: false }
			},
			strict: true
		}).values;
	} catch (error) {
		fail(`${(error as Error).message}\n${USAGE}`, process.argv.includes('--json'));
	}
	const json = args.json;
	if (args.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const missing = (['organisation', 'name', 'email'] as const).filter((key) => !args[key]);
	if (missing.length > 0) fail(`Missing ${missing.map((k) => `--${k}`).join(', ')}.\n${USAGE}`, json);

	const generated = args.password === undefined;
	const password = args.password ?? generatePassword();
	// The same port and database as `npm start` (environment, else .env, else the defaults).
	settle();
	const config = readConfig();
	let db;
	try {
		db = openDatabase(config.databasePath);
	} catch (error) {
		if (error instanceof StartupError) fail(error.message, json);
		throw error;
	}
	try {
		if (!args.additional && !isFirstRun(db)) fail(ACCOUNT_PROBLEMS.setupDone ?? '', json);
		const { organisationId, principal } = await setupFirstOrganisation(
			db,
			{ organisationName: args.organisation ?? '', name: args.name ?? '', email: args.email ?? '', password },
			{ additional: args.additional }
		);
		// From now on an empty database at this path is a lost one, not a fresh install: open setup stays locked.
		writeMarker(config.databasePath);
		if (json) {
			process.stdout.write(
				JSON.stringify({
					ok: true,
					organisationId,
					organisation: args.organisation?.trim(),
					name: principal.name,
					email: principal.email,
					// Only a password Hearth made up is printed; one given on the command line is known already.
					...(generated ? { password } : {})
				}) + '\n'
			);
		} else {
			process.stdout.write(
				`Created the organisation "${args.organisation?.trim()}" in ${config.databasePath}.\n` +
					`Its organiser ${principal.name} can sign in at /login with ${principal.email}` +
					(generated
						? ` and this password:\n\n    ${password}\n\nKeep it somewhere safe; it is not shown again.\n`
						: '.\n')
			);
		}
	} catch (error) {
		if (error instanceof AccountError) {
			if (error.code === 'invalidInput') {
				const lines = Object.entries(error.fields).map(
					([field, code]) => `${FIELD_NAMES[field] ?? field} ${FIELD_PROBLEMS[code ?? ''] ?? 'is not valid'}.`
				);
				fail(lines.join('\n'), json);
			}
			fail(ACCOUNT_PROBLEMS[error.code] ?? `Refused: ${error.code}.`, json);
		}
		throw error;
	} finally {
		db.$client.close();
	}
}

await main();
