/**
 * A separate long-running process that owns a session through the session service, driven by JSON lines on
 * stdin and answering JSON lines on stdout. The restart test kills it mid-session (SIGKILL: no clean shutdown)
 * and starts another on the same database file.
 */
import readline from 'node:readline';
import { openDatabase } from '$lib/server/db';
import { applyEvent, createSession, loadSession, readEvents } from '$lib/server/sessions/service';
import { passingFacts } from '$lib/dialogue/testing';

const db = openDatabase(process.env.DATABASE_PATH ?? '');

type Command =
	| { op: 'create' }
	| { op: 'advance'; id: string }
	| { op: 'pause'; id: string }
	| { op: 'resume'; id: string }
	| { op: 'show'; id: string };

function run(command: Command) {
	const at = Date.now();
	switch (command.op) {
		case 'create':
			return { id: createSession(db).id };
		case 'advance':
			return {
				status: applyEvent(db, command.id, { type: 'phase.advance', facts: passingFacts(), at }).status
			};
		case 'pause':
			return { status: applyEvent(db, command.id, { type: 'session.pause', at }).status };
		case 'resume':
			return { status: applyEvent(db, command.id, { type: 'session.resume', at }).status };
		case 'show': {
			const s = loadSession(db, command.id);
			return {
				phase: s.phase,
				revision: s.revision,
				seqs: readEvents(db, command.id).map((e) => e.seq),
				transitions: s.snapshot.context.transitions.length
			};
		}
	}
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
	try {
		process.stdout.write(JSON.stringify({ ok: true, ...run(JSON.parse(line) as Command) }) + '\n');
	} catch (error) {
		process.stdout.write(JSON.stringify({ ok: false, error: (error as Error).message }) + '\n');
	}
});
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid }) + '\n');
