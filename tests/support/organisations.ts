/**
 * Organisations for end-to-end tests, made in the test's own process by the service the setup CLI calls
 * (`setupFirstOrganisation(…, { additional: true })` on the worker's database file, as `scripts/setup.ts
 * --additional` does). Starting the CLI for every test cost about 2.5 CPU seconds each (a Node process, the
 * TypeScript loader, the modules) for the same rows; the CLI itself keeps its own tests
 * (`tests/integration/authorization.test.ts` makes its organisations through it, `settings.test.ts` runs it).
 */
import { randomUUID } from 'node:crypto';
import type { TestAccount } from './setup-cli';

export type { TestAccount } from './setup-cli';

/** Letters and digits that read unambiguously, as the CLI's generated passwords. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

function generatedPassword(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	const letters = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
	return letters.match(/.{5}/g)?.join('-') ?? letters;
}

/**
 * A new organisation with its organiser, by default in the database of this Playwright worker's server
 * (HEARTH_DATABASE_PATH, set by the worker fixture in `fixtures.ts`).
 */
export async function createOrganisation(
	options: { databasePath?: string; organisation?: string; name?: string; email?: string } = {}
): Promise<TestAccount> {
	const databasePath = options.databasePath ?? process.env.HEARTH_DATABASE_PATH;
	if (!databasePath)
		throw new Error('No database: pass databasePath, or use the `test` of tests/support/fixtures.ts');
	const { openDatabase } = await import('../../src/lib/server/db');
	const { setupFirstOrganisation } = await import('../../src/lib/server/auth/accounts');
	const { writeMarker } = await import('../../src/lib/server/db/storage');
	const unique = randomUUID().slice(0, 8);
	const password = generatedPassword();
	const db = openDatabase(databasePath);
	try {
		const { organisationId, principal } = await setupFirstOrganisation(
			db,
			{
				organisationName: options.organisation ?? `Test organisation ${unique}`,
				name: options.name ?? `Organiser ${unique}`,
				email: options.email ?? `organiser-${unique}@example.org`,
				password
			},
			{ additional: true }
		);
		writeMarker(databasePath);
		return { email: principal.email, password, name: principal.name, organisationId };
	} finally {
		db.$client.close();
	}
}
