import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { openDatabase, StartupError } from './index';

function tempFile(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-durability-')), 'hearth.db');
}

describe('durability settings', () => {
	it('runs WAL with synchronous NORMAL and secure_delete by default, FULL when HEARTH_SYNCHRONOUS=full', () => {
		expect(readConfig({}).synchronous).toBe('normal');
		expect(readConfig({ HEARTH_SYNCHRONOUS: 'FULL' }).synchronous).toBe('full');

		const normal = openDatabase(tempFile());
		expect(normal.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		// 1 = NORMAL, 2 = FULL
		expect(normal.$client.pragma('synchronous', { simple: true })).toBe(1);
		expect(normal.$client.pragma('secure_delete', { simple: true })).toBe(1);
		normal.$client.close();

		const full = openDatabase(tempFile(), {
			synchronous: readConfig({ HEARTH_SYNCHRONOUS: 'full' }).synchronous
		});
		expect(full.$client.pragma('synchronous', { simple: true })).toBe(2);
		full.$client.close();
	});

	it('refuses to start on a missing database whose WAL is still there, rather than replay it into a new file', () => {
		const file = tempFile();
		const db = openDatabase(file);
		db.$client.exec('create table kept (x)');
		fs.copyFileSync(`${file}-wal`, `${file}.saved-wal`);
		db.$client.close();
		fs.rmSync(file);
		fs.renameSync(`${file}.saved-wal`, `${file}-wal`);
		expect(() => openDatabase(file)).toThrow(StartupError);
		expect(() => openDatabase(file)).toThrow(/write-ahead log .* is still there/);
		expect(fs.existsSync(file)).toBe(false);
	});
});
