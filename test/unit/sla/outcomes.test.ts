/**
 * Outcome records: which steps add a record, which retract one, and that a record is fixed when
 * its timer ends. Calendar 24x7 UTC, so business time is wall time; first response 1h,
 * resolution 8h, next response 2h (sev3); sev1 first response 15m.
 */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/events.js';
import { apply, type TicketState } from '../../../src/sla/index.js';
import { outcomeDelta, outcomeRecords, type OutcomeRecord } from '../../../src/sla/outcomes.js';
import { MINUTE, ms, rulesFixture, targets, ticketFixture } from '../../support/sla-fixtures.js';

const rules = rulesFixture({
  version: 'v3',
  policy: {
    calendarId: 'always',
    targets: {
      sev1: targets({ first_response: '15m', resolution: '8h' }, 'always'),
      sev3: targets({ first_response: '1h', next_response: '2h', resolution: '8h' }, 'always'),
    },
  },
});

/** `+ first_response/1 achieved 30m` (business minutes), plus `overdue` when late. */
function show(r: OutcomeRecord): string {
  const overdue = r.overdueMs > 0 ? ` overdue ${r.overdueMs / MINUTE}m` : '';
  return `${r.sign > 0 ? '+' : '-'} ${r.metric}/${r.cycle} ${r.outcome} ${r.businessMs / MINUTE}m${overdue}`;
}

type Ev = Parameters<ReturnType<typeof ticketFixture>['event']>[0];

/** Applies the events in order; returns the delta of each step. */
function deltas(events: Ev[], start?: TicketState): { state: TicketState; steps: string[][] } {
  const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00Z', group: 'Tier 1', assignee: 'Dana', organization: 'Acme' });
  let state = start;
  const steps: string[][] = [];
  for (const input of events) {
    const event: TicketEvent = tk.event(input);
    const next = apply(state, event, rules, Math.max(event.occurredAt, state?.lastEventAt ?? 0)).state;
    steps.push(outcomeDelta(state, next).map(show));
    state = next;
  }
  return { state: state!, steps };
}

const created: Ev = { id: 'e0', at: '2026-11-23T09:00:00Z' };

describe('outcomeDelta', () => {
  it.each<[string, Ev[], string[]]>([
    ['a new ticket: nothing ended', [created], []],
    ['a reply in time: first response met', [created, { id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }], ['+ first_response/1 achieved 30m']],
    ['a late reply: first response late, by how much', [created, { id: 'a1', at: '2026-11-23T10:20:00Z', comment: 'agent' }], ['+ first_response/1 breached_achieved 80m overdue 20m']],
    [
      'solved without a reply: first response cancelled, resolution achieved',
      [created, { id: 's1', at: '2026-11-23T09:40:00Z', status: 'solved' }],
      ['+ first_response/1 cancelled 40m', '+ resolution/1 achieved 40m'],
    ],
    [
      'reopened (resume): the resolution is retracted',
      [created, { id: 's1', at: '2026-11-23T10:00:00Z', status: 'solved' }, { id: 'o1', at: '2026-11-23T11:00:00Z', status: 'open' }],
      ['- resolution/1 achieved 60m'],
    ],
    [
      'reopened and solved again: the resolution is added again, without the solved hour',
      [created, { id: 's1', at: '2026-11-23T10:00:00Z', status: 'solved' }, { id: 'o1', at: '2026-11-23T11:00:00Z', status: 'open' }, { id: 's2', at: '2026-11-23T11:30:00Z', status: 'solved' }],
      ['+ resolution/1 achieved 90m'],
    ],
    [
      'a late reply moves the end earlier: old record out, new in',
      [created, { id: 'a2', at: '2026-11-23T10:30:00Z', comment: 'agent' }, { id: 'a1', at: '2026-11-23T09:50:00Z', comment: 'agent' }],
      ['- first_response/1 breached_achieved 90m overdue 30m', '+ first_response/1 achieved 50m'],
    ],
    [
      'the reply of the solving action delivered after the solve turns the cancellation into an achievement',
      [created, { id: 's1', at: '2026-11-23T09:45:00Z', status: 'solved' }, { id: 'a1', at: '2026-11-23T09:45:00Z', status: 'solved', comment: 'agent' }],
      ['- first_response/1 cancelled 45m', '+ first_response/1 achieved 45m'],
    ],
    [
      'next response cycles are recorded each',
      [created, { id: 'a1', at: '2026-11-23T09:10:00Z', comment: 'agent' }, { id: 'c1', at: '2026-11-23T09:20:00Z', comment: 'customer' }, { id: 'a2', at: '2026-11-23T12:20:00Z', comment: 'agent' }],
      ['+ next_response/1 breached_achieved 180m overdue 60m'],
    ],
    [
      'deleted: running timers are cancelled',
      [created, { id: 'd1', at: '2026-11-23T09:05:00Z', deleted: true }],
      ['+ first_response/1 cancelled 5m', '+ resolution/1 cancelled 5m'],
    ],
    [
      'a reassignment after the end moves nothing: the outcome is fixed as the ticket stood',
      [created, { id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }, { id: 'r1', at: '2026-11-23T10:00:00Z', assignee: 'Lee', group: 'Tier 2' }],
      [],
    ],
    [
      'a priority change after the end moves nothing either',
      [created, { id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }, { id: 'p1', at: '2026-11-23T10:00:00Z', priority: 'urgent' }],
      [],
    ],
  ])('%s', (_name, events, expected) => {
    expect(deltas(events).steps.at(-1)).toEqual(expected);
  });

  it('a redelivered event changes nothing', () => {
    const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00Z' });
    const e0 = tk.event(created);
    const a1 = tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' });
    const s1 = apply(apply(undefined, e0, rules, e0.occurredAt).state, a1, rules, a1.occurredAt).state;
    const again = apply(s1, a1, rules, a1.occurredAt + MINUTE);
    expect(again.effects.duplicate).toBe(true);
    expect(outcomeDelta(s1, again.state)).toEqual([]);
  });

  it('records what the timer counted for when it ended', () => {
    const { state } = deltas([created, { id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }, { id: 'r1', at: '2026-11-23T10:00:00Z', assignee: 'Lee', group: 'Tier 2' }]);
    expect(outcomeRecords(state)).toEqual([
      {
        timer: 'generic/T-1/first_response/1', sign: 1, outcome: 'achieved', endedAt: ms('2026-11-23T09:30:00Z'), startedAt: ms('2026-11-23T09:00:00Z'),
        metric: 'first_response', cycle: 1, severityId: 'sev3', policyId: 'standard', group: 'Tier 1', assignee: 'Dana', organization: 'Acme',
        source: 'generic', businessMs: 30 * MINUTE, wallMs: 30 * MINUTE, targetMs: 60 * MINUTE, overdueMs: 0, configVersion: 'v3',
      },
    ]);
  });

  it('a timer that ended before outcomes were stamped is never retracted, and is recorded when it ends again', () => {
    const { state } = deltas([created, { id: 's1', at: '2026-11-23T10:00:00Z', status: 'solved' }]);
    const legacy: TicketState = structuredClone(state);
    for (const t of legacy.timers) delete t.outcome;
    const reopened = deltas([{ id: 'o1', at: '2026-11-23T11:00:00Z', status: 'open' }, { id: 's2', at: '2026-11-23T12:00:00Z', status: 'solved' }], legacy);
    expect(reopened.steps).toEqual([[], ['+ resolution/1 achieved 120m']]);
  });
});
