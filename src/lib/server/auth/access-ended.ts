/**
 * Word that a staff member's access has ended or changed: a session of theirs was signed out or has run out,
 * their account was switched off, their role changed, or their password was reset. Whatever holds something
 * open for them beyond a single request (the live event streams) listens and ends it, so that nobody keeps
 * receiving staff-only events on the strength of a check made when the stream opened.
 *
 * A notice in process, not a database row: the streams live in this process too. Sent after the change has
 * been committed, so a listener that looks again sees the new state.
 */

type Listener = (userId: string) => void;

const listeners = new Set<Listener>();

/** Calls `listener` with the user id whenever a staff member's access ends or changes. */
export function onStaffAccessEnded(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Tells every listener; one that throws does not keep the others from hearing it. */
export function staffAccessEnded(userId: string): void {
	for (const listener of [...listeners]) {
		try {
			listener(userId);
		} catch (error) {
			console.error('hearth: a listener for ended staff access failed', error);
		}
	}
}
