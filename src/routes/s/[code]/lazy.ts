/**
 * Screens loaded when needed (and one phase ahead), so that the phone's first load stays small. A chunk that
 * fails on bad Wi-Fi may be asked for again: the failed promise is forgotten.
 */
export type Lazy<T> = () => Promise<T>;

export function lazy<T>(load: () => Promise<T>): Lazy<T> {
	let pending: Promise<T> | null = null;
	return () =>
		(pending ??= load().catch((error: unknown) => {
			pending = null;
			throw error;
		}));
}
