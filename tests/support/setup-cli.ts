/**
 * Organisations for tests, made through the setup CLI (`scripts/setup.ts --additional --json`) as an operator
 * makes them. No Playwright here, so that Vitest integration specs can use it as well as the end-to-end tests.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { ROOT } from './server';

const run = promisify(execFile);

export interface TestAccount {
	email: string;
	password: string;
	name: string;
	organisationId: string;
}

/**
 * A new organisation with its organiser (generated password), by default in the database of this Playwright
 * worker's server (HEARTH_DATABASE_PATH, set by the worker fixture in `fixtures.ts`).
 */
export async function createOrganisation(
	options: { databasePath?: string; organisation?: string; name?: string; email?: string } = {}
): Promise<TestAccount> {
	const databasePath = options.databasePath ?? process.env.HEARTH_DATABASE_PATH;
	if (!databasePath)
		throw new Error('No database: pass databasePath, or use the `test` of tests/support/fixtures.ts');
	const unique = randomUUID().slice(0, 8);
	const args = [
		'--import',
		'tsx',
		'scripts/setup.ts',
		'--organisation',
		options.organisation ?? `Test organisation ${unique}`,
		'--name',
		options.name ?? `Organiser ${unique}`,
		'--email',
		options.email ?? `organiser-${unique}@example.org`,
		'--additional',
		'--json'
	];
	const { stdout } = await run(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: databasePath }
	}).catch((error: { stdout?: string; stderr?: string }) => {
		throw new Error(`scripts/setup.ts failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
	});
	const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
		ok: boolean;
		email: string;
		password: string;
		name: string;
		organisationId: string;
	};
	if (!result.ok) throw new Error(`scripts/setup.ts refused: ${stdout}`);
	return {
		email: result.email,
		password: result.password,
		name: result.name,
		organisationId: result.organisationId
	};
}
