/** Notices for notify tests: a first-response timer of ticket generic/T-42, due Tue 24 Nov 2026 10:30 Berlin. */
import type { AlertAt, AlertNotice, NotifyTarget, OutcomeNotice, TimerFacts, WriteBackKind } from '../../../src/sla/index.js';

export const DUE_AT = Date.UTC(2026, 10, 24, 9, 30); // 10:30 CET

export function facts(over: Partial<TimerFacts> = {}): TimerFacts {
  return {
    source: 'generic',
    ticketId: 'T-42',
    subject: 'Checkout is down',
    url: 'https://help.example.com/T-42',
    assignee: 'Dana',
    group: 'Tier 1',
    severityId: 'sev1',
    severityName: 'Critical',
    policyId: 'enterprise',
    metric: 'first_response',
    cycle: 1,
    targetMs: 3_600_000,
    remainingMs: 900_000,
    dueAt: DUE_AT,
    zone: 'Europe/Berlin',
    ...over,
  };
}

const KEYS: Record<AlertAt['kind'], (at: AlertAt) => string> = {
  percent: (at) => `${(at as { percent: number }).percent}%`,
  before: () => '15m before',
  breach: () => 'breach',
  after: () => '1h after breach',
};

/** An alert of the timer; its id follows the domain's `<cycle id>/<alert key>`. */
export function alert(at: AlertAt, over: { facts?: Partial<TimerFacts>; targets?: NotifyTarget[]; dueAt?: number; writeBack?: WriteBackKind[] } = {}): AlertNotice {
  const f = facts(over.facts);
  const key = KEYS[at.kind](at);
  const remainingMs = at.kind === 'percent' ? f.targetMs * (1 - at.percent / 100) : at.kind === 'before' ? at.ms : at.kind === 'breach' ? 0 : -at.ms;
  return {
    kind: 'alert',
    id: `${f.source}/${f.ticketId}/${f.metric}/${f.cycle}/${key}`,
    alertKey: key,
    at,
    dueAt: over.dueAt ?? DUE_AT - remainingMs,
    targets: over.targets ?? [{ slack: '#support-leads', mention: [] }],
    ...(over.writeBack === undefined ? {} : { writeBack: over.writeBack }),
    facts: { ...f, remainingMs: over.facts?.remainingMs ?? remainingMs },
  };
}

export function outcome(kind: OutcomeNotice['outcome'], endedAt: number, over: Partial<TimerFacts> = {}, reason: string | null = kind === 'cancelled' ? 'ticket solved without a reply' : null): OutcomeNotice {
  const f = facts({ dueAt: null, remainingMs: DUE_AT - endedAt, ...over });
  return { kind: 'outcome', id: `${f.source}/${f.ticketId}/${f.metric}/${f.cycle}/outcome/${kind}/${endedAt}`, outcome: kind, endedAt, reason, facts: f };
}
