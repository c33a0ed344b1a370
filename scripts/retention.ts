/**
 * `npm run retention`: deletes the raw data of closed sessions whose retention period has passed, now, the way
 * the server does at start and hourly (the outcome reports stay). Uses DATABASE_PATH like the server.
 *
 *   npm run retention                         run as of now
 *   npm run retention -- --now 2031-06-01     run as of another moment (to check the policy, and in tests)
 *   npm run retention -- --json               print what was deleted as JSON
 */
import { readConfig } from '$lib/server/config';
import { openDatabase } from '$lib/server/db';
import { runRetention } from '$lib/server/retention';

function parseNow(argv: string[]): number {
	const at = argv.indexOf('--now');
	if (at < 0) return Date.now();
	const value = argv[at + 1] ?? '';
	const ms = Date.parse(value);
	if (!Number.isFinite(ms)) {
		console.error(
			`--now needs a date or date-time, such as 2031-06-01 or 2031-06-01T12:00:00Z (got "${value}").`
		);
		process.exit(2);
	}
	return ms;
}

const argv = process.argv.slice(2);
const now = parseNow(argv);
const { databasePath } = readConfig();
const db = openDatabase(databasePath);
try {
	const purged = runRetention(db, now);
	if (argv.includes('--json')) {
		console.log(JSON.stringify({ ok: true, now: new Date(now).toISOString(), purged }));
	} else if (purged.length === 0) {
		console.log(`Nothing to delete as of ${new Date(now).toISOString()} (database: ${databasePath}).`);
	} else {
		console.log(
			`Deleted the raw data of ${purged.length} closed session(s) as of ${new Date(now).toISOString()}; ` +
				'their outcome reports are kept.'
		);
	}
} finally {
	db.$client.close();
}
