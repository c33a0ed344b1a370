#!/usr/bin/env node
/**
 * `npm test`: every check, in stages, with each stage's time against its budget (docs/testing.md).
 *
 *   1. generate   svelte-kit sync and the Paraglide messages, once, before anything reads them
 *   2. static     prettier, eslint and svelte-check side by side (each is single-threaded: two cores, two at once)
 *   3. build      the one production build; Vitest's server specs and every Playwright worker start it
 *   4. vitest     pure specs and integration specs through the JSON API
 *   5. e2e        Playwright in Chromium, one server and database per worker
 *
 * Stage 2 must not overlap stage 3 or 4: the build and Vitest regenerate src/lib/paraglide (emptying the folder
 * first), and eslint and svelte-check read it. A stage that fails stops the run; a stage over its budget only
 * says so (timings on a shared machine vary; the budgets are for noticing a trend, not for failing a change).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Each stage: its steps run side by side; budget in seconds (docs/testing.md explains the numbers). */
const STAGES = [
	{
		name: 'generate',
		budget: 15,
		steps: [
			{
				label: 'sync and messages',
				command: 'sh',
				args: [
					'-c',
					`"${bin('svelte-kit')}" sync && "${bin('paraglide-js')}" compile --project ./project.inlang --outdir ./src/lib/paraglide`
				]
			}
		]
	},
	{
		name: 'static',
		budget: 100,
		steps: [
			{
				label: 'prettier and eslint',
				command: 'sh',
				args: ['-c', `"${bin('prettier')}" --check . && "${bin('eslint')}" . --max-warnings 0`]
			},
			{
				label: 'svelte-check',
				command: bin('svelte-check'),
				args: ['--tsconfig', './tsconfig.json', '--fail-on-warnings']
			}
		]
	},
	{ name: 'build', budget: 45, steps: [{ label: 'vite build', command: bin('vite'), args: ['build'] }] },
	{ name: 'vitest', budget: 120, steps: [{ label: 'vitest run', command: bin('vitest'), args: ['run'] }] },
	{ name: 'e2e', budget: 200, steps: [{ label: 'playwright', command: bin('playwright'), args: ['test'] }] }
];
const TOTAL_BUDGET = 480;

const only = process.argv.slice(2);
const unknown = only.filter((name) => !STAGES.some((stage) => stage.name === name));
if (unknown.length > 0) {
	console.error(
		`Unknown stage ${unknown.join(', ')}; the stages are ${STAGES.map((s) => s.name).join(', ')}.`
	);
	process.exit(2);
}

/** Runs one step; its output is printed whole when it ends, so that steps side by side do not interleave. */
function run(step, alone) {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(step.command, step.args, {
			cwd: root,
			stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' }
		});
		let output = '';
		child.stdout?.on('data', (d) => (output += d));
		child.stderr?.on('data', (d) => (output += d));
		child.on('error', (error) => (output += `${error.message}\n`));
		child.on('close', (code) => {
			if (!alone) process.stdout.write(`\n── ${step.label} ──\n${output}`);
			resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000 });
		});
	});
}

/**
 * CPU seconds used so far by the children this process has waited for (and theirs), from /proc (Linux, 100 clock
 * ticks a second). Unlike the wall-clock time it hardly depends on what else the machine is doing, so it shows
 * whether a stage grew or only the machine was busy. Null where /proc is missing.
 */
function childCpuSeconds() {
	try {
		const stat = fs.readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// After the name, the state is field 3, so cutime (16) and cstime (17) sit at 13 and 14.
		return (Number(fields[13]) + Number(fields[14])) / 100;
	} catch {
		return null;
	}
}

const seconds = (s) => `${s.toFixed(0).padStart(4)} s`;
const rows = [];
const startedAll = Date.now();
let failed = '';
for (const stage of STAGES) {
	if (only.length > 0 && !only.includes(stage.name)) continue;
	console.log(`\n▶ ${stage.name}`);
	const started = Date.now();
	const cpuBefore = childCpuSeconds();
	const results = await Promise.all(stage.steps.map((step) => run(step, stage.steps.length === 1)));
	const took = (Date.now() - started) / 1000;
	const cpuAfter = childCpuSeconds();
	rows.push({
		stage,
		took,
		cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
		steps: results.map((r, i) => `${stage.steps[i].label} ${r.seconds.toFixed(0)} s`)
	});
	const broken = stage.steps.filter((_, i) => !results[i].ok).map((step) => step.label);
	if (broken.length > 0) {
		failed = `${stage.name} (${broken.join(', ')})`;
		break;
	}
}
const total = (Date.now() - startedAll) / 1000;

const cpuText = (cpu) => (cpu === null ? '      ' : seconds(cpu));
console.log('\nStage       time  budget     cpu');
for (const { stage, took, cpu, steps } of rows) {
	const over = took > stage.budget ? '  over budget' : '';
	const detail = steps.length > 1 ? `  (${steps.join(', ')})` : '';
	console.log(
		`${stage.name.padEnd(9)} ${seconds(took)}  ${seconds(stage.budget)}  ${cpuText(cpu)}${over}${detail}`
	);
}
if (only.length === 0) {
	const cpu = rows.every((r) => r.cpu !== null) ? rows.reduce((sum, r) => sum + r.cpu, 0) : null;
	const over = total > TOTAL_BUDGET ? '  over budget' : '';
	console.log(`${'total'.padEnd(9)} ${seconds(total)}  ${seconds(TOTAL_BUDGET)}  ${cpuText(cpu)}${over}`);
}
if (failed) {
	console.error(`\nFailed in ${failed}.`);
	process.exit(1);
}
