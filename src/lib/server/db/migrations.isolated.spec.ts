import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '.';
import * as schema from './schema';

const root = path.resolve(import.meta.dirname, '../../../..');

function latestSnapshot(): Record<string, unknown> {
	const journal = JSON.parse(fs.readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
		entries: { idx: number; tag: string }[];
	};
	const last = journal.entries.at(-1);
	if (!last) throw new Error('no migrations committed');
	const file = path.join(root, 'drizzle/meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const tables = Object.values(schema as Record<string, unknown>).filter(
	(t): t is SQLiteTable => t instanceof SQLiteTable
);

describe('committed migrations', () => {
	it('match the schema the code declares (no drift: `npm run db:generate` has nothing to add)', async () => {
		// drizzle-kit's API is CommonJS that loads its own helpers at import; keep it out of the app bundle.
		const { generateSQLiteDrizzleJson, generateSQLiteMigration } = await import('drizzle-kit/api');
		const declared = await generateSQLiteDrizzleJson(schema);
		const pending = await generateSQLiteMigration(latestSnapshot() as never, declared);
		expect(pending).toEqual([]);
	});

	it("let retention delete a session's contributions without reading a whole table for each row", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-migrate-'));
		const db = openDatabase(path.join(dir, 'hearth.db'));
		try {
			// Each deleted contribution sets its commitments' proposal to null, removes its endorsements and unlinks its
			// safeguarding record: each of those must be found through an index, not by a scan per row.
			const plan = db.$client
				.prepare('EXPLAIN QUERY PLAN DELETE FROM contribution WHERE session_id = ?')
				.all('session') as { detail: string }[];
			expect(plan.map((step) => step.detail).filter((detail) => detail.startsWith('SCAN '))).toEqual([]);
			expect(plan.map((step) => step.detail)).toContain(
				'SEARCH commitment USING COVERING INDEX commitment_proposal_idx (proposal_id=?)'
			);
		} finally {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('build every declared table and column on an empty database', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-migrate-'));
		const db = openDatabase(path.join(dir, 'hearth.db'));
		try {
			expect(tables.length).toBeGreaterThan(0);
			for (const table of tables) {
				const config = getTableConfig(table);
				const columns = db.$client.pragma(`table_info(${config.name})`) as {
					name: string;
					notnull: number;
				}[];
				expect(columns.map((c) => c.name).sort(), config.name).toEqual(
					config.columns.map((c) => c.name).sort()
				);
				for (const column of config.columns) {
					expect(columns.find((c) => c.name === column.name)?.notnull, `${config.name}.${column.name}`).toBe(
						column.notNull || column.primary ? 1 : 0
					);
				}
			}
		} finally {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
