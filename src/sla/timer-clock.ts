/**
 * Reading a timer's clock: how much business time it has counted at an instant, and at
 * which instant it will have counted a given amount. A timer counts during its spans
 * minus the ticket's pauses, in its calendar's business time.
 */
import type { BusinessCalendar } from '../clock/index.js';
import type { Span, TimerState } from './state.js';

/** Real intervals `[from, to)` during which a timer counts; `to` is Infinity while open. */
export function countingRuns(spans: readonly Span[], pauses: readonly Span[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const [from, to] of spans) {
    let cursor = from;
    const end = to ?? Infinity;
    for (const [pFrom, pTo] of pauses) {
      const pEnd = pTo ?? Infinity;
      if (pEnd <= cursor || pFrom >= end) continue;
      if (pFrom > cursor) runs.push([cursor, pFrom]);
      cursor = Math.max(cursor, pEnd);
      if (cursor >= end) break;
    }
    if (cursor < end) runs.push([cursor, end]);
  }
  return runs;
}

/** Business time the timer has counted before instant `at`. */
export function elapsedAt(timer: TimerState, pauses: readonly Span[], calendar: BusinessCalendar, at: number): number {
  const useBase = timer.base !== null && at >= timer.base.at;
  const from = useBase ? timer.base!.at : -Infinity;
  let acc = useBase ? timer.base!.elapsedMs : 0;
  for (const [a, b] of countingRuns(timer.spans, pauses)) {
    const lo = Math.max(a, from);
    const hi = Math.min(b, at);
    if (hi > lo) acc += calendar.businessTimeBetween(lo, hi);
  }
  return acc;
}

/**
 * The instant at which the timer's counted business time reaches `amountMs`, or null if it
 * will not while the ticket stays as it is (paused or stopped before then). Amounts already
 * counted before a retarget resolve to the retarget instant: they are reached "now".
 */
export function instantAtElapsed(timer: TimerState, pauses: readonly Span[], calendar: BusinessCalendar, amountMs: number): number | null {
  let acc = 0;
  let from = -Infinity;
  if (timer.base !== null) {
    if (amountMs <= timer.base.elapsedMs) return timer.base.at;
    acc = timer.base.elapsedMs;
    from = timer.base.at;
  }
  for (const [a, b] of countingRuns(timer.spans, pauses)) {
    const lo = Math.max(a, from);
    if (b <= lo) continue;
    if (b === Infinity) return calendar.addBusinessTime(lo, amountMs - acc);
    const counted = calendar.businessTimeBetween(lo, b);
    if (acc + counted >= amountMs) return calendar.addBusinessTime(lo, amountMs - acc);
    acc += counted;
  }
  return null;
}

/** True while the timer counts at `at`: active, and the ticket not paused then. */
export function isCountingAt(timer: TimerState, pauses: readonly Span[], at: number): boolean {
  if (timer.status !== 'active') return false;
  return countingRuns(timer.spans, pauses).some(([a, b]) => a <= at && at < b);
}
