/**
 * Screenshots for a person to look at, kept only when HEARTH_SHOTS_DIR names a folder (CI takes none: they cost
 * time and nobody looks at them there).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
	const dir = process.env.HEARTH_SHOTS_DIR;
	if (!dir) return;
	fs.mkdirSync(dir, { recursive: true });
	await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}
