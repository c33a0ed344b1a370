import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { DIAGRAM_END, DIAGRAM_START, extractDiagram, replaceDiagram, toMermaid } from './diagram';
import { dialogueMachine } from './machine';

const docPath = fileURLToPath(new URL('../../../docs/architecture.md', import.meta.url));

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
	return [node, ...Object.values(node.states).flatMap(allStateNodes)];
}

describe('the machine diagram', () => {
	it('in docs/architecture.md is the one generated from the machine (run: npx tsx scripts/machine-diagram.ts --write)', () => {
		const doc = readFileSync(docPath, 'utf8');
		expect(extractDiagram(doc)).toBe(toMermaid(dialogueMachine));
	});

	it('draws every state node and every transition of the definition', () => {
		const diagram = toMermaid(dialogueMachine);
		const id = (node: AnyStateNode) => node.path.join('_');
		const nodes = allStateNodes(dialogueMachine.root).filter((n) => n.parent);
		for (const node of nodes) expect(diagram).toMatch(new RegExp(`\\b${id(node)}\\b`));
		const transitions = nodes.flatMap((n) => [...n.transitions.values()].flat());
		const edges = diagram.split('\n').filter((line) => line.includes(' --> ') && !line.includes('[*]'));
		expect(edges).toHaveLength(transitions.reduce((n, t) => n + (t.target?.length ?? 0), 0));
		for (const t of transitions) {
			for (const target of t.target ?? []) {
				expect(
					edges.some((e) => e.trim().startsWith(`${id(t.source)} --> ${id(target)} : ${t.eventType}`))
				).toBe(true);
			}
		}
	});

	it('marks the start and the final state', () => {
		const diagram = toMermaid(dialogueMachine);
		expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
		expect(diagram).toContain('[*] --> preparation');
		expect(diagram).toContain('closed --> [*]');
		expect(diagram).toContain('paused --> live_lastPhase : session.resume');
	});

	it('replaces only the block between the markers, and reads back what it wrote', () => {
		const doc = `# Title\n\nBefore.\n\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\n\nAfter.\n`;
		const updated = replaceDiagram(doc, dialogueMachine);
		expect(updated?.startsWith('# Title\n\nBefore.\n\n')).toBe(true);
		expect(updated?.endsWith(`${DIAGRAM_END}\n\nAfter.\n`)).toBe(true);
		expect(updated).not.toContain('old');
		expect(extractDiagram(updated ?? '')).toBe(toMermaid(dialogueMachine));
	});

	it('reports missing markers instead of guessing', () => {
		expect(replaceDiagram('# No markers\n', dialogueMachine)).toBeNull();
		expect(extractDiagram(`${DIAGRAM_START}\nno fence\n${DIAGRAM_END}`)).toBeNull();
	});
});
