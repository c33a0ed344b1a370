/**
 * Everything the phone page does besides drawing: joining with the code, the live stream, the offline queue,
 * the person's own submissions and drafts, and the few steps of getting started. Kept out of the page so that
 * the page reads as a list of screens.
 */
import {
	CHECK_OUT_PROMPTS,
	type PhoneView,
	type Prompt,
	type PublicCommitment,
	type StreamEvent
} from '$lib/live/types';
import { applyPhoneEvent, shownTexts } from '$lib/live/client/apply';
import { Draft } from '$lib/live/client/draft.svelte';
import { takeEarlyJoin } from '$lib/live/client/early-join';
import { LiveStream } from '$lib/live/client/events.svelte';
import { MySubmissions } from '$lib/live/client/mine.svelte';
import { Outbox, type OutboxItem, type Rejection } from '$lib/live/client/outbox.svelte';
import { readJson, sessionKey, writeJson } from '$lib/live/client/storage';
import { isLivePhase } from '$lib/dialogue/types';
import { m } from '$lib/paraglide/messages';

/** `refused`: the door is closed or the session is full (403); the server's sentence says which. */
export type JoinState =
	| 'joining'
	| 'joined'
	| 'badCode'
	| 'offline'
	| 'busy'
	| 'gone'
	| 'refused'
	/** The code belongs to a meeting that has ended. */
	| 'ended';

/** The getting-started steps; `done` once the ground rules are answered. */
export type Step = 'welcome' | 'read' | 'rules' | 'done';

export interface Notice {
	text: string;
	/** The words that were not sent, shown when their field is not on screen right now. */
	lost?: string;
	/** A consent answer was refused because the agreement changed meanwhile (the consent screen says so itself). */
	draftChanged?: boolean;
}

/** What of a view says which fields are open (to notice that a move closed one). */
type OpenFields = Pick<PhoneView, 'phase' | 'paused' | 'accepts'>;

/** What a prompt's answer carries besides its value: the draft version a consent answer was given on. */
export interface AnswerExtra {
	draftVersion?: number;
}

/** Prompts whose screens show the answer themselves, without the passing "your answer is in". */
const SHOWS_OWN_ANSWER = new Set<Prompt>(['groundRules.affirm', 'consent', ...CHECK_OUT_PROMPTS]);

/** Joining again after no connection: first after about this long, doubling up to the most. */
const JOIN_RETRY_FIRST_MS = 2_000;
const JOIN_RETRY_MAX_MS = 30_000;

/** How often the phone looks whether its queue holds unsent items, and renews that report while it does. */
const QUEUE_CHECK_MS = 5_000;
const QUEUE_RENEW_MS = 30_000;
/** A phone reports typing at most this often while text waits in a field (the server forgets after 8 s). */
const TYPING_EVERY_MS = 4_000;

/** What the server answered a join with. */
interface JoinAnswer {
	status: number;
	sessionId?: string;
	detail?: string;
	code?: string;
	view?: PhoneView;
}

async function postJoin(code: string): Promise<JoinAnswer> {
	const response = await (takeEarlyJoin(code) ??
		fetch('/api/v1/join', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ code }),
			cache: 'no-store'
		}));
	const body = (await response.json().catch(() => ({}))) as {
		sessionId?: unknown;
		detail?: unknown;
		code?: unknown;
		view?: unknown;
	};
	const sessionId = typeof body.sessionId === 'string' ? body.sessionId : undefined;
	// The join answer carries the phone's first view, so the first screen need not wait for the event stream.
	const view =
		body.view && typeof body.view === 'object' && (body.view as PhoneView).sessionId === sessionId
			? (body.view as PhoneView)
			: undefined;
	return {
		status: response.status,
		code: typeof body.code === 'string' ? body.code : undefined,
		sessionId,
		detail: typeof body.detail === 'string' ? body.detail : undefined,
		view
	};
}

export class PhoneSession {
	code = $state('');
	join = $state<JoinState>('joining');
	/** Why joining was refused, in the server's words (a closed door, a full session). */
	refusal = $state('');
	sessionId = $state<string | null>(null);
	view = $state<PhoneView | null>(null);
	/** Server clock minus this phone's clock, for the timer. */
	skewMs = $state(0);
	step = $state<Step>('welcome');
	notice = $state<Notice | null>(null);
	/** A short thank-you after answering a question, said once and then gone. */
	ack = $state<string | null>(null);
	/** Prompts this person chose to skip for now. */
	skipped = $state<Prompt[]>([]);
	/** The agreement version this phone last gave consent on (kept, so that it can say the agreement changed). */
	consentVersion = $state<number | null>(null);
	/** The commitments as they stood when this phone last gave its consent answer (to show what changed since). */
	consentSeen = $state.raw<PublicCommitment[] | null>(null);

	stream: LiveStream<PhoneView> | null = $state(null);
	outbox: Outbox | null = $state(null);
	mine: MySubmissions | null = $state(null);
	concernDraft: Draft | null = $state(null);
	proposalDraft: Draft | null = $state(null);
	roleDraft: Draft | null = $state(null);
	resourcesDraft: Draft | null = $state(null);
	roleNameDraft: Draft | null = $state(null);

	#ackTimer: ReturnType<typeof setTimeout> | null = null;
	/** The question the passing "your answer is in" was about: a next question (or none) clears it at once. */
	#ackPrompt: Prompt | null = null;
	/** Joining again by itself after no connection or a busy server: soon at first, then less often. */
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#retryDelayMs = JOIN_RETRY_FIRST_MS;
	#onOnline = () => {
		if (this.join === 'offline') this.#retryNow();
	};
	/** This phone asked for a pause ("I need a moment"); a pause answers it (issue 11). */
	askedForMoment = $state(false);
	momentFailed = $state(false);
	#rejoinedAt = 0;
	#lastTyping = 0;
	#typing = false;
	#presenceInFlight = false;
	#presenceAgain = false;
	#presenceStale = false;
	#queueTimer: ReturnType<typeof setInterval> | null = null;
	#queued = false;
	#lastQueued = 0;
	/**
	 * The join on its way, shared by everyone who asks for one meanwhile: the stream's refusal, the queue's expired
	 * cookie, a retry timer. Two joins at once both go without a cookie, and the server makes two participants.
	 */
	#joining: { code: string; answer: Promise<JoinAnswer> } | null = null;
	/**
	 * Counts starts (and stops): of two starts on their way only the later goes live, and none after `stop()`.
	 * Two starts with the same code share one join.
	 */
	#starts = 0;
	#onPagehide = () => this.#leaving();

	constructor(code: string) {
		this.code = code;
	}

	/** One join at a time: a join already on its way with this code answers this one too. */
	#joinOnce(code: string): Promise<JoinAnswer> {
		if (this.#joining?.code === code) return this.#joining.answer;
		const joining = { code, answer: postJoin(code) };
		this.#joining = joining;
		// Settled, the next join may go (registered first, so it runs before anyone waiting for this answer).
		const settled = () => {
			if (this.#joining === joining) this.#joining = null;
		};
		joining.answer.then(settled, settled);
		return joining.answer;
	}

	/** Joins with the code (the cookie makes a second join the same participant) and goes live. */
	async start(code = this.code): Promise<void> {
		const start = ++this.#starts;
		this.code = code;
		this.join = 'joining';
		this.#cancelRetry();
		let result: JoinAnswer;
		try {
			result = await this.#joinOnce(code);
		} catch {
			if (start !== this.#starts) return;
			this.join = 'offline';
			this.#retryLater();
			return;
		}
		// Another start came after this one (or the page stopped): the later one says what happens.
		if (start !== this.#starts) return;
		if (result.status === 403 && result.detail) {
			this.join = 'refused';
			this.refusal = result.detail;
		} else if (result.status === 429) this.join = 'busy';
		else if (result.status === 404 || result.status === 422 || result.status === 400) this.join = 'badCode';
		else if (result.status === 410 && result.code === 'sessionEnded') this.join = 'ended';
		else if (result.status === 410 || result.status === 409) this.join = 'gone';
		else if (!result.sessionId) this.join = 'offline';
		else {
			this.#retryDelayMs = JOIN_RETRY_FIRST_MS;
			this.#begin(result.sessionId, result.view);
			return;
		}
		// No connection or a busy server pass by themselves: the person should not have to keep tapping.
		if (this.join === 'offline' || this.join === 'busy') this.#retryLater();
	}

	stop(): void {
		// A join still on its way no longer goes live (the page is gone).
		this.#starts += 1;
		this.#cancelRetry();
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('pagehide', this.#onPagehide);
		this.stream?.stop();
		this.outbox?.stop();
		if (this.#queueTimer) clearInterval(this.#queueTimer);
		this.#queueTimer = null;
		this.#reportTyping(false);
	}

	#retryLater(): void {
		if (this.#retryTimer) return;
		window.addEventListener('online', this.#onOnline);
		// Jittered, so that a hall of phones coming back on the Wi-Fi does not knock all at once.
		const delay = this.#retryDelayMs * (0.75 + Math.random() * 0.5);
		this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, JOIN_RETRY_MAX_MS);
		this.#retryTimer = setTimeout(() => this.#retryNow(), delay);
	}

	#retryNow(): void {
		this.#cancelRetry();
		void this.start();
	}

	#snapshot(view: PhoneView): void {
		const before = this.view;
		this.view = view;
		this.#movedOnWhileTyping(before, view);
		this.#clearStaleAck();
		this.skewMs = view.serverNow - Date.now();
		this.mine?.reconcile(this.#shown());
	}

	#cancelRetry(): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
	}

	#begin(sessionId: string, view?: PhoneView): void {
		this.sessionId = sessionId;
		this.join = 'joined';
		this.step = readJson<Step>(sessionKey(sessionId, 'step'), 'welcome');
		this.skipped = readJson<Prompt[]>(sessionKey(sessionId, 'skipped'), []);
		this.consentVersion = readJson<number | null>(sessionKey(sessionId, 'consentVersion'), null);
		this.consentSeen = readJson<PublicCommitment[] | null>(sessionKey(sessionId, 'consentSeen'), null);
		this.mine = new MySubmissions(sessionId);
		this.mine.load();
		this.concernDraft = new Draft(sessionId, 'concern');
		this.proposalDraft = new Draft(sessionId, 'proposal');
		this.roleDraft = new Draft(sessionId, 'proposalRole');
		this.resourcesDraft = new Draft(sessionId, 'resources');
		this.roleNameDraft = new Draft(sessionId, 'roleNamed');
		for (const draft of [
			this.concernDraft,
			this.proposalDraft,
			this.roleDraft,
			this.resourcesDraft,
			this.roleNameDraft
		]) {
			draft.load();
		}
		// Going live again (a cookie renewed after the stream was refused): what ran before stops first. The same
		// session keeps its queue, so that an item waiting on the join is sent once, by the one queue that stores it.
		this.stream?.stop();
		this.outbox?.stop();
		if (this.outbox?.sessionId !== sessionId) this.outbox = this.#newOutbox(sessionId);
		this.stream = new LiveStream<PhoneView>({
			sessionId,
			// Phase changes make every phone fetch a fresh view; spreading them over two seconds spares the server.
			resyncJitterMs: 2_000,
			onSnapshot: (snapshot) => this.#snapshot(snapshot),
			onEvent: (event) => this.#event(event),
			onReconnect: () => this.outbox?.flush(),
			onRefused: (status) => {
				// A cookie that expired (a meeting that runs past a day) is renewed by joining again.
				this.outbox?.stop();
				if (status === 401 && Date.now() - this.#rejoinedAt > 60_000) {
					this.#rejoinedAt = Date.now();
					void this.start();
				} else {
					this.join = 'gone';
				}
			}
		});
		// The view the join answered with draws the first screen now; the stream's own snapshot follows it.
		if (view) this.#snapshot(view);
		this.outbox.start();
		this.stream.start();
		if (this.#queueTimer) clearInterval(this.#queueTimer);
		this.#queueTimer = setInterval(() => this.#reportQueue(), QUEUE_CHECK_MS);
		// Leaving the page (closing the tab, reloading) stops counting as typing at once.
		window.addEventListener('pagehide', this.#onPagehide);
	}

	#newOutbox(sessionId: string): Outbox {
		const outbox: Outbox = new Outbox({
			sessionId,
			// A queue of a session this phone left (another code typed meanwhile) no longer speaks for the page.
			onSent: (item, response) => {
				if (this.outbox === outbox) this.#sent(item, response);
			},
			onRejected: (rejection) => {
				if (this.outbox === outbox) this.#rejected(rejection);
			},
			rejoin: async () => {
				const again = await this.#joinOnce(this.code);
				return again.status === 201 || again.status === 200;
			}
		});
		return outbox;
	}

	/** Every approved contribution as the room sees it: the phone's own list shows a shortened one as shown. */
	#shown(): ReadonlyMap<string, { text: string; redacted: boolean }> {
		return shownTexts(this.view ?? { wall: { themes: [], unthemed: [] }, proposals: [] });
	}

	#event(event: StreamEvent): boolean {
		if (!this.view) return false;
		// A move is applied in place: what was open before it is read first.
		const before: OpenFields = {
			phase: this.view.phase,
			paused: this.view.paused,
			accepts: { ...this.view.accepts }
		};
		const applied = applyPhoneEvent(this.view, event);
		this.#movedOnWhileTyping(before, this.view);
		if (event.type === 'contribution.approved') {
			// A redaction arrives as a second approval with the shortened text: that is what the author sees too.
			this.mine?.mark(event.data.id, 'shown', { text: event.data.text, redacted: event.data.redacted });
		}
		if (event.type === 'contribution.hidden') this.mine?.mark(event.data.id, 'notShown');
		if (event.type === 'controls.changed') this.skewMs = event.data.serverNow - Date.now();
		this.#clearStaleAck();
		return applied;
	}

	/**
	 * The facilitator moved on while this person was writing: the field is gone with its phase, and words only
	 * typed were never sent (the server takes late only what was sent in the phase, from a phone's queue). Say
	 * so calmly, and give the words back to read or copy, rather than keep them out of sight in a hidden draft.
	 */
	#movedOnWhileTyping(before: OpenFields | null, after: OpenFields): void {
		// A pause closes the fields for a while only: the draft waits in its field until the meeting goes on.
		if (!before || before.paused || after.paused || before.phase === after.phase) return;
		const closed = [
			{ open: before.accepts.concern && !after.accepts.concern, draft: this.concernDraft, kind: 'concern' },
			{
				open: before.accepts.proposal && !after.accepts.proposal,
				draft: this.proposalDraft,
				kind: 'proposal'
			}
		] as const;
		for (const { open, draft, kind } of closed) {
			const text = draft?.value.trim() ?? '';
			if (!open || !draft || !text) continue;
			this.notice = {
				text: kind === 'concern' ? m.live_phone_moved_on_concern() : m.live_phone_moved_on_proposal(),
				lost: text
			};
			draft.clear();
			this.#reportTyping(false);
		}
	}

	#clearStaleAck(): void {
		if (this.ack && this.view?.controls.openPrompt !== this.#ackPrompt) this.ack = null;
	}

	// ------------------------------------------------------------------------------------------------------------
	// Getting started
	// ------------------------------------------------------------------------------------------------------------

	goTo(step: Step): void {
		this.step = step;
		if (this.sessionId) writeJson(sessionKey(this.sessionId, 'step'), step);
	}

	skip(prompt: Prompt): void {
		this.skipped = [...this.skipped, prompt];
		if (this.sessionId) writeJson(sessionKey(this.sessionId, 'skipped'), this.skipped);
	}

	/** Asks skipped prompts again (the check-out questions someone wants to answer after all). */
	unskip(prompts: readonly Prompt[]): void {
		this.skipped = this.skipped.filter((p) => !prompts.includes(p));
		if (this.sessionId) writeJson(sessionKey(this.sessionId, 'skipped'), this.skipped);
	}

	// ------------------------------------------------------------------------------------------------------------
	// Sending
	// ------------------------------------------------------------------------------------------------------------

	/** A concern or proposal: saved on the phone, listed as mine, its field emptied; the queue sends it. */
	sendContribution(
		kind: 'concern' | 'proposal',
		text: string,
		extra: { proposedRole?: string; resources?: string } = {}
	) {
		if (!this.outbox || !this.mine) return;
		this.notice = null;
		// Where the phone is now: if the queue can only send it after the facilitator moved on (no Wi-Fi), the
		// server still takes it into this phase's list, marked late.
		const phase = this.view?.phase;
		const writtenIn = phase && isLivePhase(phase) ? { writtenIn: { phase, seq: this.view?.seq ?? 0 } } : {};
		const item = this.outbox.submit('contribution', { kind, text, ...extra, ...writtenIn });
		this.mine.add({ clientRequestId: item.clientRequestId, kind, text });
		if (kind === 'concern') this.concernDraft?.clear();
		else {
			this.proposalDraft?.clear();
			this.roleDraft?.clear();
			this.resourcesDraft?.clear();
		}
		this.#reportTyping(false);
	}

	/** Queues an answer; a consent answer carries the draft version it was given on (`extra.draftVersion`). */
	answer(prompt: Prompt, value: string | number, extra: AnswerExtra = {}): void {
		if (!this.outbox) return;
		this.notice = null;
		this.outbox.submit('response', { prompt, value, ...extra });
		if (prompt === 'groundRules.affirm' && this.step !== 'done') this.goTo('done');
		if (prompt === 'consent' && extra.draftVersion !== undefined) {
			this.consentVersion = extra.draftVersion;
			if (this.sessionId) writeJson(sessionKey(this.sessionId, 'consentVersion'), extra.draftVersion);
			// The agreement this answer was given on: the public draft, kept to show what changes after.
			const seen = this.view?.agreement?.commitments ?? null;
			this.consentSeen = seen;
			if (this.sessionId) writeJson(sessionKey(this.sessionId, 'consentSeen'), seen);
		}
		if (!SHOWS_OWN_ANSWER.has(prompt)) {
			this.ack = m.live_phone_answered();
			this.#ackPrompt = prompt;
			if (this.#ackTimer) clearTimeout(this.#ackTimer);
			this.#ackTimer = setTimeout(() => (this.ack = null), 6_000);
		}
		if (prompt === 'role.named') this.roleNameDraft?.clear();
	}

	endorse(contributionId: string): void {
		if (!this.outbox) return;
		this.notice = null;
		this.outbox.submit('endorsement', { contributionId });
	}

	withdraw(contributionId: string): void {
		if (!this.outbox) return;
		this.notice = null;
		this.outbox.submit('withdrawal', { contributionId });
	}

	/** The answer waiting in the queue for this prompt, if any. */
	pendingAnswer(prompt: Prompt): string | null {
		const item = this.outbox?.items.findLast((i) => i.kind === 'response' && i.body.prompt === prompt);
		return item ? String(item.body.value) : null;
	}

	/** The consent answer waiting in the queue, with the draft version it was given on. */
	pendingConsent(): { value: string; version: number } | null {
		const item = this.outbox?.items.findLast((i) => i.kind === 'response' && i.body.prompt === 'consent');
		return item ? { value: String(item.body.value), version: Number(item.body.draftVersion) } : null;
	}

	pendingSupport(contributionId: string): 'endorsement' | 'withdrawal' | null {
		const item = this.outbox?.items.findLast(
			(i) => (i.kind === 'endorsement' || i.kind === 'withdrawal') && i.body.contributionId === contributionId
		);
		return item ? (item.kind as 'endorsement' | 'withdrawal') : null;
	}

	/** Endorsements left, counting what waits in the queue, so the cap holds while offline too. */
	supportLeft(): number {
		if (!this.view) return 0;
		let left = this.view.endorsementsLeft;
		for (const item of this.outbox?.items ?? []) {
			if (item.kind === 'endorsement') left -= 1;
			if (item.kind === 'withdrawal') left += 1;
		}
		return Math.max(0, Math.min(this.view.endorsementCap, left));
	}

	#sent(item: OutboxItem, response: unknown): void {
		const body = (response && typeof response === 'object' ? response : {}) as {
			id?: unknown;
			endorsementsLeft?: unknown;
		};
		const view = this.view;
		if (item.kind === 'contribution' && typeof body.id === 'string') {
			this.mine?.confirmed(item.clientRequestId, body.id);
			this.mine?.reconcile(this.#shown());
		}
		if (item.kind === 'response' && view) {
			const prompt = item.body.prompt as Prompt;
			// A consent answer counts for the version it was given on only (a retry may confirm an older one).
			if (prompt !== 'consent' || item.body.draftVersion === view.agreement?.version) {
				view.myAnswers[prompt] = String(item.body.value);
			}
			if (prompt === 'groundRules.affirm') view.affirmed = item.body.value === 'yes';
		}
		if ((item.kind === 'endorsement' || item.kind === 'withdrawal') && view) {
			const proposal = view.proposals.find((p) => p.id === item.body.contributionId);
			if (proposal) proposal.endorsedByMe = item.kind === 'endorsement';
			if (typeof body.endorsementsLeft === 'number') view.endorsementsLeft = body.endorsementsLeft;
		}
	}

	#rejected(rejection: Rejection): void {
		const { item, code, detail } = rejection;
		const movedOn =
			code === 'wrongPhase' || code === 'promptNotOpen' || code === 'paused' || code === 'sessionClosed';
		if (item.kind === 'response' && code === 'draftChanged') {
			const view = this.view;
			// An older answer refused while this phone already answered the version on screen: nothing to ask again.
			const current = view?.agreement?.version;
			const answeredNow = this.pendingConsent()?.version === current || view?.myAnswers.consent !== undefined;
			if (current !== undefined && item.body.draftVersion !== current && answeredNow) return;
			this.notice = { text: m.agr_phone_draft_changed_notice(), draftChanged: true };
			// This phone has not seen the new version yet: stop showing the old answer and fetch the new draft.
			if (view && view.agreement?.version === item.body.draftVersion) {
				delete view.myAnswers.consent;
				this.stream?.resync();
			}
			return;
		}
		if (item.kind !== 'contribution') {
			this.notice = {
				text: movedOn
					? m.live_outbox_moved_on_short()
					: detail
						? m.live_outbox_refused({ reason: detail })
						: m.live_outbox_refused_plain()
			};
			return;
		}
		this.mine?.dropped(item.clientRequestId);
		const text = String(item.body.text ?? '');
		const kind = item.body.kind === 'proposal' ? 'proposal' : 'concern';
		const draft = kind === 'proposal' ? this.proposalDraft : this.concernDraft;
		// Put the words back; whatever was typed since stays after them.
		if (draft) draft.value = draft.value.trim() ? `${text}\n\n${draft.value}` : text;
		if (kind === 'proposal') {
			if (this.roleDraft && !this.roleDraft.value)
				this.roleDraft.value = String(item.body.proposedRole ?? '');
			if (this.resourcesDraft && !this.resourcesDraft.value) {
				this.resourcesDraft.value = String(item.body.resources ?? '');
			}
		}
		const fieldShown = kind === 'proposal' ? !!this.view?.accepts.proposal : !!this.view?.accepts.concern;
		const why = movedOn
			? fieldShown
				? m.live_outbox_moved_on()
				: m.live_outbox_moved_on_short()
			: `${detail ? m.live_outbox_refused({ reason: detail }) : m.live_outbox_refused_plain()}${fieldShown ? ` ${m.live_outbox_text_back()}` : ''}`;
		this.notice = { text: why, lost: fieldShown ? undefined : text };
	}

	// ------------------------------------------------------------------------------------------------------------
	// Typing (so the facilitator does not move on while someone is still writing)
	// ------------------------------------------------------------------------------------------------------------

	typed(hasText: boolean): void {
		if (!hasText) return this.#reportTyping(false);
		if (this.#typing && Date.now() - this.#lastTyping < TYPING_EVERY_MS) return;
		this.#reportTyping(true);
	}

	/**
	 * Tells the console that this phone holds submissions it could not send (the queue stalled), renewed while it
	 * lasts, so the facilitator can wait before moving on. Best effort: from a phone without Wi-Fi it arrives when
	 * any connection does, and the server's count forgets it after a minute.
	 */
	#reportQueue(): void {
		const queued = Boolean(this.outbox?.stalled && this.outbox.items.length > 0);
		const renew = queued && Date.now() - this.#lastQueued > QUEUE_RENEW_MS;
		if (!this.sessionId || (queued === this.#queued && !renew && !this.#presenceStale)) return;
		this.#queued = queued;
		this.#lastQueued = Date.now();
		this.#sendPresence();
	}

	/** Asks the facilitator for a pause, anonymously, or takes the request back. */
	async askForMoment(asking: boolean): Promise<void> {
		if (!this.sessionId) return;
		this.momentFailed = false;
		try {
			const response = await fetch(`/api/v1/sessions/${encodeURIComponent(this.sessionId)}/pause-request`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ asking })
			});
			if (!response.ok) throw new Error(String(response.status));
			this.askedForMoment = asking;
		} catch {
			this.momentFailed = true;
		}
	}

	#reportTyping(typing: boolean): void {
		if (!this.sessionId || (!typing && !this.#typing)) return;
		this.#typing = typing;
		this.#lastTyping = Date.now();
		this.#sendPresence();
	}

	/**
	 * Sends this phone's state (typing, holding texts) with one report in flight at a time. Two requests in flight
	 * may arrive in either order, and a "stopped" that overtook its "typing" left the console counting a phone
	 * that had stopped until the report expired. A change made meanwhile goes in one report once the first is
	 * answered. Best effort: a lost report only makes the console's count a little off for a few seconds; after
	 * one is lost, the state is said again at the next queue check.
	 */
	#sendPresence(): void {
		if (!this.sessionId) return;
		if (this.#presenceInFlight) {
			this.#presenceAgain = true;
			return;
		}
		this.#presenceInFlight = true;
		const queued = this.#queued;
		fetch(`/api/v1/sessions/${encodeURIComponent(this.sessionId)}/typing`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ typing: this.#typing, queued }),
			keepalive: true
		})
			.then((response) => {
				if (!response.ok) throw new Error(String(response.status));
				this.#presenceStale = false;
			})
			.catch(() => {
				this.#presenceStale = true;
			})
			.finally(() => {
				this.#presenceInFlight = false;
				if (!this.#presenceAgain) return;
				this.#presenceAgain = false;
				this.#sendPresence();
			});
	}

	/** Leaving the page: said at once, whatever is in flight (the page will not wait for an answer). */
	#leaving(): void {
		if (!this.sessionId || !this.#typing) return;
		this.#typing = false;
		fetch(`/api/v1/sessions/${encodeURIComponent(this.sessionId)}/typing`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ typing: false }),
			keepalive: true
		}).catch(() => undefined);
	}
}
