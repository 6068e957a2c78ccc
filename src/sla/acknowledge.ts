/**
 * Acknowledging a timer cycle (Slack's Acknowledge button): records who took it on, once,
 * and re-plans the ticket's checkpoint without the reminders and repeats that stop with it.
 * Pure like `apply` and `tick`: the clock is `now`, the input is never mutated.
 */
import { settle } from './due.js';
import { stampOutcomes } from './outcomes.js';
import type { Metric, SlaRules } from './rules.js';
import type { Acknowledgement, ApplyResult, ClockChange, TicketState } from './state.js';

/** Which timer cycle, and who acknowledges it. */
export interface AcknowledgeRequest {
  metric: Metric;
  cycle: number;
  userId: string;
  userName: string | null;
}

/**
 * What became of an acknowledgement: `recorded` now, `already` acknowledged (by whoever was
 * first; nothing changes), or the cycle is `ended` (achieved or cancelled: nothing to stop)
 * or `unknown` on this ticket.
 */
export type AcknowledgeOutcome =
  | { kind: 'recorded'; ack: Acknowledgement; result: ApplyResult }
  | { kind: 'already'; ack: Acknowledgement }
  | { kind: 'ended'; status: 'achieved' | 'cancelled' }
  | { kind: 'unknown' };

/** Acknowledges the timer cycle at `now`; only a first acknowledgement of a running cycle changes the state. */
export function acknowledge(prev: TicketState, req: AcknowledgeRequest, rules: SlaRules, now: number): AcknowledgeOutcome {
  const found = prev.timers.find((t) => t.metric === req.metric && t.cycle === req.cycle);
  if (found === undefined) return { kind: 'unknown' };
  if (found.acknowledged !== undefined) return { kind: 'already', ack: found.acknowledged };
  if (found.status !== 'active') return { kind: 'ended', status: found.status };
  const s = structuredClone(prev);
  const timer = s.timers.find((t) => t.metric === req.metric && t.cycle === req.cycle)!;
  const ack: Acknowledgement = { at: now, userId: req.userId, userName: req.userName };
  timer.acknowledged = ack;
  const changes: ClockChange[] = [{ kind: 'acknowledged', metric: timer.metric, cycle: timer.cycle, at: now, detail: ackDetail(ack) }];
  // Re-planned with the acknowledgement: the checkpoint moves off skipped reminders and repeats.
  const { notices, checkpointAt } = settle(s, rules, now, changes);
  stampOutcomes(prev, s, rules, now);
  return { kind: 'recorded', ack, result: { state: s, effects: { duplicate: false, changes, notices, checkpointAt } } };
}

/** `U0123ABC (dana)`: the history's detail of an acknowledgement. */
export function ackDetail(ack: Pick<Acknowledgement, 'userId' | 'userName'>): string {
  return ack.userName === null ? ack.userId : `${ack.userId} (${ack.userName})`;
}
