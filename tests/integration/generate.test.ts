/**
 * What `npm install` (its `prepare` step), `npm run demo`, `npm run setup` and the first `npm start` print when
 * generating or building fails (issue 13): the tools' own messages and a plain sentence, a failing exit code, and
 * for `npm start` one progress line instead of the bundler's output. Each runs the real script in a copy of the
 * project's scripts, messages and settings (node_modules linked), whose messages are broken on purpose.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';

const made: string[] = [];

afterEach(() => {
	for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of what the scripts need, with `messages/en.json` cut short; node_modules linked unless `bare`. */
function brokenProject(options: { bare?: boolean } = {}): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-generate-'));
	made.push(dir);
	for (const part of ['scripts', 'project.inlang', 'messages', 'package.json', 'svelte.config.js'])
		fs.cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
	if (!options.bare) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	fs.mkdirSync(path.join(dir, 'src', 'routes'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'src', 'routes', '+page.svelte'), '<p>Hearth</p>\n');
	fs.writeFileSync(path.join(dir, 'messages', 'en.json'), '{ "app_name": ');
	return dir;
}

function run(dir: string, script: string, env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [path.join(dir, 'scripts', script)], {
		cwd: dir,
		encoding: 'utf8',
		env: { ...process.env, PORT: '0', DATABASE_PATH: path.join(dir, 'hearth.db'), ...env },
		timeout: 60_000
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('generating and building say what went wrong', () => {
	it('prepare (generate.js) fails with the messages tool’s own words and a plain sentence, not silently', () => {
		const { code, stderr } = run(brokenProject(), 'generate.js');
		expect(code).not.toBe(0);
		expect(stderr).toContain('Unexpected end of JSON input');
		expect(stderr).toContain('Generating the Paraglide messages failed; the messages above say why.');
	}, 60_000);

	it('says in one sentence what to run when the dependencies are missing', () => {
		const { code, stderr } = run(brokenProject({ bare: true }), 'generate.js');
		expect(code).toBe(1);
		expect(stderr.trim()).toMatch(
			/^Cannot generate the SvelteKit types \(svelte-kit sync\): .+ is missing\. Run npm install first\.$/
		);
	});

	it('npm start shows one progress line for the build, and the messages only when it fails', () => {
		const { code, stdout, stderr } = run(brokenProject(), 'start.js');
		expect(code).toBe(1);
		// One line on stdout: what is happening, finished with how it went; none of the bundler's lines.
		expect(stdout).toBe('Building Hearth for its first start (about a minute)… failed.\n');
		expect(stderr).toContain('Unexpected end of JSON input');
		expect(stderr).toContain('Hearth could not be built; the messages above say why.');
		expect(stderr).not.toMatch(/npm run preview/);
	}, 60_000);
});
