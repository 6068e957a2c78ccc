/**
 * Offline replay: recorded ticket events folded through `apply` exactly as the events worker
 * would, then a final `tick` at `now`. For audits, and for trying a changed policy on last
 * month's tickets before it goes live.
 */
import type { TicketEvent } from '../events.js';
import { apply, tick } from './apply.js';
import { METRICS, type Metric, type SlaRules } from './rules.js';
import type { TicketState } from './state.js';
import { viewTimers, type TimerView } from './timer-view.js';

export interface ReplayedTicket {
  state: TicketState;
  /** The timers at `now`. */
  views: TimerView[];
  /** Events applied to this ticket (duplicates by event id included). */
  events: number;
  duplicates: number;
}

/** Outcomes of timer cycles: met = achieved in time; breached = past due (ended or still running); open = running or paused within target. */
export interface ReplayCounts {
  met: number;
  breached: number;
  cancelled: number;
  open: number;
  /** `met / (met + breached)` in percent, one decimal; null when nothing was decided yet. */
  percentMet: number | null;
}

export interface ReplayResult {
  now: number;
  events: number;
  /** In the order each ticket first appears. */
  tickets: ReplayedTicket[];
  /** Per metric (only metrics that had timers), and `all`. */
  summary: Partial<Record<Metric, ReplayCounts>> & { all: ReplayCounts };
}

/**
 * Replays `events` in the given order. Each event is processed at its own `occurredAt`, never
 * earlier than the previous event of its ticket (the live worker's clock never runs back).
 * `now` defaults to the latest event instant and may not be earlier than it.
 */
export function replayEvents(events: readonly TicketEvent[], rules: SlaRules, now?: number): ReplayResult {
  const latest = events.reduce((max, e) => Math.max(max, e.occurredAt), -Infinity);
  const at = now ?? latest;
  if (!Number.isFinite(at)) throw new RangeError('nothing to replay: no events and no now');
  if (at < latest) throw new RangeError(`now (${new Date(at).toISOString()}) is before the latest event (${new Date(latest).toISOString()})`);
  const byTicket = new Map<string, { state: TicketState | undefined; clock: number; events: number; duplicates: number }>();
  for (const event of events) {
    const key = `${event.source}\u0000${event.ticket.id}`;
    const entry = byTicket.get(key) ?? { state: undefined, clock: -Infinity, events: 0, duplicates: 0 };
    entry.clock = Math.max(entry.clock, event.occurredAt);
    const result = apply(entry.state, event, rules, entry.clock);
    entry.state = result.state;
    entry.events++;
    if (result.effects.duplicate) entry.duplicates++;
    byTicket.set(key, entry);
  }
  const tickets: ReplayedTicket[] = [];
  for (const entry of byTicket.values()) {
    if (entry.state === undefined) continue;
    const state = tick(entry.state, rules, at).state;
    tickets.push({ state, views: viewTimers(state, rules, at), events: entry.events, duplicates: entry.duplicates });
  }
  return { now: at, events: events.length, tickets, summary: countReplayOutcomes(tickets.flatMap((t) => t.views)) };
}

/** Counts outcomes per metric and overall. */
export function countReplayOutcomes(views: readonly TimerView[]): ReplayResult['summary'] {
  const all = emptyCounts();
  const perMetric = new Map<Metric, ReplayCounts>();
  for (const view of views) {
    const counts = perMetric.get(view.metric) ?? emptyCounts();
    perMetric.set(view.metric, counts);
    const key = view.state === 'achieved' ? 'met' : view.state === 'breached' || view.state === 'breached_achieved' ? 'breached' : view.state === 'cancelled' ? 'cancelled' : 'open';
    counts[key]++;
    all[key]++;
  }
  const summary: ReplayResult['summary'] = { all: withPercent(all) };
  for (const metric of METRICS) {
    const counts = perMetric.get(metric);
    if (counts !== undefined) summary[metric] = withPercent(counts);
  }
  return summary;
}

function emptyCounts(): ReplayCounts {
  return { met: 0, breached: 0, cancelled: 0, open: 0, percentMet: null };
}

function withPercent(c: ReplayCounts): ReplayCounts {
  const decided = c.met + c.breached;
  return { ...c, percentMet: decided === 0 ? null : Math.round((c.met / decided) * 1000) / 10 };
}
