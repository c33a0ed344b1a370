/**
 * Accounts for end-to-end tests. The suite shares one server and database, and only the very first
 * organisation may come from the browser's first-run screen; every other test makes its own organisation
 * through the setup CLI (`scripts/setup.ts --additional --json`) and signs in through the real form.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { ROOT } from './server';

const run = promisify(execFile);

export interface TestAccount {
	email: string;
	password: string;
	name: string;
	organisationId: string;
}

/** A new organisation with its organiser (generated password), in the shared test database by default. */
export async function createOrganisation(
	options: { databasePath?: string; organisation?: string; name?: string; email?: string } = {}
): Promise<TestAccount> {
	const databasePath = options.databasePath ?? process.env.HEARTH_DATABASE_PATH;
	if (!databasePath)
		throw new Error('HEARTH_DATABASE_PATH is not set: global setup did not start the server');
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

/** Signs in through the login form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}
