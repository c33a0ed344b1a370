/**
 * The server's clock for durations. The wall clock can jump (an NTP correction on a laptop, a dead CMOS battery
 * set right after start): a duration measured with it can come out negative or an hour long. This clock reads
 * the wall clock once, when the process starts, and from then on only moves with the monotonic clock, so it
 * never goes backwards and never jumps.
 *
 * Use it for durations (timers, rate windows, expiries), never for records (`createdAt`, report dates), which
 * stay on the wall clock. Order inside a session is told by the session's sequence numbers, never by either.
 */
import { performance } from 'node:perf_hooks';

const anchor = Date.now() - performance.now();

/** Milliseconds on a clock that never goes backwards; near the wall clock as it was when the process started. */
export function monotonicNow(): number {
	return Math.round(anchor + performance.now());
}
