/**
 * Retargeting on a priority or policy change: active timers keep the business time counted
 * so far and take the new target (and calendar); a metric without a target under the new
 * terms is cancelled; a target already exceeded breaches at the change (and its breach
 * alert fires then). Calendar: `biz` (Mon–Fri 09:00–17:00 America/New_York, EST in November).
 */
import { describe, expect, it } from 'vitest';
import type { AlertNotice, PolicyRule } from '../../../src/sla/index.js';
import {
  HOUR,
  MINUTE,
  alert,
  applyAll,
  ms,
  policyFixture,
  rulesFixture,
  targets,
  tickAt,
  ticketFixture,
  timerOf,
  timerSummary,
  viewAt,
} from '../../support/sla-fixtures.js';

const standard = (overrides: Partial<PolicyRule> = {}) =>
  policyFixture({
    calendarId: 'biz',
    targets: {
      sev1: targets({ first_response: '1h', resolution: '4h' }),
      sev2: targets({ first_response: '2h', resolution: '8h' }),
      sev3: targets({ first_response: '4h', resolution: '16h' }),
    },
    alerts: [alert('breach')],
    ...overrides,
  });
const rules = rulesFixture({ policies: [standard()] });
const MON_0900 = '2026-11-23T09:00:00-05:00';
const lowTicket = () => ticketFixture({ createdAt: MON_0900, priority: 'low' });

describe('retarget on a priority change', () => {
  it('keeps the elapsed time and recomputes the due instants', () => {
    const tk = lowTicket();
    const { state, effects } = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'high' })], rules);
    expect(state.severityId).toBe('sev2');
    expect(effects.changes).toEqual([
      { kind: 'retargeted', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: `standard/sev2: ${2 * HOUR} ms` },
      { kind: 'retargeted', metric: 'resolution', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: `standard/sev2: ${8 * HOUR} ms` },
    ]);
    // 1h counted; first response 2h → 1h more → 11:00, resolution 8h → 7h more → 17:00.
    expect(viewAt(state, rules, '2026-11-23T10:00:00-05:00', 'first_response')).toMatchObject({ targetMs: 2 * HOUR, elapsedMs: HOUR, dueAt: ms('2026-11-23T11:00:00-05:00') });
    expect(viewAt(state, rules, '2026-11-23T10:00:00-05:00', 'resolution').dueAt).toBe(ms('2026-11-23T17:00:00-05:00'));
    expect(effects.checkpointAt).toBe(ms('2026-11-23T11:00:00-05:00'));
  });

  it('a reply after the change is measured against the new target', () => {
    const tk = lowTicket();
    const { state } = applyAll(
      [tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'high' }), tk.event({ id: 'a', at: '2026-11-23T10:30:00-05:00', comment: 'agent' })],
      rules,
    );
    expect(viewAt(state, rules, '2026-11-23T12:00:00-05:00', 'first_response')).toMatchObject({ state: 'achieved', elapsedMs: 90 * MINUTE, remainingMs: 30 * MINUTE });
  });

  it('breaches NOW when the new target is already exceeded, and the breach alert fires now', () => {
    const tk = lowTicket();
    const created = applyAll([tk.event({ id: 'e0', at: MON_0900 })], rules).state;
    // The change happened at 10:30 and is processed at 10:40.
    const { state, effects } = applyAll([{ event: tk.event({ id: 'p', at: '2026-11-23T10:30:00-05:00', priority: 'urgent' }), now: '2026-11-23T10:40:00-05:00' }], rules, created);
    const first = timerOf(state, 'first_response');
    expect(first.breachedAt).toBe(ms('2026-11-23T10:30:00-05:00'));
    expect(effects.changes).toContainEqual({ kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:30:00-05:00') });
    expect(effects.notices).toHaveLength(1);
    const notice = effects.notices[0] as AlertNotice;
    expect(notice).toMatchObject({ kind: 'alert', id: 'generic/T-1/first_response/1/breach', dueAt: ms('2026-11-23T10:30:00-05:00') });
    // Noticed at 10:40, 40 minutes past the new target: the message says so.
    expect(notice.facts).toMatchObject({ severityId: 'sev1', targetMs: HOUR, remainingMs: -40 * MINUTE, dueAt: ms('2026-11-23T10:30:00-05:00') });
    expect(viewAt(state, rules, '2026-11-23T10:40:00-05:00', 'first_response')).toMatchObject({ state: 'breached', elapsedMs: 100 * MINUTE, remainingMs: -40 * MINUTE });
    // Resolution: 1h30m of 4h counted → 13:00, the next checkpoint.
    expect(viewAt(state, rules, '2026-11-23T10:40:00-05:00', 'resolution').dueAt).toBe(ms('2026-11-23T13:00:00-05:00'));
    expect(effects.checkpointAt).toBe(ms('2026-11-23T13:00:00-05:00'));
  });

  it('a timer already breached under the earlier terms keeps its breach instant, ticked or not', () => {
    // sev3 first response (4h) breached at 13:00; at 14:00 the priority becomes high (2h).
    const tk = lowTicket();
    const created = applyAll([tk.event({ id: 'e0', at: MON_0900 })], rules).state;
    const change = tk.event({ id: 'p', at: '2026-11-23T14:00:00-05:00', priority: 'high' });
    const unticked = applyAll([change], rules, created).state;
    const ticked = applyAll([change], rules, tickAt(created, rules, '2026-11-23T13:00:00-05:00').state).state;
    for (const s of [unticked, ticked]) {
      expect(timerOf(s, 'first_response').breachedAt).toBe(ms('2026-11-23T13:00:00-05:00'));
      expect(viewAt(s, rules, '2026-11-23T14:00:00-05:00', 'first_response')).toMatchObject({ state: 'breached', remainingMs: -3 * HOUR });
    }
    // Same timers either way (the breach alert fired at 13:00 when ticked, at the change otherwise).
    expect(unticked.timers).toEqual(ticked.timers);
  });

  it('a larger target lifts a breach and the breach alert does not fire twice in the cycle (code choice)', () => {
    const tk = ticketFixture({ createdAt: MON_0900, priority: 'urgent' });
    const created = applyAll([tk.event({ id: 'e0', at: MON_0900 })], rules).state;
    const breached = tickAt(created, rules, '2026-11-23T10:00:00-05:00');
    expect(breached.effects.notices.map((n) => n.id)).toEqual(['generic/T-1/first_response/1/breach']);
    const lowered = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:30:00-05:00', priority: 'low' })], rules, breached.state).state;
    expect(viewAt(lowered, rules, '2026-11-23T10:30:00-05:00', 'first_response')).toMatchObject({ state: 'running', breachedAt: null, dueAt: ms('2026-11-23T13:00:00-05:00') });
    const again = tickAt(lowered, rules, '2026-11-23T13:00:00-05:00');
    expect(timerOf(again.state, 'first_response').breachedAt).toBe(ms('2026-11-23T13:00:00-05:00'));
    expect(again.effects.notices).toEqual([]);
  });

  it('retargets a paused timer without starting it', () => {
    const tk = lowTicket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e0', at: MON_0900 }),
        tk.event({ id: 'p1', at: '2026-11-23T10:00:00-05:00', status: 'pending' }),
        tk.event({ id: 'p2', at: '2026-11-23T11:00:00-05:00', priority: 'high' }),
      ],
      rules,
    );
    expect(viewAt(state, rules, '2026-11-23T11:30:00-05:00', 'first_response')).toMatchObject({ state: 'paused', elapsedMs: HOUR, targetMs: 2 * HOUR, dueAt: null });
    const resumed = applyAll([tk.event({ id: 'o', at: '2026-11-23T12:00:00-05:00', status: 'open' })], rules, state).state;
    expect(viewAt(resumed, rules, '2026-11-23T12:00:00-05:00', 'first_response').dueAt).toBe(ms('2026-11-23T13:00:00-05:00'));
  });

  it('leaves ended timers alone', () => {
    const tk = lowTicket();
    const { state } = applyAll(
      [tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 'a', at: '2026-11-23T09:30:00-05:00', comment: 'agent' }), tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'urgent' })],
      rules,
    );
    expect(timerOf(state, 'first_response')).toMatchObject({ status: 'achieved', targetMs: 4 * HOUR, base: null });
  });
});

describe('retarget on a policy change', () => {
  const vip = policyFixture({ id: 'vip', match: { tagsAny: ['vip'] }, calendarId: 'always', targets: { sev3: targets({ resolution: '12h' }, 'always') }, alerts: [] });
  const twoPolicies = rulesFixture({ policies: [vip, standard()] });

  it('cancels a metric without a target and moves the others to the new target and calendar', () => {
    const tk = lowTicket();
    const { state, effects } = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 't', at: '2026-11-23T10:00:00-05:00', tags: ['vip'] })], twoPolicies);
    expect(state.policyId).toBe('vip');
    expect(effects.changes).toEqual([
      { kind: 'cancelled', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: 'no first_response target for sev3 under vip' },
      { kind: 'retargeted', metric: 'resolution', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: `vip/sev3: ${12 * HOUR} ms` },
    ]);
    // 1h of business time kept; 11h more on 24x7 from Mon 10:00 → Mon 21:00 New York.
    expect(viewAt(state, twoPolicies, '2026-11-23T10:00:00-05:00', 'resolution')).toMatchObject({ calendarId: 'always', dueAt: ms('2026-11-23T21:00:00-05:00') });
    expect(viewAt(state, twoPolicies, '2026-11-23T20:00:00-05:00', 'resolution')).toMatchObject({ elapsedMs: 11 * HOUR, remainingMs: HOUR });
    expect(viewAt(state, twoPolicies, '2026-11-23T20:00:00-05:00', 'first_response')).toMatchObject({ state: 'cancelled', cancelledAt: ms('2026-11-23T10:00:00-05:00') });
  });

  it('cancels every timer when no policy matches any more', () => {
    const onlyTagged = rulesFixture({ policies: [standard({ match: { tagsAny: ['support'] } })] });
    const tk = ticketFixture({ createdAt: MON_0900, tags: ['support'] });
    const { state, effects } = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 't', at: '2026-11-23T10:00:00-05:00', tags: [] })], onlyTagged);
    expect(state.policyId).toBeNull();
    expect(timerSummary(state)).toEqual(['first_response#1 cancelled', 'resolution#1 cancelled']);
    expect(effects.checkpointAt).toBeNull();
  });

  it('starts the creation timers, from created_at, when a policy first applies', () => {
    const onlyTagged = rulesFixture({ policies: [standard({ match: { tagsAny: ['support'] } })] });
    const tk = lowTicket();
    const { state } = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 't', at: '2026-11-23T10:00:00-05:00', tags: ['support'] })], onlyTagged);
    expect(viewAt(state, onlyTagged, '2026-11-23T10:00:00-05:00', 'first_response')).toMatchObject({ startedAt: ms(MON_0900), elapsedMs: HOUR, dueAt: ms('2026-11-23T13:00:00-05:00') });
  });
});

describe('reopen after a change of terms', () => {
  it('resumes the resolution under the current target when the priority changed while solved', () => {
    const tk = lowTicket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e0', at: MON_0900 }),
        tk.event({ id: 's', at: '2026-11-23T11:00:00-05:00', status: 'solved' }),
        tk.event({ id: 'p', at: '2026-11-23T12:00:00-05:00', priority: 'urgent' }),
        tk.event({ id: 'o', at: '2026-11-23T13:00:00-05:00', status: 'open' }),
      ],
      rules,
    );
    // 2h counted before the solve; sev1 resolution is 4h → 2h more from 13:00.
    expect(viewAt(state, rules, '2026-11-23T13:00:00-05:00', 'resolution')).toMatchObject({ cycle: 1, state: 'running', targetMs: 4 * HOUR, elapsedMs: 2 * HOUR, dueAt: ms('2026-11-23T15:00:00-05:00') });
  });

  it('resumes under the current target when the reopen itself changes the priority', () => {
    const tk = lowTicket();
    const { state } = applyAll(
      [tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 's', at: '2026-11-23T11:00:00-05:00', status: 'solved' }), tk.event({ id: 'o', at: '2026-11-23T13:00:00-05:00', status: 'open', priority: 'urgent' })],
      rules,
    );
    expect(viewAt(state, rules, '2026-11-23T13:00:00-05:00', 'resolution')).toMatchObject({ cycle: 1, targetMs: 4 * HOUR, dueAt: ms('2026-11-23T15:00:00-05:00') });
  });

  it.each(['resume', 'restart'] as const)('on_reopen %s: a resolution with no target under the current terms stays ended', (onReopen) => {
    const r = rulesFixture({
      policies: [standard({ onReopen, targets: { sev1: targets({ first_response: '1h', resolution: '4h' }), sev3: targets({ first_response: '4h' }) } })],
    });
    const tk = ticketFixture({ createdAt: MON_0900, priority: 'urgent' });
    const { state } = applyAll(
      [
        tk.event({ id: 'e0', at: MON_0900 }),
        tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'low', comment: 'agent' }),
        tk.event({ id: 's', at: '2026-11-23T11:00:00-05:00', status: 'solved' }),
        tk.event({ id: 'o', at: '2026-11-23T12:00:00-05:00', status: 'open' }),
      ],
      r,
    );
    expect(timerSummary(state)).toEqual(['first_response#1 achieved', 'resolution#1 cancelled']);
    expect(state.checkpointAt).toBeNull();
  });
});
