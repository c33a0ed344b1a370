/**
 * How far V8 lets the server's heap grow past what survived its last full collection: 50 % (`HEAP_GROWING_PERCENT`)
 * instead of a factor V8 picks itself, larger the quicker its collections are.
 *
 * Why (issue 14, `docs/benchmarks.md`): while 2,000 phones join within seconds, the heap's use peaks, and V8 kept
 * what it had committed then for the rest of the meeting. Run to run the same build ended at one of two levels,
 * 219–237 MB or 256–287 MB of resident memory, against a budget of 250 MB; at 50 % it ended at 210–215 MB, with about
 * twice as many full collections (7 in a run instead of 3, the longest 11–14 ms instead of 12) and, in runs
 * alternated with and without it, no change in latency or CPU. At 30 % memory was the same but full collections
 * came 10 times a run, up to 16 ms each. V8's `--optimize-for-size` held memory lower still (177 MB) but cost a
 * third more CPU on every request.
 *
 * V8 reads the factor at every full collection, so setting it once the server starts applies to all that follow.
 * A process started with its own `--heap-growing-percent` (on the command line or in `NODE_OPTIONS`) keeps it;
 * `--heap-growing-percent=0` gives V8 its own choice back.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** Whether the process was given its own growing factor. */
export function growingFactorGiven(
	execArgv: readonly string[] = process.execArgv,
	nodeOptions: string | undefined = process.env.NODE_OPTIONS
): boolean {
	const given = (flag: string) => /^--heap[-_]growing[-_]percent(=|$)/.test(flag);
	return execArgv.some(given) || (nodeOptions ?? '').split(/\s+/).some(given);
}

/** Sets the growing factor, unless the process was given one; returns the flag set, or null. */
export function limitHeapGrowth(): string | null {
	if (growingFactorGiven()) return null;
	const flag = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
	v8.setFlagsFromString(flag);
	return flag;
}
