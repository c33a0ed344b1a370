/**
 * Prints the dialogue machine as a Mermaid diagram, or with --write puts it between the machine-diagram markers
 * in docs/architecture.md. Run: npx tsx scripts/machine-diagram.ts [--write]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGRAM_END, DIAGRAM_START, replaceDiagram, toMermaid } from '../src/lib/dialogue/diagram';
import { dialogueMachine } from '../src/lib/dialogue/machine';

const docPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'architecture.md');

if (!process.argv.includes('--write')) {
	process.stdout.write(toMermaid(dialogueMachine));
} else {
	if (!existsSync(docPath)) {
		mkdirSync(dirname(docPath), { recursive: true });
		writeFileSync(docPath, `# Architecture\n\n${DIAGRAM_START}\n${DIAGRAM_END}\n`);
	}
	const updated = replaceDiagram(readFileSync(docPath, 'utf8'), dialogueMachine);
	if (updated === null) {
		console.error(
			`${docPath} has no ${DIAGRAM_START} … ${DIAGRAM_END} markers; add them where the diagram belongs.`
		);
		process.exit(1);
	}
	writeFileSync(docPath, updated);
	console.log(`Wrote the dialogue machine diagram to ${docPath}`);
}
