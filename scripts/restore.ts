/**
 * `npm run restore -- <file>`: puts a backup in place of the database at DATABASE_PATH, with the server stopped.
 * Refuses a file that is not a Hearth database or comes from a newer version, and while a server runs on the
 * database. Then applies the migrations and runs the retention sweep, so that raw data whose retention period has
 * passed since the backup was made is deleted before Hearth serves anything.
 *
 *   npm run restore -- backups/hearth-2031-06-01.db
 *   npm run restore -- <file> --json    print the outcome as one JSON object
 */
import { readConfig } from '$lib/server/config';
import { BackupError, restoreDatabase } from '$lib/server/db/backup';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const file = argv.find((arg) => !arg.startsWith('--'));
if (!file) {
	console.error('Usage: npm run restore -- <file>   (stop Hearth first)');
	process.exit(2);
}
const { databasePath } = readConfig();
try {
	const { purged, deletedAgain } = restoreDatabase(file, databasePath);
	if (json) console.log(JSON.stringify({ ok: true, databasePath, purged: purged.length, deletedAgain }));
	else {
		console.log(`Restored ${file} to ${databasePath}.`);
		if (deletedAgain > 0)
			console.log(
				`Deleted again: ${deletedAgain} dialogue(s) an organiser deleted after this backup was taken.`
			);
		console.log(
			purged.length === 0
				? 'Retention: nothing was past its retention period.'
				: `Retention: the raw data of ${purged.length} closed session(s) was past its retention period and is deleted; reports kept.`
		);
	}
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	if (json) console.log(JSON.stringify({ ok: false, error: error.message }));
	else console.error(`Restore refused: ${error.message}`);
	process.exit(1);
}
