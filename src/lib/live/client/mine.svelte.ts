/**
 * The phone's own submissions and what became of them. The server keeps no link between a contribution and
 * the device that sent it (by design, so nothing stored can trace a concern back to a person); the phone is
 * the only one that knows which ids are its own, so it keeps them here, in localStorage.
 */
import { readJson, sessionKey, writeJson } from './storage';

export type MineStatus = 'sending' | 'waiting' | 'shown' | 'notShown';

export interface MySubmission {
	clientRequestId: string;
	/** The server's id, once it confirmed. */
	id: string | null;
	kind: 'concern' | 'proposal';
	text: string;
	status: MineStatus;
	at: number;
}

const KEEP = 50;

export class MySubmissions {
	list = $state<MySubmission[]>([]);
	#key: string;

	constructor(sessionId: string) {
		this.#key = sessionKey(sessionId, 'mine');
	}

	load(): void {
		this.list = readJson<MySubmission[]>(this.#key, []).filter((s) => s && typeof s.text === 'string');
	}

	add(entry: Omit<MySubmission, 'id' | 'status' | 'at'>): void {
		const added: MySubmission = { ...entry, id: null, status: 'sending', at: Date.now() };
		this.list = [added, ...this.list].slice(0, KEEP);
		this.#save();
	}

	/** The server stored it: it now waits for a facilitator (unless it was already approved meanwhile). */
	confirmed(clientRequestId: string, id: string): void {
		this.#update((s) =>
			s.clientRequestId === clientRequestId
				? { ...s, id, status: s.status === 'sending' ? 'waiting' : s.status }
				: s
		);
	}

	/** The server refused it for good: it is no longer in the list (its text went back to the field). */
	dropped(clientRequestId: string): void {
		this.list = this.list.filter((s) => s.clientRequestId !== clientRequestId);
		this.#save();
	}

	mark(id: string, status: 'shown' | 'notShown'): void {
		if (!this.list.some((s) => s.id === id && s.status !== status)) return;
		this.#update((s) => (s.id === id ? { ...s, status } : s));
	}

	/**
	 * A fresh view lists every approved contribution: mine that are on it are shown; mine that were shown and are
	 * gone were hidden later. One still waiting stays waiting (a hide while this phone was away arrives as an
	 * event on reconnect).
	 */
	reconcile(approvedIds: ReadonlySet<string>): void {
		let changed = false;
		const next = this.list.map((s) => {
			if (!s.id) return s;
			if (approvedIds.has(s.id) && s.status !== 'shown') {
				changed = true;
				return { ...s, status: 'shown' as const };
			}
			if (!approvedIds.has(s.id) && s.status === 'shown') {
				changed = true;
				return { ...s, status: 'notShown' as const };
			}
			return s;
		});
		if (changed) {
			this.list = next;
			this.#save();
		}
	}

	#update(fn: (s: MySubmission) => MySubmission): void {
		this.list = this.list.map(fn);
		this.#save();
	}

	#save(): void {
		writeJson(this.#key, $state.snapshot(this.list));
	}
}
