/**
 * Text a person is typing, kept in localStorage on every keystroke, so a reload, a reconnect or a language
 * switch never loses it. Cleared only when the text is safely in the outbox.
 */
import { readJson, removeKey, sessionKey, writeJson } from './storage';

export class Draft {
	#value = $state('');
	#key: string;

	constructor(sessionId: string, field: string) {
		this.#key = sessionKey(sessionId, `draft.${field}`);
	}

	load(): void {
		const stored = readJson<unknown>(this.#key, '');
		if (typeof stored === 'string' && stored !== '') this.#value = stored;
	}

	get value(): string {
		return this.#value;
	}

	set value(text: string) {
		this.#value = text;
		if (text === '') removeKey(this.#key);
		else writeJson(this.#key, text);
	}

	clear(): void {
		this.value = '';
	}
}
