/**
 * Helpers for the dialogue service specs: a real SQLite file in a temporary folder, and organisations and staff
 * inserted directly (the account service is not under test here).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../auth/principal';
import { openDatabase, type Db } from '../db';
import { organisation, staffUser, type StaffRole } from '../db/schema';

export interface TestDatabase {
	db: Db;
	close(): void;
}

export function openTestDatabase(): TestDatabase {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-dialogues-'));
	const db = openDatabase(path.join(dir, 'hearth.db'));
	return {
		db,
		close() {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function addOrganisation(db: Db, name = 'Probation service'): string {
	const id = randomUUID();
	db.insert(organisation).values({ id, name, createdAt: Date.now() }).run();
	return id;
}

export function addStaff(
	db: Db,
	organisationId: string,
	role: StaffRole,
	name = role === 'organiser' ? 'Olga Organiser' : 'Frank Facilitator',
	options: { disabled?: boolean } = {}
): StaffPrincipal {
	const id = randomUUID();
	const email = `${id}@example.org`;
	db.insert(staffUser)
		.values({
			id,
			organisationId,
			email,
			name,
			role,
			passwordHash: null,
			disabledAt: options.disabled ? Date.now() : null,
			createdAt: Date.now()
		})
		.run();
	return { id, organisationId, role, email, name };
}
