/**
 * The console's live state and its one way of changing anything: a command to the JSON API. The view comes
 * from the server (first with the page, then from the stream's snapshots and events); commands never change
 * it locally, they wait for the event, so two facilitators on two laptops always see the same thing.
 */
import type { SessionPhase, Value } from '$lib/dialogue';
import { phaseLabel } from '$lib/components/live/phases';
import { applyConsoleEvent } from '$lib/live/client/apply';
import { LiveStream } from '$lib/live/client/events.svelte';
import type { CommandResult, ConsoleView, UnmetValues } from '$lib/live/types';
import { m } from '$lib/paraglide/messages';

export type CommandBody = { type: string } & Record<string, unknown>;

export interface Problem {
	status: number;
	code: string | null;
	detail: string;
	/** For a refused advance (409 valuesUnmet): each unmet value with its reasons. */
	unmet?: UnmetValues['unmet'];
	errors?: Record<string, string>;
}

/** Refusals meaning the console showed an older state than the server has: the view is fetched again. */
const STALE_VIEW = new Set([
	'phaseMoved',
	'staleRevision',
	'draftChanged',
	'consentResolvedMeanwhile',
	// The talking piece moved on, or its round ended, from another console (issue 11).
	'speakingMoved',
	'speakingRoundEnded'
]);

export type Outcome = { ok: true; result: CommandResult } | { ok: false; problem: Problem };

export class ConsoleSession {
	view = $state<ConsoleView>() as ConsoleView;
	skewMs = $state(0);
	/** The last failed command, said in words at the top of the console. */
	failure = $state<string | null>(null);
	refused = $state(false);
	/** Commands on their way (buttons show they are busy and are not pressed twice). */
	busy = $state(0);
	/** New projector links made since this page loaded (by this console or another): the room panel compares. */
	displayRotations = $state(0);
	stream: LiveStream<ConsoleView>;

	constructor(initial: ConsoleView) {
		this.view = initial;
		this.skewMs = initial.serverNow - Date.now();
		this.stream = new LiveStream<ConsoleView>({
			sessionId: initial.sessionId,
			onSnapshot: (view) => {
				this.view = view;
				this.skewMs = view.serverNow - Date.now();
			},
			onEvent: (event) => {
				if (event.type === 'controls.changed') this.skewMs = event.data.serverNow - Date.now();
				if (event.type === 'display.rotated') this.displayRotations += 1;
				return applyConsoleEvent(this.view, event);
			},
			onExtra: (message) => {
				if (message.type === 'values') this.view.check = message.check;
				if (message.type === 'presence') {
					this.view.participants.connected = message.connected;
					this.view.participants.typing = message.typing;
					this.view.participants.queued = message.queued;
					this.view.participants.pauseRequests = message.pauseRequests;
				}
			},
			onRefused: () => (this.refused = true)
		});
	}

	start(): void {
		this.stream.start();
	}

	stop(): void {
		this.stream.stop();
	}

	/** Sends one command. Failures are also put into `failure` unless the caller handles them (`quiet`). */
	async command(body: CommandBody, options: { quiet?: boolean } = {}): Promise<Outcome> {
		this.busy += 1;
		if (!options.quiet) this.failure = null;
		try {
			const response = await fetch(`/api/v1/sessions/${encodeURIComponent(this.view.sessionId)}/commands`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body),
				cache: 'no-store'
			});
			const json: unknown = await response.json().catch(() => null);
			if (response.ok) return { ok: true, result: json as CommandResult };
			const raw = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
			const problem: Problem = {
				status: response.status,
				code: typeof raw.code === 'string' ? raw.code : null,
				detail: typeof raw.detail === 'string' ? raw.detail : m.live_console_failed_plain(),
				unmet: Array.isArray(raw.unmet) ? (raw.unmet as UnmetValues['unmet']) : undefined,
				errors:
					raw.errors && typeof raw.errors === 'object' ? (raw.errors as Record<string, string>) : undefined
			};
			if (response.status === 409 && problem.code && STALE_VIEW.has(problem.code)) {
				const state = raw.state as { phase?: SessionPhase } | undefined;
				if (problem.code === 'phaseMoved' && state?.phase) {
					// Said the same way whichever panel pressed it, and at the top even when that panel handles it.
					problem.detail = m.live_console_phase_moved({ phase: phaseLabel(state.phase) });
					this.failure = problem.detail;
				}
				this.stream.resync();
			}
			if (!options.quiet) this.failure = m.live_console_failed({ reason: problem.detail });
			if (response.status === 401) this.refused = true;
			return { ok: false, problem };
		} catch {
			const problem: Problem = { status: 0, code: null, detail: m.live_console_failed_plain() };
			if (!options.quiet) this.failure = problem.detail;
			return { ok: false, problem };
		} finally {
			this.busy -= 1;
		}
	}

	/**
	 * Moves on from the phase this console shows; on a refusal the caller shows the unmet values and offers
	 * overrides. Naming the phase makes a second press (or a second console) a 409 instead of a second step.
	 */
	advance(overrides?: Partial<Record<Value, string>>): Promise<Outcome> {
		// What the console has seen: contributions that reach the queue after it do not hold the advance back.
		return this.command(
			{
				type: 'phase.advance',
				from: this.view.phase,
				seenSeq: Math.max(this.view.seq, this.stream.lastSeq),
				...(overrides ? { overrides } : {})
			},
			{ quiet: true }
		);
	}
}
