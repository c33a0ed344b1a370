#!/usr/bin/env node
/**
 * Generates what the TypeScript scripts and the checks import but git does not hold: SvelteKit's types and path
 * aliases (`svelte-kit sync`, `.svelte-kit/`) and the Paraglide messages (`src/lib/paraglide/`).
 *
 * `npm install` runs it as `prepare`; `npm run demo` and `npm run setup` run it first too, so that they work right
 * after `npm install --ignore-scripts`. Quiet when it works; when it fails it shows the tools' own messages and
 * exits with their code, so that nothing is hidden (it used to end in `|| echo`, which let `npm install` succeed
 * with nothing generated).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import paraglide from '../project.inlang/paraglide.config.js';
import { ROOT } from './settings.js';

const steps = [
	{ what: 'SvelteKit types (svelte-kit sync)', bin: ['@sveltejs', 'kit', 'svelte-kit.js'], args: ['sync'] },
	{
		what: 'Paraglide messages',
		bin: ['@inlang', 'paraglide-js', 'bin', 'run.js'],
		// The CLI takes the output structure from its flag only (it ignores the config's), so it is passed on.
		args: [
			'compile',
			'--project',
			'./project.inlang',
			'--outdir',
			'./src/lib/paraglide',
			'--output-structure',
			paraglide.outputStructure
		]
	}
];

for (const step of steps) {
	const bin = path.join(ROOT, 'node_modules', ...step.bin);
	if (!fs.existsSync(bin)) {
		console.error(
			`Cannot generate the ${step.what}: ${path.relative(ROOT, bin)} is missing. Run npm install first.`
		);
		process.exit(1);
	}
	const result = spawnSync(process.execPath, [bin, ...step.args], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) {
		process.stderr.write(
			`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}\n`
		);
		console.error(`Generating the ${step.what} failed; the messages above say why.`);
		process.exit(result.status || 1);
	}
}
