/**
 * Loaded into a test server (`--import`): notes on stderr every request the lane (src/lib/server/http/lane.ts) took,
 * as `[lane] METHOD URL`, so that a spec can tell which path answered. Nothing else changes.
 */
/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} Lane */

const LANE = Symbol.for('hearth.lane');
/** @type {Lane | undefined} */
let lane;
/** @type {Lane} */
const noted = (req, res) => {
	const took = lane?.(req, res) ?? false;
	if (took) process.stderr.write(`[lane] ${req.method} ${req.url}\n`);
	return took;
};
Object.defineProperty(globalThis, LANE, {
	configurable: true,
	get: () => lane && noted,
	set: (value) => {
		lane = value;
	}
});
