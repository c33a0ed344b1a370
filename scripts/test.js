#!/usr/bin/env node
/**
 * `npm test`: every check, in stages, with each stage's time against its budget (docs/testing.md).
 *
 *   generate   svelte-kit sync and the Paraglide messages, once, before anything reads them
 *   static     prettier then eslint, and svelte-check, side by side         } these two
 *   build      the one production build, which Vitest and Playwright start   } side by side
 *   vitest     pure specs and integration specs through the JSON API (after the build)
 *   e2e        Playwright in Chromium, one server and database per worker (after Vitest)
 *
 * A stage starts as soon as the stages it comes `after` have passed. The static checks can run beside the build
 * because every writer of `src/lib/paraglide` (the CLI here, the Vite plugin in the build and in Vitest) reads the
 * same options from `project.inlang/paraglide.config.js` and writes only files whose content changed: none.
 * A stage that fails stops the run (stages already running finish); a stage over its budget only says so
 * (timings on a shared machine vary; the budgets are for noticing a trend, not for failing a change).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/**
 * Each stage: its steps run side by side; it starts once the stages `after` have passed (those selected); budget in
 * seconds (docs/testing.md explains the numbers).
 */
const STAGES = [
	{
		name: 'generate',
		budget: 15,
		steps: [
			{
				label: 'sync and messages',
				command: process.execPath,
				args: ['scripts/generate.js']
			}
		]
	},
	{
		name: 'static',
		after: ['generate'],
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
	{
		name: 'build',
		after: ['generate'],
		budget: 45,
		steps: [{ label: 'vite build', command: bin('vite'), args: ['build'] }]
	},
	{
		name: 'vitest',
		after: ['build'],
		budget: 120,
		steps: [{ label: 'vitest run', command: bin('vitest'), args: ['run'] }]
	},
	{
		name: 'e2e',
		// Not beside Vitest: both keep two cores busy, and each has specs with time limits.
		after: ['vitest', 'static'],
		budget: 200,
		steps: [{ label: 'playwright', command: bin('playwright'), args: ['test'] }]
	}
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

/**
 * Runs one step. Its output goes straight to the terminal when nothing else runs beside it, else it is printed
 * whole when the step ends, so that steps side by side do not interleave. The step runs under `sh`, which prints
 * its own /proc stat on fd 3 after the step: the CPU seconds of the step and everything it started and waited for.
 */
function run(step, alone) {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(
			'sh',
			[
				'-c',
				'"$@"; code=$?; cat /proc/$$/stat >&3 2>/dev/null; exit $code',
				'sh',
				step.command,
				...step.args
			],
			{
				cwd: root,
				stdio: alone ? ['inherit', 'inherit', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
				env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' }
			}
		);
		let output = '';
		let stat = '';
		child.stdout?.on('data', (d) => (output += d));
		child.stderr?.on('data', (d) => (output += d));
		child.stdio[3]?.on('data', (d) => (stat += d));
		child.on('error', (error) => (output += `${error.message}\n`));
		child.on('close', (code) => {
			if (!alone) process.stdout.write(`\n── ${step.label} ──\n${output}`);
			resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, cpu: cpuOf(stat) });
		});
	});
}

/**
 * The CPU seconds of the children a process waited for (cutime and cstime in /proc/PID/stat, 100 ticks a second).
 * Unlike the wall-clock time they hardly depend on what else the machine is doing, so they show whether a stage grew
 * or only the machine was busy. Null where /proc is missing.
 */
function cpuOf(stat) {
	const fields = stat
		.slice(stat.lastIndexOf(')') + 2)
		.trim()
		.split(' ');
	// After the name, the state is field 3, so cutime (16) and cstime (17) sit at 13 and 14.
	const ticks = Number(fields[13]) + Number(fields[14]);
	return Number.isFinite(ticks) ? ticks / 100 : null;
}

const selected = STAGES.filter((stage) => only.length === 0 || only.includes(stage.name));
const rows = new Map();
const running = new Set();
const done = new Set();
const startedAll = Date.now();
let failed = '';

/** Starts every stage whose selected predecessors have passed; resolves when nothing is left to start or run. */
async function schedule() {
	const tasks = new Set();
	const startReady = () => {
		if (failed) return;
		for (const stage of selected) {
			if (running.has(stage) || done.has(stage)) continue;
			const waits = (stage.after ?? []).filter((name) => selected.some((s) => s.name === name));
			if (!waits.every((name) => [...done].some((s) => s.name === name))) continue;
			running.add(stage);
			const task = runStage(stage).then(() => {
				running.delete(stage);
				done.add(stage);
				tasks.delete(task);
				startReady();
			});
			tasks.add(task);
		}
	};
	startReady();
	while (tasks.size > 0) await Promise.race(tasks);
}

async function runStage(stage) {
	// Alone: nothing else runs now, and nothing else is ready to start before this stage ends.
	const ready = selected.filter(
		(s) =>
			s !== stage &&
			!done.has(s) &&
			!running.has(s) &&
			(s.after ?? []).every(
				(name) => [...done].some((d) => d.name === name) || !selected.some((x) => x.name === name)
			)
	);
	const alone = running.size === 1 && ready.length === 0 && stage.steps.length === 1;
	console.log(`\n▶ ${stage.name}${alone ? '' : ' (output when each step ends)'}`);
	const started = Date.now();
	const results = await Promise.all(stage.steps.map((step) => run(step, alone)));
	const took = (Date.now() - started) / 1000;
	const cpus = results.map((r) => r.cpu);
	rows.set(stage, {
		took,
		cpu: cpus.every((c) => c !== null) ? cpus.reduce((a, b) => a + b, 0) : null,
		steps: results.map((r, i) => `${stage.steps[i].label} ${r.seconds.toFixed(0)} s`)
	});
	const broken = stage.steps.filter((_, i) => !results[i].ok).map((step) => step.label);
	if (broken.length > 0 && !failed) failed = `${stage.name} (${broken.join(', ')})`;
}

await schedule();
const total = (Date.now() - startedAll) / 1000;

const seconds = (s) => `${s.toFixed(0).padStart(4)} s`;
const cpuText = (cpu) => (cpu === null ? '      ' : seconds(cpu));
console.log('\nStage       time  budget     cpu');
for (const stage of selected) {
	const row = rows.get(stage);
	if (!row) {
		console.log(`${stage.name.padEnd(9)}  not run`);
		continue;
	}
	const over = row.took > stage.budget ? '  over budget' : '';
	const detail = row.steps.length > 1 ? `  (${row.steps.join(', ')})` : '';
	console.log(
		`${stage.name.padEnd(9)} ${seconds(row.took)}  ${seconds(stage.budget)}  ${cpuText(row.cpu)}${over}${detail}`
	);
}
if (only.length === 0) {
	const all = [...rows.values()];
	const cpu = all.every((r) => r.cpu !== null) ? all.reduce((sum, r) => sum + r.cpu, 0) : null;
	const over = total > TOTAL_BUDGET ? '  over budget' : '';
	console.log(`${'total'.padEnd(9)} ${seconds(total)}  ${seconds(TOTAL_BUDGET)}  ${cpuText(cpu)}${over}`);
}
if (failed) {
	console.error(`\nFailed in ${failed}.`);
	process.exit(1);
}
