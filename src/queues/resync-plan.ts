/**
 * Which open tickets of a source the resync reads this run (pure: the clock is a parameter).
 *
 * A ticket is due when nothing was heard of it for `after`: no event applied (`lastEventAt`)
 * and no read by an earlier run (`checkedAt`). Counting the reads matters: a ticket that is
 * simply quiet (waiting on the customer for days) reads the same every time, and without it
 * the same oldest tickets would fill every run's cap while the others were never read.
 * Oldest first, so the tickets silent the longest are read first; at most `maxPerRun`.
 */

/** An open ticket of the source, from the active index. */
export interface ResyncCandidate {
  ticketId: string;
  /** `occurredAt` of the newest event applied to it (epoch ms). */
  lastEventAt: number;
}

export interface ResyncPlanSettings {
  afterMs: number;
  maxPerRun: number;
}

/** The ticket ids to read, oldest news first. `checkedAt` gives when an earlier run read a ticket. */
export function planResync(candidates: readonly ResyncCandidate[], checkedAt: ReadonlyMap<string, number>, settings: ResyncPlanSettings, now: number): string[] {
  const cutoff = now - settings.afterMs;
  const due: Array<{ ticketId: string; heardAt: number }> = [];
  for (const c of candidates) {
    const heardAt = Math.max(c.lastEventAt, checkedAt.get(c.ticketId) ?? Number.NEGATIVE_INFINITY);
    if (heardAt <= cutoff) due.push({ ticketId: c.ticketId, heardAt });
  }
  // Ties by id: the same input always gives the same plan.
  due.sort((a, b) => a.heardAt - b.heardAt || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  return due.slice(0, Math.max(0, settings.maxPerRun)).map((d) => d.ticketId);
}
