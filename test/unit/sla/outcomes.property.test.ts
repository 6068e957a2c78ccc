/**
 * Property: over any sequence of events and ticks (statuses, priorities and tags that move a
 * ticket between severities and policies, replies, customer comments, reassignments, deletions,
 * late and re-delivered events), the outcome deltas summed up equal the records of the final
 * state's ended timers; at every step no record is added twice or retracted before it was
 * added; and aggregates folded from the deltas equal aggregates folded from the final records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketStatus } from '../../../src/events.js';
import { TICKET_STATUSES } from '../../../src/events.js';
import { emptyAggregate, foldRecord, isEmptyCell, type Aggregate } from '../../../src/reports/aggregate.js';
import { encodeCells } from '../../../src/reports/aggregate-codec.js';
import { apply, tick, type SlaRules, type TicketState } from '../../../src/sla/index.js';
import { outcomeDelta, outcomeRecords, type OutcomeRecord } from '../../../src/sla/outcomes.js';
import { MINUTE, ms, policyFixture, rulesFixture, targets, ticketEvent, type CommentSpec } from '../../support/sla-fixtures.js';

const RUNS = Math.max(500, Number(process.env.SLA_PROPERTY_RUNS ?? 0));

function propertyRules(calendarId: 'biz' | 'always'): SlaRules {
  return rulesFixture({
    policies: [
      policyFixture({
        id: 'vip', match: { tagsAny: ['vip'] }, calendarId, pauseOn: ['pending', 'on_hold'], onReopen: 'restart',
        targets: {
          sev1: targets({ first_response: '30m', next_response: '1h', periodic_update: '2h', resolution: '4h' }, calendarId),
          sev3: targets({ resolution: '16h' }, calendarId),
        },
      }),
      policyFixture({
        id: 'standard', calendarId, pauseOn: ['pending'], onReopen: 'resume',
        targets: {
          sev1: targets({ first_response: ['1h', 'always'], next_response: '2h', resolution: '8h' }, calendarId),
          sev2: targets({ first_response: '2h', next_response: '4h', resolution: '16h' }, calendarId),
          sev3: targets({ first_response: '4h', next_response: '8h', periodic_update: '8h', resolution: '40h' }, calendarId),
        },
      }),
    ],
  });
}

type Action =
  | { kind: 'event'; advance: number; lag: number; status?: TicketStatus; priority?: string | null; tags?: string[]; assignee?: string; comment?: CommentSpec; deleted: boolean }
  | { kind: 'redeliver'; advance: number; pick: number }
  | { kind: 'tick'; advance: number };

const advanceArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 }).map((m) => m * MINUTE), fc.integer({ min: 1, max: 3 * 24 * 60 }).map((m) => m * MINUTE));
const eventArb: fc.Arbitrary<Action> = fc.record(
  {
    kind: fc.constant('event' as const),
    advance: advanceArb,
    lag: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 360 }).map((m) => m * MINUTE) }),
    status: fc.constantFrom(...TICKET_STATUSES),
    priority: fc.constantFrom('urgent', 'high', 'low', null),
    tags: fc.subarray(['vip', 'outage']),
    assignee: fc.constantFrom('Dana', 'Lee', 'Kim'),
    comment: fc.constantFrom<CommentSpec>('agent', 'customer', 'agent-internal'),
    deleted: fc.integer({ min: 0, max: 20 }).map((n) => n === 0),
  },
  { requiredKeys: ['kind', 'advance', 'lag', 'deleted'] },
);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: eventArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), advance: advanceArb, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: advanceArb }) },
);
const scenarioArb = fc.record({
  createdAt: fc.integer({ min: 0, max: 45 * 24 * 60 }).map((m) => ms('2026-11-16T00:00:00Z') + m * MINUTE),
  actions: fc.array(actionArb, { minLength: 1, maxLength: 30 }),
});

/** Across runs: the generator must reach retractions, not only additions. */
const seen = { added: 0, retracted: 0 };

const identity = ({ sign: _sign, ...rest }: OutcomeRecord) => JSON.stringify(rest);

function aggregateOf(records: readonly OutcomeRecord[]): Map<string, string> {
  const agg: Aggregate = emptyAggregate();
  for (const r of records) foldRecord(agg, r);
  const out = new Map<string, string>();
  for (const [dim, cells] of agg) {
    // Cells emptied by retractions hold nothing: compare what remains.
    const sorted = [...cells.values()].filter((c) => !isEmptyCell(c)).sort((a, b) => (a.metric + a.value < b.metric + b.value ? -1 : 1));
    if (sorted.length > 0) out.set(dim, encodeCells(sorted).toString('base64'));
  }
  return out;
}

function run(rules: SlaRules, scenario: { createdAt: number; actions: Action[] }): void {
  let state: TicketState | undefined;
  let now = scenario.createdAt;
  let fields: { status: TicketStatus; priority: string | null; tags: string[]; assignee: string } = { status: 'new', priority: null, tags: [], assignee: 'Dana' };
  const delivered: TicketEvent[] = [];
  const net = new Map<string, number>();
  const all: OutcomeRecord[] = [];
  scenario.actions.forEach((action, i) => {
    now += action.advance;
    let next: TicketState;
    if (action.kind === 'tick') {
      if (state === undefined) return;
      next = tick(state, rules, now).state;
    } else {
      let event: TicketEvent | undefined;
      if (action.kind === 'redeliver') event = delivered[action.pick % Math.max(1, delivered.length)];
      else {
        fields = { status: action.status ?? fields.status, priority: action.priority === undefined ? fields.priority : action.priority, tags: action.tags ?? fields.tags, assignee: action.assignee ?? fields.assignee };
        event = ticketEvent({ id: `e${i}`, at: now - action.lag, createdAt: scenario.createdAt, ...fields, group: `g-${fields.assignee}`, ...(action.comment ? { comment: action.comment } : {}), ...(action.deleted ? { deleted: true } : {}) });
        delivered.push(event);
      }
      if (event === undefined) return;
      next = apply(state, event, rules, now).state;
    }
    for (const r of outcomeDelta(state, next)) {
      const key = identity(r);
      const count = (net.get(key) ?? 0) + r.sign;
      expect(count, `step ${i}: ${r.sign > 0 ? 'added twice' : 'retracted before added'}: ${key}`).toBeGreaterThanOrEqual(0);
      expect(count).toBeLessThanOrEqual(1);
      net.set(key, count);
      if (r.sign > 0) seen.added++;
      else seen.retracted++;
      all.push(r);
    }
    state = next;
  });
  if (state === undefined) return;
  const final = outcomeRecords(state);
  const held = [...net].filter(([, c]) => c === 1).map(([k]) => k).sort();
  expect(held).toEqual(final.map(identity).sort());
  expect(aggregateOf(all)).toEqual(aggregateOf(final));
}

describe.each(['biz', 'always'] as const)('outcome deltas over random event sequences (%s calendar)', (calendarId) => {
  const rules = propertyRules(calendarId);
  it(`sum to the final state's records over ${RUNS} sequences`, () => {
    seen.added = 0;
    seen.retracted = 0;
    fc.assert(fc.property(scenarioArb, (scenario) => run(rules, scenario)), { numRuns: RUNS });
    expect(seen.retracted).toBeGreaterThan(RUNS / 20);
    expect(seen.added).toBeGreaterThan(RUNS);
  }, 120_000);
});
