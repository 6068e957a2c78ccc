/**
 * Property test of the timer state machine over random event sequences: random statuses,
 * priorities (hence severities), tags (hence policies and severities), public and internal
 * comments by agents and customers, deletions, re-deliveries, late (out-of-order) and
 * early (clock-skewed) events, and ticks at random instants and exactly at checkpoints,
 * on a business-hours calendar and on a 24x7 one. After every step:
 *
 *  (a) a `running` or `paused` timer never has negative remaining time; negative only when breached;
 *  (b) `checkpointAt` is null when no timer is active, and equals the earliest pending alert or
 *      breach instant of the active timers, computed here straight from the calendar
 *      (`addBusinessTime(now, threshold − elapsed)`); no alert that is due is left unfired;
 *  (c) each alert fires at most once per timer cycle over the whole sequence;
 *  (d) `checkpointAt` is strictly after `now` when set, and a tick exactly there does something
 *      (a re-delivered event is exempt: it is an exact no-op that returns the stored checkpoint);
 *  (e) `apply`/`tick` never throw and never mutate their input (deep-frozen, JSON compared).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketStatus } from '../../../src/events.js';
import { TICKET_STATUSES } from '../../../src/events.js';
import { apply, tick, timerId, viewTimer, viewTimers } from '../../../src/sla/index.js';
import type { AlertAt, ApplyResult, Notice, PolicyRule, SlaRules, TicketState } from '../../../src/sla/index.js';
import { MINUTE, alert, deepFreeze, ms, policyFixture, rulesFixture, targets, ticketEvent, type CommentSpec } from '../../support/sla-fixtures.js';

/** At least 1,000 per calendar; raise with SLA_PROPERTY_RUNS=20000 for a deeper search. */
const RUNS_PER_CALENDAR = Math.max(1_000, Number(process.env.SLA_PROPERTY_RUNS ?? 0));

function propertyRules(calendarId: 'biz' | 'always'): SlaRules {
  const alerts = [
    alert('50%'),
    alert('10m before', { metrics: ['first_response', 'next_response'] }),
    // Longer than some first-response targets (30m): never fires for those.
    alert('45m before', { metrics: ['first_response'] }),
    alert('breach'),
    alert('30m after breach', { severities: ['sev1', 'sev2'] }),
  ];
  const vip: PolicyRule = policyFixture({
    id: 'vip',
    match: { tagsAny: ['vip'] },
    calendarId,
    pauseOn: ['pending', 'on_hold'],
    onReopen: 'restart',
    targets: {
      sev1: targets({ first_response: '30m', next_response: '1h', periodic_update: '2h', resolution: '4h' }, calendarId),
      sev2: targets({ first_response: '1h', resolution: '8h' }, calendarId),
      sev3: targets({ resolution: '16h' }, calendarId),
    },
    alerts,
  });
  const standard: PolicyRule = policyFixture({
    id: 'standard',
    calendarId,
    pauseOn: ['pending'],
    onReopen: 'resume',
    targets: {
      // sev1 first response always counts 24x7, whatever the policy's calendar.
      sev1: targets({ first_response: ['1h', 'always'], next_response: '2h', periodic_update: '3h', resolution: '8h' }, calendarId),
      sev2: targets({ first_response: '2h', next_response: '4h', resolution: '16h' }, calendarId),
      sev3: targets({ first_response: '4h', next_response: '8h', periodic_update: '8h', resolution: '40h' }, calendarId),
    },
    alerts,
  });
  return rulesFixture({ policies: [vip, standard] });
}

// ---------------------------------------------------------------------------------------------
// Actions

type Action =
  | {
      kind: 'event';
      advance: number;
      /** occurredAt = now − lag (negative: the help desk's clock runs ahead). */
      lag: number;
      status: TicketStatus | undefined;
      priority: string | null | undefined;
      tags: string[] | undefined;
      comment: CommentSpec | undefined;
      deleted: boolean;
    }
  | { kind: 'redeliver'; advance: number; pick: number }
  | { kind: 'tick'; advance: number }
  | { kind: 'tickAtCheckpoint' };

const advanceArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 5_000 }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 120 }).map((m) => m * MINUTE) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 * 24 * 60 }).map((m) => m * MINUTE) },
);
const lagArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 * 60 }).map((m) => m * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: -1 }).map((m) => m * MINUTE) },
);
const eventArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant('event' as const),
  advance: advanceArb,
  lag: lagArb,
  status: fc.option(fc.constantFrom(...TICKET_STATUSES), { nil: undefined, freq: 2 }),
  priority: fc.option(fc.constantFrom('urgent', 'URGENT', 'high', 'low', null), { nil: undefined, freq: 3 }),
  tags: fc.option(fc.subarray(['vip', 'outage', 'billing']), { nil: undefined, freq: 4 }),
  comment: fc.option(fc.constantFrom<CommentSpec>('agent', 'customer', 'agent-internal', 'customer-internal'), { nil: undefined, freq: 2 }),
  deleted: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
});
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: eventArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), advance: advanceArb, pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: advanceArb }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'tickAtCheckpoint' as const }) },
);
/** Creation instants from 2026-11-16 to 2026-12-31 (Thanksgiving, the half day, Christmas), any minute. */
const createdArb = fc.integer({ min: 0, max: 45 * 24 * 60 }).map((m) => ms('2026-11-16T00:00:00Z') + m * MINUTE);
type Scenario = { createdAt: number; priority: string | null; tags: string[]; actions: Action[] };
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  createdAt: createdArb,
  priority: fc.constantFrom('urgent', 'high', 'low', null),
  tags: fc.subarray(['vip', 'outage']),
  actions: fc.array(actionArb, { minLength: 1, maxLength: 30 }),
});

// ---------------------------------------------------------------------------------------------
// Oracle and invariants

/** Business time into a timer at which an alert fires, written independently of the code. */
function thresholdOf(at: AlertAt, targetMs: number): number {
  if (at.kind === 'percent') return Math.round((targetMs * at.percent) / 100);
  if (at.kind === 'before') return Math.max(0, targetMs - at.ms);
  if (at.kind === 'breach') return targetMs;
  return targetMs + at.ms;
}

/** The earliest pending alert or breach instant of the active, counting timers (null: none). */
function expectedCheckpoint(s: TicketState, rules: SlaRules, now: number): number | null {
  const policy = rules.policies.find((p) => p.id === s.policyId);
  let next = Infinity;
  for (const timer of s.timers) {
    if (timer.status !== 'active') continue;
    const view = viewTimer(s, timer, rules, now);
    const calendar = rules.calendars.get(timer.calendarId)!.calendar;
    const pending: number[] = view.elapsedMs < timer.targetMs ? [timer.targetMs] : [];
    for (const a of policy?.alerts ?? []) {
      if (timer.fired.includes(a.key)) continue;
      if (a.metrics !== undefined && !a.metrics.includes(timer.metric)) continue;
      if (a.severities !== undefined && !a.severities.includes(s.severityId)) continue;
      if (a.at.kind === 'before' && a.at.ms >= timer.targetMs) continue; // "D before" a target of D or less: never
      const threshold = thresholdOf(a.at, timer.targetMs);
      // Completeness: an alert whose threshold was reached has fired.
      if (threshold <= view.elapsedMs) throw new Error(`alert ${a.key} of ${timer.metric}#${timer.cycle} is due (${threshold} <= ${view.elapsedMs}) but did not fire`);
      pending.push(threshold);
    }
    if (view.paused) continue; // a paused timer reaches nothing until it resumes
    for (const threshold of pending) next = Math.min(next, calendar.addBusinessTime(now, threshold - view.elapsedMs));
  }
  return next === Infinity ? null : next;
}

interface Run {
  rules: SlaRules;
  firedAlerts: Set<string>;
  state: TicketState | undefined;
}

function check(run: Run, result: ApplyResult, now: number, label: string): void {
  const { state, effects } = result;
  const where = `${label} at ${new Date(now).toISOString()}`;
  // (d)
  expect(effects.checkpointAt, where).toBe(state.checkpointAt);
  if (state.checkpointAt !== null) expect(state.checkpointAt, where).toBeGreaterThan(now);
  // (b)
  if (!state.timers.some((t) => t.status === 'active')) expect(state.checkpointAt, where).toBeNull();
  expect(state.checkpointAt, where).toBe(expectedCheckpoint(state, run.rules, now));
  // (a)
  for (const v of viewTimers(state, run.rules, now)) {
    const name = `${where} ${v.metric}#${v.cycle} ${v.state}`;
    if (v.state === 'running' || v.state === 'paused') expect(v.remainingMs, name).toBeGreaterThan(0);
    if (v.remainingMs < 0) expect(['breached', 'breached_achieved', 'cancelled'], name).toContain(v.state);
    if (v.state === 'breached') {
      expect(v.remainingMs, name).toBeLessThanOrEqual(0);
      expect(v.breachedAt, name).not.toBeNull();
      expect(v.breachedAt!, name).toBeLessThanOrEqual(now);
    }
    expect(v.elapsedMs, name).toBeGreaterThanOrEqual(0);
  }
  for (const t of state.timers) {
    if (t.endedAt !== null) expect(t.endedAt, `${where} ${t.metric}#${t.cycle} ends after it starts`).toBeGreaterThanOrEqual(t.startedAt);
    expect(new Set(t.fired).size, `${where} ${t.metric}#${t.cycle} fired keys`).toBe(t.fired.length);
  }
  // (c), and alerts come out in due order, each for a timer that recorded it as fired
  const alerts = effects.notices.filter((n): n is Extract<Notice, { kind: 'alert' }> => n.kind === 'alert');
  for (const n of alerts) {
    expect(run.firedAlerts.has(n.id), `${where}: ${n.id} fired twice`).toBe(false);
    run.firedAlerts.add(n.id);
    const timer = state.timers.find((t) => t.metric === n.facts.metric && t.cycle === n.facts.cycle);
    expect(timer, `${where}: ${n.id} has its timer`).toBeDefined();
    expect(n.id).toBe(`${timerId(state, timer!)}/${n.alertKey}`);
    expect(timer!.fired).toContain(n.alertKey);
    expect(n.dueAt, `${where}: ${n.id} due`).toBeLessThanOrEqual(now);
  }
  expect(alerts.map((n) => n.dueAt)).toEqual([...alerts.map((n) => n.dueAt)].sort((a, b) => a - b));
  // every alert in the outbox was reported once
  expect(state.outbox.filter((n) => n.kind === 'alert').length).toBe(run.firedAlerts.size);
}

/** Runs a step with the input deep-frozen and compared before/after (e). */
function guarded(prev: TicketState | undefined, step: (s: TicketState | undefined) => ApplyResult): ApplyResult {
  const before = prev === undefined ? undefined : JSON.stringify(prev);
  if (prev !== undefined) deepFreeze(prev);
  const result = step(prev);
  if (prev !== undefined) expect(JSON.stringify(prev)).toBe(before);
  return result;
}

function runScenario(rules: SlaRules, scenario: Scenario): void {
  const run: Run = { rules, firedAlerts: new Set(), state: undefined };
  let now = scenario.createdAt;
  let ticket: { status: TicketStatus; priority: string | null; tags: string[] } = { status: 'new', priority: scenario.priority, tags: scenario.tags };
  const delivered: TicketEvent[] = [];
  scenario.actions.forEach((action, i) => {
    if (action.kind === 'tickAtCheckpoint') {
      const s = run.state;
      if (s === undefined || s.checkpointAt === null) return;
      now = s.checkpointAt;
      const result = guarded(s, (p) => tick(p!, rules, now));
      check(run, result, now, `step ${i} tick at checkpoint`);
      expect(result.effects.changes.length, `step ${i}: a tick at the checkpoint does something`).toBeGreaterThan(0);
      run.state = result.state;
      return;
    }
    now += action.advance;
    if (action.kind === 'tick') {
      if (run.state === undefined) return;
      const result = guarded(run.state, (p) => tick(p!, rules, now));
      check(run, result, now, `step ${i} tick`);
      const again = guarded(result.state, (p) => tick(p!, rules, now));
      expect(again.effects.notices, `step ${i}: ticking twice at one instant`).toEqual([]);
      expect(again.effects.changes).toEqual([]);
      expect(again.effects.checkpointAt).toBe(result.effects.checkpointAt);
      run.state = result.state;
      return;
    }
    let event: TicketEvent;
    if (action.kind === 'redeliver') {
      const picked = delivered[action.pick % Math.max(1, delivered.length)];
      if (picked === undefined) return;
      event = picked;
    } else {
      ticket = {
        status: action.status ?? ticket.status,
        priority: action.priority === undefined ? ticket.priority : action.priority,
        tags: action.tags ?? ticket.tags,
      };
      event = deepFreeze(
        ticketEvent({
          id: `e${i}`,
          at: now - action.lag,
          createdAt: scenario.createdAt,
          ...ticket,
          ...(action.comment !== undefined ? { comment: action.comment } : {}),
          ...(action.deleted ? { deleted: true } : {}),
        }),
      );
      delivered.push(event);
    }
    const prev = run.state;
    const remembered = prev?.applied.includes(event.eventId) ?? false;
    const result = guarded(prev, (p) => apply(p, event, rules, now));
    if (remembered) {
      // A no-op: the stored state and its checkpoint as they are (that checkpoint may be due
      // already; its job is still there, and the checkpoints worker settles it).
      expect(result.state, `step ${i}: redelivery of ${event.eventId}`).toBe(prev);
      expect(result.effects).toEqual({ duplicate: true, changes: [], notices: [], checkpointAt: prev!.checkpointAt });
      return;
    }
    expect(result.effects.duplicate).toBe(false);
    check(run, result, now, `step ${i} ${event.eventId}`);
    run.state = result.state;
  });
}

describe.each(['biz', 'always'] as const)('apply/tick over random event sequences (%s calendar)', (calendarId) => {
  const rules = propertyRules(calendarId);
  it(`keeps every invariant over ${RUNS_PER_CALENDAR} sequences`, () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => runScenario(rules, scenario)),
      { numRuns: RUNS_PER_CALENDAR },
    );
  }, 120_000);
});
