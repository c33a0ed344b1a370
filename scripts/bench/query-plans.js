/**
 * Which statements the server runs under the bench, how often, and how SQLite runs each:
 *   HEARTH_BENCH_NODE_ARGS="--import ./scripts/bench/query-plans.js" node scripts/bench.js --phones none --big none --no-phone
 * counts every execution of every statement (by its SQL) and, when the server is stopped, writes
 * `query-plans-<pid>.txt` in the system's temporary folder: the statements by executions, each with its query plan
 * (`EXPLAIN QUERY PLAN`), those that scan a whole table (`SCAN` without an index) marked first.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { onServerStop } from './on-stop.js';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const Database = require('better-sqlite3');

const counts = new Map();
/** The server's connections (the last one prepared on explains the plans). */
const connections = [];
const originalPrepare = Database.prototype.prepare;
let statementPatched = false;
Database.prototype.prepare = function prepare(source, ...rest) {
	const statement = originalPrepare.call(this, source, ...rest);
	if (!connections.includes(this)) connections.push(this);
	if (!statementPatched) {
		statementPatched = true;
		const proto = Object.getPrototypeOf(statement);
		for (const method of ['run', 'get', 'all', 'iterate']) {
			const original = proto[method];
			proto[method] = function counted(...args) {
				counts.set(this.source, (counts.get(this.source) ?? 0) + 1);
				return original.apply(this, args);
			};
		}
	}
	return statement;
};

function write() {
	const lastDb = connections.at(-1);
	if (!lastDb) return;
	const rows = [];
	for (const [source, n] of counts) {
		let plan = '';
		try {
			if (/^\s*(select|insert|update|delete|with)/i.test(source))
				plan = originalPrepare
					.call(lastDb, `EXPLAIN QUERY PLAN ${source}`)
					.all(...new Array((source.match(/\?/g) ?? []).length).fill(null))
					.map((r) => r.detail)
					.join('; ');
		} catch (error) {
			plan = `(no plan: ${error.message})`;
		}
		const scans = /\bSCAN (?!CONSTANT)(\w+)(?! USING)/.test(
			plan.replace(/SCAN \w+ USING (COVERING )?INDEX/g, '')
		);
		rows.push({ source, n, plan, scans });
	}
	rows.sort((a, b) => Number(b.scans) - Number(a.scans) || b.n - a.n);
	const lines = rows.map(
		(r) =>
			`${r.scans ? 'SCAN ' : '     '}${String(r.n).padStart(7)}  ${r.source.slice(0, 400)}\n              → ${r.plan}`
	);
	fs.writeFileSync(path.join(os.tmpdir(), `query-plans-${process.pid}.txt`), `${lines.join('\n')}\n`);
}
onServerStop(write);
