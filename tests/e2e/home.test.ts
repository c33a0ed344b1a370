import { createOrganisation } from '../support/accounts';
import { expect, test } from '../support/fixtures';

test.describe('landing page and health check', () => {
	// The landing page shows once an organisation exists (a fresh install goes to the setup screen instead).
	test.beforeAll(async () => {
		await createOrganisation();
	});

	test('the production server serves the landing page and its health check', async ({ page, request }) => {
		const health = await request.get('/healthz');
		expect(health.status()).toBe(200);
		expect(await health.json()).toMatchObject({ status: 'ok', database: 'reachable' });

		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1, name: 'Hearth' })).toBeVisible();
		await expect(page.getByText('Respect', { exact: true })).toBeVisible();
		await expect(page.getByText('Relationship', { exact: true })).toBeVisible();
		await expect(page.getByText('Responsibility', { exact: true })).toBeVisible();
		await page.getByRole('link', { name: /sign in/i }).click();
		await expect(page).toHaveURL(/\/login$/);
	});

	test('the page follows the browser language (Dutch)', async ({ browser, baseURL }) => {
		const context = await browser.newContext({ locale: 'nl-NL', baseURL });
		const page = await context.newPage();
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await expect(page.getByText('Verantwoordelijkheid', { exact: true })).toBeVisible();
		await expect(page.getByRole('link', { name: /aanmelden/i })).toBeVisible();
		await context.close();
	});
});
