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
	/**
	 * What this person typed until it was shown; once a facilitator shortened it, what was shown instead (the
	 * first version, perhaps with the name that made the facilitator shorten it, is not kept).
	 */
	text: string;
	/** Shown shortened by a facilitator. */
	shortened?: boolean;
	status: MineStatus;
	at: number;
}

const KEEP = 50;

/** What the room sees of an approved contribution. */
export interface ShownText {
	text: string;
	redacted: boolean;
}

/** A submission as shown: a redacted text replaces what was typed, so the phone says what the room saw. */
function asShown(s: MySubmission, shown: ShownText | undefined): MySubmission {
	if (!shown?.redacted || (s.shortened && s.text === shown.text)) return s;
	return { ...s, text: shown.text, shortened: true };
}

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

	mark(id: string, status: 'shown' | 'notShown', shown?: ShownText): void {
		const changes = (s: MySubmission) => s.id === id && (s.status !== status || asShown(s, shown) !== s);
		if (!this.list.some(changes)) return;
		this.#update((s) => (s.id === id ? asShown({ ...s, status }, shown) : s));
	}

	/**
	 * A fresh view lists every approved contribution: mine that are on it are shown; mine that were shown and are
	 * gone were hidden later. One still waiting stays waiting (a hide while this phone was away arrives as an
	 * event on reconnect).
	 */
	reconcile(approved: ReadonlyMap<string, ShownText>): void {
		let changed = false;
		const next = this.list.map((s) => {
			if (!s.id) return s;
			const shown = approved.get(s.id);
			if (shown && (s.status !== 'shown' || asShown(s, shown) !== s)) {
				changed = true;
				return asShown({ ...s, status: 'shown' as const }, shown);
			}
			if (!shown && s.status === 'shown') {
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
