/**
 * `npm run backup -- <file>`: writes a consistent copy of the database to <file>, while Hearth runs or not (SQLite's
 * online backup). Uses DATABASE_PATH like the server. A backup keeps raw data that retention deletes later: delete
 * backups older than the shortest retention period (restoring one runs the retention sweep before serving).
 */
import { readConfig } from '$lib/server/config';
import { backupDatabase, BackupError } from '$lib/server/db/backup';

const target = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!target) {
	console.error(
		'Usage: npm run backup -- <file>   (for example: npm run backup -- backups/hearth-2031-06-01.db)'
	);
	process.exit(2);
}
const { databasePath } = readConfig();
try {
	const { bytes } = await backupDatabase(databasePath, target);
	console.log(`Backed up ${databasePath} to ${target} (${Math.ceil(bytes / 1024)} KB).`);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(`Backup refused: ${error.message}`);
	process.exit(1);
}
