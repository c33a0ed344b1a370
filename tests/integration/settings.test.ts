/**
 * `npm start`, `npm run demo` and `npm run setup` settle the port and the database the same way
 * (`scripts/settings.js`): the environment, else `.env`, else the defaults. Pure: a temporary folder stands in for
 * the project's root.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSettings, parseEnvFile, settle } from '../../scripts/settings.js';

function tempRoot(envFile?: string): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-settings-'));
	if (envFile !== undefined) fs.writeFileSync(path.join(root, '.env'), envFile);
	return root;
}

describe('the port and database every script uses', () => {
	it('are the defaults when nothing is set, and say so', () => {
		const root = tempRoot();
		const env: NodeJS.ProcessEnv = {};
		const settings = settle(env, root);
		expect(settings).toEqual({
			port: '3000',
			databasePath: path.join(root, 'data', 'hearth.db'),
			sources: { PORT: 'default', DATABASE_PATH: 'default' }
		});
		expect(env).toMatchObject({ PORT: '3000', DATABASE_PATH: path.join(root, 'data', 'hearth.db') });
		expect(describeSettings(settings)).toMatch(/^Port 3000 \(the default\), database .+ \(the default\)\.$/);
	});

	it('come from .env without repeating them before each command, and the environment wins over it', () => {
		const root = tempRoot(
			'# the hall laptop\nexport PORT=3001\nDATABASE_PATH="./hall/hearth.db"\nORIGIN=http://hall.local:3001\n'
		);
		const fromFile = settle({}, root);
		expect(fromFile.port).toBe('3001');
		expect(fromFile.databasePath).toBe(path.join(root, 'hall', 'hearth.db'));
		expect(fromFile.sources).toEqual({ PORT: '.env', DATABASE_PATH: '.env' });
		expect(describeSettings(fromFile)).toContain('Port 3001 (from .env)');

		const env: NodeJS.ProcessEnv = { PORT: '4000' };
		const mixed = settle(env, root);
		expect(mixed.port).toBe('4000');
		expect(mixed.sources).toEqual({ PORT: 'environment', DATABASE_PATH: '.env' });
		expect(env.ORIGIN).toBe('http://hall.local:3001');
	});

	it('reads .env lines as a person writes them', () => {
		expect(parseEnvFile("A=1\n  B = two words  # note\nC='#kept'\n# D=no\n\nnot a line\n")).toEqual({
			A: '1',
			B: 'two words',
			C: '#kept'
		});
	});
});
