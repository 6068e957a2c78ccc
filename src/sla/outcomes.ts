/**
 * Outcome records for reports, derived purely from ticket states.
 *
 * When a timer ends, `stampOutcomes` fixes on it how it ended (achieved in time, late or
 * cancelled, the business time it counted) and what it counted for (severity, policy, group,
 * assignee, organization) as the ticket stood then. A record is a function of that stamp
 * alone, so a later reassignment, priority change or calendar edit never moves an outcome
 * between report groups, and a timer that ended before stamps existed is never retracted
 * without having been recorded. `outcomeDelta(prev, next)` says what to add to and subtract
 * from the aggregates when a ticket goes from one state to the next.
 */
import type { Metric, SlaRules } from './rules.js';
import type { TicketState, TimerOutcome, TimerState } from './state.js';
import { timerId } from './due.js';
import { viewTimer } from './timer-view.js';

/** How an ended timer ended: `achieved` in time, `breached_achieved` late, or `cancelled`. */
export type OutcomeKind = TimerOutcome['kind'];

/** One ended timer cycle as reports count it; `sign: -1` retracts a record added earlier. */
export interface OutcomeRecord {
  /** `<source>/<ticketId>/<metric>/<cycle>`. */
  timer: string;
  sign: 1 | -1;
  outcome: OutcomeKind;
  endedAt: number;
  startedAt: number;
  metric: Metric;
  cycle: number;
  severityId: string;
  policyId: string | null;
  group: string | null;
  assignee: string | null;
  organization: string | null;
  source: string;
  /** Business time counted up to the end, in the timer's calendar. */
  businessMs: number;
  /** Real time from start to end (a resumed resolution includes the time it was solved). */
  wallMs: number;
  targetMs: number;
  /** `max(0, businessMs − targetMs)`. */
  overdueMs: number;
  /** The config version the timer's target came from. */
  configVersion: string | null;
}

/**
 * Stamps timers of `s` that ended (or ended differently) since `prev`, and clears the stamp of
 * timers that run again (a resumed resolution). Edits the draft `s` in place; call it after the
 * breaches are settled, so a late end is stamped late.
 */
export function stampOutcomes(prev: TicketState | undefined, s: TicketState, rules: SlaRules, now: number): void {
  for (const timer of s.timers) {
    if (timer.status === 'active') {
      delete timer.outcome;
      continue;
    }
    const before = prev?.timers.find((t) => t.metric === timer.metric && t.cycle === timer.cycle);
    // Unchanged since `prev`: keep its stamp, or its lack of one (ended before stamps existed).
    if (before !== undefined && before.status === timer.status && before.endedAt === timer.endedAt) continue;
    timer.outcome = outcomeOf(s, timer, rules, now);
  }
}

function outcomeOf(s: TicketState, timer: TimerState, rules: SlaRules, now: number): TimerOutcome {
  const view = viewTimer(s, timer, rules, now);
  return {
    kind: view.state === 'breached_achieved' ? 'breached_achieved' : view.state === 'cancelled' ? 'cancelled' : 'achieved',
    businessMs: view.elapsedMs,
    severityId: timer.terms?.severityId ?? s.severityId,
    policyId: timer.terms?.policyId ?? s.policyId,
    group: s.ticket.group,
    assignee: s.ticket.assignee,
    organization: s.ticket.organization,
    configVersion: timer.terms?.configVersion ?? s.configVersion,
  };
}

/** The records of a state's stamped, ended timers (all with `sign: 1`). */
export function outcomeRecords(s: TicketState): OutcomeRecord[] {
  const out: OutcomeRecord[] = [];
  for (const timer of s.timers) {
    const o = timer.outcome;
    if (timer.status === 'active' || o === undefined || timer.endedAt === null) continue;
    out.push({
      timer: timerId(s, timer),
      sign: 1,
      outcome: o.kind,
      endedAt: timer.endedAt,
      startedAt: timer.startedAt,
      metric: timer.metric,
      cycle: timer.cycle,
      severityId: o.severityId,
      policyId: o.policyId,
      group: o.group,
      assignee: o.assignee,
      organization: o.organization,
      source: s.source,
      businessMs: o.businessMs,
      wallMs: timer.endedAt - timer.startedAt,
      targetMs: timer.targetMs,
      overdueMs: Math.max(0, o.businessMs - timer.targetMs),
      configVersion: o.configVersion,
    });
  }
  return out;
}

/**
 * What reports must add and subtract when a ticket goes from `prev` to `next`: for each timer
 * whose record changed, the old record with `sign: -1` (built from `prev`, so it subtracts
 * exactly what was added) and the new one with `sign: 1`. Empty when no outcome changed.
 */
export function outcomeDelta(prev: TicketState | undefined, next: TicketState): OutcomeRecord[] {
  const before = new Map((prev === undefined ? [] : outcomeRecords(prev)).map((r) => [r.timer, r]));
  const out: OutcomeRecord[] = [];
  for (const record of outcomeRecords(next)) {
    const old = before.get(record.timer);
    before.delete(record.timer);
    if (old !== undefined && sameRecord(old, record)) continue;
    if (old !== undefined) out.push({ ...old, sign: -1 });
    out.push(record);
  }
  // Timers recorded before and no longer ended (resumed), or gone.
  for (const old of before.values()) out.push({ ...old, sign: -1 });
  return out;
}

function sameRecord(a: OutcomeRecord, b: OutcomeRecord): boolean {
  for (const key of Object.keys(a) as Array<keyof OutcomeRecord>) if (a[key] !== b[key]) return false;
  return true;
}
