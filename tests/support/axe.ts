/**
 * Accessibility check with axe-core in the real page (Node 20 cannot run @axe-core/playwright). Asserts that
 * axe finds no WCAG 2.0/2.1 A or AA violation and prints each one readably when it does.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';
import { expect } from './fixtures';
import { ROOT } from './server';

const AXE_PATH = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Violation = Pick<Result, 'id' | 'impact' | 'help' | 'helpUrl'> & {
	targets: string[];
	summaries: string[];
};

let source: string | undefined;
function axeSource(): string {
	source ??= fs.readFileSync(AXE_PATH, 'utf8');
	return source;
}

function describe(violations: Violation[]): string {
	return violations
		.map(
			(v) =>
				`- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n  ${v.helpUrl}\n` +
				v.targets
					.map((t, i) => `    at ${t}\n      ${(v.summaries[i] ?? '').replace(/\n/g, '\n      ')}`)
					.join('\n')
		)
		.join('\n');
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
	// The app's Content-Security-Policy blocks injected <script> tags (as it should); evaluating the source
	// through the DevTools protocol is not subject to it. (Trying a <script> tag first cost a second per page.)
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
	const violations = await page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } })
			.axe;
		const results = await axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations']
		});
		return results.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			helpUrl: v.helpUrl,
			targets: v.nodes.map((n) => n.target.join(' ')),
			summaries: v.nodes.map((n) => n.failureSummary ?? '')
		}));
	}, TAGS);
	expect(violations, `axe found accessibility problems on ${page.url()}:\n${describe(violations)}`).toEqual(
		[]
	);
}
