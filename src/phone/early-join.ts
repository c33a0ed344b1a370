/**
 * The phone's join, sent as soon as the page's head is read (issue 14): the page carries this script inline at the
 * top of its head (`earlyJoinTag`, allowed by its hash in the page's Content-Security-Policy), built by the phone
 * build as an entry of its own. On slow 3G the entry takes a second to come; the join's round trip now goes
 * meanwhile, and the first screen no longer waits for it after the entry has run. The entry takes the answer
 * (`takeEarlyJoin` in `$lib/live/client/early-join.ts`); whichever of the two comes second leaves the join to the
 * other, so a phone never joins twice without the cookie the first join sets (that would make two participants).
 *
 * A type is all it imports: it must stay one small file, not share a chunk with the entry.
 */
import type { EarlyJoinWindow } from '$lib/live/client/early-join';

const phone = window as EarlyJoinWindow;
let code = '';
try {
	code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
} catch {
	// An address no code can come from: the entry joins, and says so.
}
if (phone.hearthJoin === undefined && code) {
	const body = JSON.stringify({ code });
	const response = fetch('/api/v1/join', {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body,
		cache: 'no-store'
	});
	// Not taken (the entry failed to load): no unhandled rejection for a join without a connection.
	response.catch(() => undefined);
	phone.hearthJoin = { code, response };
}

// On a slow network the page has nothing to do while the entry is on its way: the browser's first look at this
// page's storage (a wait on the browser's own process, up to 18 ms of a laptop's CPU, several times that of a slow
// phone's) is taken in that idle moment, not in the task that draws the first screen, which reads the phone's
// step, drafts and queue from it. On a fast network the entry runs first and reads it as before.
const warmUp = () => {
	try {
		void localStorage.getItem('hearth.warm-up');
	} catch {
		// Storage refused (private mode, a policy): the phone reads nothing from it later either.
	}
};
if (typeof requestIdleCallback === 'function') requestIdleCallback(warmUp, { timeout: 1_000 });
else setTimeout(warmUp, 0);
