/**
 * The event bus: after a change commits, its `{ sessionId, seq }` is published here and every open stream
 * of that session reads what it may see from the event log. In-process today; the interface is small so
 * that a multi-server bus (e.g. Postgres LISTEN/NOTIFY) can replace it without touching the callers.
 */
import { EventEmitter } from 'node:events';

/** An event as the log stores it: the payload is its JSON text. */
export interface StoredEvent {
	seq: number;
	type: string;
	payload: string;
	audience: string;
	actorId: string | null;
	createdAt: number;
}

export interface Committed {
	sessionId: string;
	seq: number;
	/**
	 * The events this commit wrote, in order and all of them, when the committer has them: a stream that has read
	 * everything before the first of them takes them from here instead of reading them back from the log.
	 */
	events?: readonly StoredEvent[];
}

export interface EventBus {
	publish(event: Committed): void;
	subscribe(sessionId: string, listener: (event: Committed) => void): () => void;
}

class InProcessBus implements EventBus {
	#emitter = new EventEmitter();

	constructor() {
		// One listener per open stream: a full hall is hundreds, which is expected, not a leak.
		this.#emitter.setMaxListeners(0);
	}

	publish(event: Committed): void {
		this.#emitter.emit(event.sessionId, event);
	}

	subscribe(sessionId: string, listener: (event: Committed) => void): () => void {
		this.#emitter.on(sessionId, listener);
		return () => this.#emitter.off(sessionId, listener);
	}
}

let bus: EventBus | undefined;

export function getBus(): EventBus {
	bus ??= new InProcessBus();
	return bus;
}
