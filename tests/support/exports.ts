/** The outcome report's exports as staff download them from the report page. */
import fs from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect } from './fixtures';

export const EXPORT_LINKS = [
	['pdf', 'PDF for the case record'],
	['csv', 'CSV (spreadsheet)'],
	['json', 'JSON (everything)'],
	['md', 'Markdown']
] as const;

export type ExportFormat = (typeof EXPORT_LINKS)[number][0];

/** Reads a download into memory. */
export async function downloadBody(download: Download): Promise<Buffer> {
	return fs.readFileSync(await download.path());
}

/**
 * Clicks every export link on the report page open in `page`, checks each file's name
 * (`hearth-outcome-<codename slug>-<closing day>.<format>`), and returns what was downloaded, by format.
 */
export async function downloadEveryExport(page: Page, slug: string): Promise<Record<ExportFormat, Buffer>> {
	const files = {} as Record<ExportFormat, Buffer>;
	for (const [format, name] of EXPORT_LINKS) {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name, exact: true }).click()
		]);
		expect(download.suggestedFilename()).toMatch(
			new RegExp(`^hearth-outcome-${slug}-[a-z0-9-]+\\.${format}$`)
		);
		files[format] = await downloadBody(download);
	}
	return files;
}
