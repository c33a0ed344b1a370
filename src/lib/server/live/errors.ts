// live/: what every folder here shares; the transaction and its hashes, errors, input parsing, spec helpers.
/**
 * Errors the live-session services throw for requests a person or a client can act on. Each carries the HTTP
 * status, a stable `code` the screens can branch on, and a readable sentence in the request's language; the
 * routes turn them into RFC 9457 problem details.
 */
import type { FieldErrors } from '$lib/validation/errors';

export type LiveErrorCode =
	| 'signInRequired'
	| 'notAllowed'
	| 'sessionNotFound'
	| 'dialogueNotFound'
	| 'sessionAlreadyOpen'
	| 'sessionClosed'
	// Only what is on the moderated wall can go in the projector's spotlight.
	| 'notOnWall'
	| 'joinCodeUnknown'
	| 'sessionEnded'
	| 'tooManyJoinAttempts'
	| 'tooManySubmissions'
	// Bounded streams and the door (issue 9)
	| 'tooManyStreams'
	| 'doorClosed'
	| 'sessionFull'
	| 'tooManyPending'
	| 'paused'
	| 'wrongPhase'
	| 'requestIdReused'
	| 'contributionNotFound'
	| 'themeNotFound'
	// Two themes whose titles read the same (issue 13).
	| 'themeDuplicate'
	| 'notConcern'
	| 'notProposal'
	| 'notApproved'
	| 'endorsementCap'
	| 'alreadyEndorsed'
	| 'promptNotOpen'
	| 'valuesUnmet'
	| 'revisitRefused'
	| 'machineRefused'
	| 'staleRevision'
	| 'phaseMoved'
	| 'originUnknown'
	| 'invalid'
	// The agreement and closing (issue 5)
	| 'commitmentNotFound'
	| 'notShortlisted'
	| 'noCommitments'
	| 'draftChanged'
	| 'nothingToResolve'
	| 'consentResolvedMeanwhile'
	| 'consentRoundOpen'
	// The speaking round (issue 11, the talking piece)
	| 'speakingRoundEnded'
	| 'speakingRunning'
	| 'speakingMoved'
	| 'speakingQueueEmpty'
	| 'reportNotFound';

export interface LiveErrorExtra {
	/** Field path → message, for 422. */
	errors?: FieldErrors;
	/** Seconds to wait, for 429 (sent as `Retry-After`). */
	retryAfterSeconds?: number;
	[extension: string]: unknown;
}

export class LiveError extends Error {
	override name = 'LiveError';
	constructor(
		readonly status: number,
		readonly code: LiveErrorCode,
		message: string,
		readonly extra: LiveErrorExtra = {}
	) {
		super(message);
	}
}
