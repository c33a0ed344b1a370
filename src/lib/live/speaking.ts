/**
 * The speaking round (issue 11, section 4: the talking piece). Only the holder speaks, everyone may ask for a turn,
 * anyone may pass. Shared by the server, the phones, the projector and the console.
 *
 * A person may give a first name or a seat number for the round, or stay "someone". That label lives in the
 * server's memory only while the round runs (`live/speaking-queue.ts`), never in a table or the session's log, and
 * is forgotten when the round ends.
 */

/** What the round is for: an open round, or the check-in or check-out spoken round by round. */
export const SPEAKING_PURPOSES = ['open', 'checkIn', 'checkOut'] as const;
export type SpeakingPurpose = (typeof SPEAKING_PURPOSES)[number];

/** How a person is called for the round: by a first name, by a seat number, or as "someone". */
export const SPEAKER_KINDS = ['someone', 'name', 'seat'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];

/** A first name is short; anything longer is more than a first name. */
export const SPEAKER_NAME_MAX = 24;
/** A seat is a number of one to four digits. */
export const SPEAKER_SEAT_PATTERN = /^[0-9]{1,4}$/;

/** The longest gentle bar the projector may show for a turn (it fills up once; it never counts down). */
export const SPEAKING_BAR_MAX_SECONDS = 15 * 60;

/** One place in the round, as screens show it: by the label given for the round only. */
export interface SpeakingSeat {
	/** Random per ask and round; a phone recognises its own place by it. */
	turnId: string;
	kind: SpeakerKind;
	/** The first name or seat number; null for "someone". */
	label: string | null;
}

/** What phones and the projector see of a running round: who holds the piece and who is next. */
export interface SpeakingRoundView {
	id: string;
	purpose: SpeakingPurpose;
	holder: SpeakingSeat | null;
	next: SpeakingSeat | null;
	/** When the holder's turn began, on the server's monotonic clock (correct with `serverNow`); null when no one holds it. */
	turnStartedAt: number | null;
	/** The projector shows a gentle bar filling over this many seconds; null: no bar. */
	barSeconds: number | null;
}

/** What the console sees: also the queue in order, and how many turns and passes so far. */
export interface SpeakingRoundStaffView extends SpeakingRoundView {
	/** Waiting for a turn, in the order they asked (the first is `next`). */
	queue: SpeakingSeat[];
	turns: number;
	/** Phones that passed; null from 1 to the minimum group size − 1 (the small-group rule). */
	passes: number | null;
}

/** A phone's own place in the round. */
export interface MySpeakingPlace {
	turnId: string;
	status: SpeakingStatus;
	kind: SpeakerKind;
	label: string | null;
}

export type SpeakingStatus = 'waiting' | 'holding' | 'spoken' | 'passed';

/** The `speaking.changed` frame: the round as the viewer may see it now (null once it ended). */
export interface SpeakingChanged {
	round: SpeakingRoundView | SpeakingRoundStaffView | null;
	serverNow: number;
	/** For phones: a phone recognises its own place by `turnId` in `round`. */
}

/** A round that was held, as the report keeps it: what for, where, how many turns and passes. Never who. */
export interface HeldSpeakingRound {
	purpose: SpeakingPurpose;
	phase: string;
	turns: number;
	passes: number;
	startedAt: number;
	endedAt: number;
}

/** The text a person typed for the round, trimmed; null when it is empty. */
export function speakerLabel(kind: SpeakerKind, raw: string | undefined): string | null {
	if (kind === 'someone') return null;
	const text = (raw ?? '').trim().replace(/\s+/g, ' ');
	return text === '' ? null : text;
}
