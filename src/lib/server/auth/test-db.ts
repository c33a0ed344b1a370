/** A real SQLite file in a fresh temporary folder, with the migrations applied (for the specs). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../db';

export function openTestDatabase(): { db: Db; close: () => void } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-auth-'));
	const db = openDatabase(path.join(dir, 'hearth.db'));
	return {
		db,
		close: () => {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
