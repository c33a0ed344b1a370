/**
 * localStorage that never throws: private browsing, a full disk or a blocked store must not break the phone
 * page. What is kept survives reloads and reconnects (sessionStorage would be lost when a tab is closed).
 */
const PREFIX = 'hearth.live.v1';

/** A key scoped to one live session, so two sessions on one phone never mix. */
export function sessionKey(sessionId: string, name: string): string {
	return `${PREFIX}.${sessionId}.${name}`;
}

export function readJson<T>(key: string, fallback: T): T {
	try {
		const raw = globalThis.localStorage?.getItem(key);
		return raw === null || raw === undefined ? fallback : (JSON.parse(raw) as T);
	} catch {
		return fallback;
	}
}

export function writeJson(key: string, value: unknown): boolean {
	try {
		globalThis.localStorage?.setItem(key, JSON.stringify(value));
		return true;
	} catch {
		return false;
	}
}

export function removeKey(key: string): void {
	try {
		globalThis.localStorage?.removeItem(key);
	} catch {
		// nothing to do: the store is not available
	}
}
