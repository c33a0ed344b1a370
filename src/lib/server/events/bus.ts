/**
 * The event bus: after a change commits, its `{ sessionId, seq }` is published here and every open stream
 * of that session reads what it may see from the event log. In-process today; the interface is small so
 * that a multi-server bus (e.g. Postgres LISTEN/NOTIFY) can replace it without touching the callers.
 */
import { EventEmitter } from 'node:events';

export interface Committed {
	sessionId: string;
	seq: number;
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
