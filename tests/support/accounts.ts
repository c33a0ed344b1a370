/**
 * Accounts for end-to-end tests. Each Playwright worker shares one server and database among the tests it runs,
 * and only the very first organisation may come from the browser's first-run screen; every other test makes its
 * own organisation (by the service the setup CLI calls, `organisations.ts`) and signs in through the real
 * form.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export { createOrganisation, type TestAccount } from './organisations';

/** Signs in through the login form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}
