/**
 * Mermaid `stateDiagram-v2` drawn from a machine's definition, so the picture in docs/architecture.md is
 * generated from the code instead of kept in step by hand (diagram.spec.ts fails when they drift apart).
 */
import type {
	AnyStateMachine,
	AnyStateNode as AnyNode,
	AnyTransitionDefinition as AnyTransition
} from 'xstate';

export const DIAGRAM_START = '<!-- machine-diagram:start -->';
export const DIAGRAM_END = '<!-- machine-diagram:end -->';

const INDENT = '    ';

/** Mermaid ids cannot contain dots; the node's path joined with `_` is unique and stable. */
function mermaidId(node: AnyNode): string {
	return node.path.join('_');
}

function guardLabel(guard: unknown): string | null {
	if (guard === undefined || guard === null) return null;
	if (typeof guard === 'string') return guard;
	if (typeof guard === 'function') {
		// Higher-order guards (`and`, `or`) keep their parts on `.guards`.
		const parts: unknown = (guard as { guards?: unknown }).guards;
		if (Array.isArray(parts)) {
			// Words, not `&&`: Mermaid labels are HTML, and `&` would need escaping.
			const op = guard.name === 'or' ? ' or ' : ' and ';
			return parts.map((part) => guardLabel(part) ?? '?').join(op);
		}
		return guard.name || 'guard';
	}
	if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
	return 'guard';
}

function edgeLabel(transition: AnyTransition): string {
	const guard = guardLabel(transition.guard);
	return guard ? `${transition.eventType} [${guard}]` : transition.eventType;
}

/** The deepest compound node containing both nodes: the block in which Mermaid must declare their edge. */
function commonParent(a: AnyNode, b: AnyNode): AnyNode {
	const ancestors = (node: AnyNode): AnyNode[] => {
		const chain: AnyNode[] = [];
		for (let n: AnyNode | undefined = node.parent; n; n = n.parent) chain.unshift(n);
		return chain;
	};
	const left = ancestors(a);
	const right = ancestors(b);
	let common = left[0];
	for (let i = 0; i < Math.min(left.length, right.length) && left[i] === right[i]; i++) common = left[i];
	if (!common) throw new Error(`State nodes ${a.id} and ${b.id} share no parent`);
	return common;
}

function childrenOf(node: AnyNode): AnyNode[] {
	return Object.values(node.states);
}

function allNodes(node: AnyNode): AnyNode[] {
	return [node, ...childrenOf(node).flatMap(allNodes)];
}

/** Edges grouped by the compound node whose block declares them, in definition order. */
function edgesByBlock(root: AnyNode): Map<AnyNode, string[]> {
	const blocks = new Map<AnyNode, string[]>();
	const add = (block: AnyNode, line: string) => {
		const lines = blocks.get(block) ?? [];
		lines.push(line);
		blocks.set(block, lines);
	};
	for (const node of allNodes(root)) {
		const transitions = [...node.transitions.values()].flat();
		for (const transition of transitions) {
			for (const target of transition.target ?? []) {
				add(
					commonParent(node, target),
					`${mermaidId(node)} --> ${mermaidId(target)} : ${edgeLabel(transition)}`
				);
			}
		}
	}
	return blocks;
}

function renderBlock(node: AnyNode, edges: Map<AnyNode, string[]>, depth: number): string[] {
	const pad = INDENT.repeat(depth);
	const lines: string[] = [];
	const initial = node.initial?.target[0];
	if (initial) lines.push(`${pad}[*] --> ${mermaidId(initial)}`);
	for (const child of childrenOf(node)) {
		const id = mermaidId(child);
		if (child.type === 'history') {
			lines.push(`${pad}state "${child.key} (history)" as ${id}`);
		} else if (child.type === 'compound' || child.type === 'parallel') {
			lines.push(`${pad}state "${child.key}" as ${id} {`);
			lines.push(...renderBlock(child, edges, depth + 1));
			lines.push(`${pad}}`);
		} else if (id !== child.key) {
			// Nested ids carry their parent's path; the label keeps the diagram readable.
			lines.push(`${pad}state "${child.key}" as ${id}`);
		}
	}
	for (const edge of edges.get(node) ?? []) lines.push(`${pad}${edge}`);
	for (const child of childrenOf(node)) {
		if (child.type === 'final') lines.push(`${pad}${mermaidId(child)} --> [*]`);
	}
	return lines;
}

/** The machine as a Mermaid `stateDiagram-v2`, ending in a newline. */
export function toMermaid(machine: AnyStateMachine): string {
	const root: AnyNode = machine.root;
	const lines = ['stateDiagram-v2', ...renderBlock(root, edgesByBlock(root), 1)];
	return `${lines.join('\n')}\n`;
}

/** The markdown that goes between the markers: the diagram in a mermaid code fence. */
export function diagramBlock(machine: AnyStateMachine): string {
	return `\n\n\`\`\`mermaid\n${toMermaid(machine)}\`\`\`\n\n`;
}

/** The mermaid source currently between the markers of `doc`, or null when the markers or fence are missing. */
export function extractDiagram(doc: string): string | null {
	const start = doc.indexOf(DIAGRAM_START);
	const end = doc.indexOf(DIAGRAM_END);
	if (start === -1 || end === -1 || end < start) return null;
	const between = doc.slice(start + DIAGRAM_START.length, end);
	const match = /```mermaid\n([\s\S]*?)```/.exec(between);
	return match?.[1] ?? null;
}

/** `doc` with the block between the markers replaced by the current diagram; null when the markers are missing. */
export function replaceDiagram(doc: string, machine: AnyStateMachine): string | null {
	const start = doc.indexOf(DIAGRAM_START);
	const end = doc.indexOf(DIAGRAM_END);
	if (start === -1 || end === -1 || end < start) return null;
	return doc.slice(0, start + DIAGRAM_START.length) + diagramBlock(machine) + doc.slice(end);
}
