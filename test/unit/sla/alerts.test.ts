/**
 * Alert checkpoints (`N%`, `D before`, `breach`, `D after breach`) in business time of the
 * timer's calendar: `checkpointAt` is the next one, `tick` at it fires exactly that alert,
 * each alert fires at most once per cycle, late ticks fire every due alert in order, and
 * outcome notices follow only timers that alerted.
 *
 * Main scenario: sev2 first response 2h on `biz` (Mon–Fri 09:00–17:00 New York), ticket
 * created Mon 2026-11-23 16:00 EST. Mon 16–17 counts 1h, the rest is Tuesday from 09:00:
 *   75%             = 1h30m → Tue 09:30     15m before       = 1h45m → Tue 09:45
 *   breach          = 2h    → Tue 10:00     1h after breach  = 3h    → Tue 11:00
 */
import { describe, expect, it } from 'vitest';
import { alertThresholdMs, isBreachOrLater } from '../../../src/sla/index.js';
import type { AlertAt, AlertNotice, Notice, OutcomeNotice, PolicyRule } from '../../../src/sla/index.js';
import { HOUR, MINUTE, alert, alertAt, alertKey, applyAll, ms, rulesFixture, targets, tickAt, ticketFixture, timerOf } from '../../support/sla-fixtures.js';

const ALERTS = [alert('75%'), alert('15m before', { notify: [{ slack: '#support-leads', mention: ['<!subteam^S0123>'] }] }), alert('breach'), alert('1h after breach')];
const rulesWith = (policy: Partial<PolicyRule> = {}) =>
  rulesFixture({ policy: { calendarId: 'biz', targets: { sev2: targets({ first_response: '2h' }) }, alerts: ALERTS, ...policy } });
const rules = rulesWith();
const CREATED = '2026-11-23T16:00:00-05:00';
const ID = 'generic/T-1/first_response/1';

function created(r = rules) {
  const tk = ticketFixture({ createdAt: CREATED, priority: 'high' });
  return { tk, result: applyAll([tk.event({ id: 'e0', at: CREATED })], r) };
}
const alertIds = (notices: Notice[]) => notices.map((n) => n.id);

describe('alertThresholdMs', () => {
  it.each<[string, number]>([
    ['75%', 90 * MINUTE],
    ['100%', 2 * HOUR],
    ['15m before', 105 * MINUTE],
    ['3h before', 0], // longer than the target: 0 (and such an alert never fires, see below)
    ['breach', 2 * HOUR],
    ['1h after breach', 3 * HOUR],
  ])('%s of a 2h target is %d ms into the timer', (key, expected) => {
    expect(alertThresholdMs(alertAt(key), 2 * HOUR)).toBe(expected);
  });

  it.each<[string, string]>([
    ['75%', 'percent:75'],
    ['15m before', 'before:900000'],
    ['breach', 'breach'],
    ['1h after breach', 'after:3600000'],
  ])('the fixture keys "%s" as the config loader does: %s', (text, key) => {
    expect(alertKey(text)).toBe(key);
  });

  it.each<[AlertAt, boolean]>([
    [{ kind: 'percent', percent: 90 }, false],
    [{ kind: 'before', ms: MINUTE }, false],
    [{ kind: 'breach' }, true],
    [{ kind: 'after', ms: HOUR }, true],
  ])('isBreachOrLater(%j) is %s', (at, expected) => {
    expect(isBreachOrLater(at)).toBe(expected);
  });
});

describe('checkpoints and ticks', () => {
  it('schedules the first alert instant on creation and fires nothing yet', () => {
    const { result } = created();
    expect(result.effects.notices).toEqual([]);
    expect(result.effects.checkpointAt).toBe(ms('2026-11-24T09:30:00-05:00'));
    expect(result.state.checkpointAt).toBe(result.effects.checkpointAt);
  });

  it('a tick at the checkpoint fires exactly that alert with its facts', () => {
    const { result } = created();
    const { effects, state } = tickAt(result.state, rules, '2026-11-24T09:30:00-05:00');
    expect(effects.notices).toEqual<AlertNotice[]>([
      {
        kind: 'alert',
        id: `${ID}/percent:75`,
        alertKey: 'percent:75',
        at: { kind: 'percent', percent: 75 },
        dueAt: ms('2026-11-24T09:30:00-05:00'),
        targets: [{ slack: '#75%', mention: [] }],
        facts: {
          source: 'generic',
          ticketId: 'T-1',
          subject: 'Ticket T-1',
          url: 'https://help.example.com/T-1',
          assignee: null,
          group: null,
          severityId: 'sev2',
          severityName: 'High',
          policyId: 'standard',
          metric: 'first_response',
          cycle: 1,
          targetMs: 2 * HOUR,
          remainingMs: 30 * MINUTE,
          dueAt: ms('2026-11-24T10:00:00-05:00'),
          zone: 'America/New_York',
        },
      },
    ]);
    expect(effects.changes).toEqual([{ kind: 'warned', metric: 'first_response', cycle: 1, at: ms('2026-11-24T09:30:00-05:00'), detail: 'percent:75' }]);
    expect(effects.checkpointAt).toBe(ms('2026-11-24T09:45:00-05:00'));
    expect(state.outbox).toEqual(effects.notices);
    expect(timerOf(state, 'first_response').fired).toEqual(['percent:75']);
  });

  it('walks every checkpoint in turn; ticking again at the same instant fires nothing', () => {
    const steps: Array<[string, string, number, string | null, { slack: string; mention: string[] }[]]> = [
      ['2026-11-24T09:30:00-05:00', 'percent:75', 30 * MINUTE, '2026-11-24T09:45:00-05:00', [{ slack: '#75%', mention: [] }]],
      ['2026-11-24T09:45:00-05:00', 'before:900000', 15 * MINUTE, '2026-11-24T10:00:00-05:00', [{ slack: '#support-leads', mention: ['<!subteam^S0123>'] }]],
      ['2026-11-24T10:00:00-05:00', 'breach', 0, '2026-11-24T11:00:00-05:00', [{ slack: '#breach', mention: [] }]],
      ['2026-11-24T11:00:00-05:00', 'after:3600000', -HOUR, null, [{ slack: '#1h-after-breach', mention: [] }]],
    ];
    let state = created().result.state;
    for (const [at, key, remaining, next, notify] of steps) {
      const before = tickAt(state, rules, ms(at) - 1);
      expect(before.effects.notices, `nothing 1 ms before ${key}`).toEqual([]);
      const fired = tickAt(state, rules, at);
      expect(fired.effects.notices).toHaveLength(1);
      expect(fired.effects.notices[0]).toMatchObject({ id: `${ID}/${key}`, alertKey: key, dueAt: ms(at), targets: notify, facts: { remainingMs: remaining } });
      expect(fired.effects.checkpointAt).toBe(next === null ? null : ms(next));
      const again = tickAt(fired.state, rules, at);
      expect(again.effects.notices, `second tick at ${key}`).toEqual([]);
      expect(again.effects.changes).toEqual([]);
      expect(again.effects.checkpointAt).toBe(fired.effects.checkpointAt);
      state = again.state;
    }
    expect(timerOf(state, 'first_response')).toMatchObject({ status: 'active', breachedAt: ms('2026-11-24T10:00:00-05:00') });
    expect(state.outbox.map((n) => n.id)).toEqual(steps.map(([, key]) => `${ID}/${key}`));
  });

  it('the breach tick records the breach', () => {
    const s = tickAt(tickAt(created().result.state, rules, '2026-11-24T09:45:00-05:00').state, rules, '2026-11-24T10:00:00-05:00');
    expect(s.effects.changes).toEqual([
      { kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-24T10:00:00-05:00') },
      { kind: 'warned', metric: 'first_response', cycle: 1, at: ms('2026-11-24T10:00:00-05:00'), detail: 'breach' },
    ]);
  });

  it('a late tick fires every due alert once, in order, each with its own instant', () => {
    const late = tickAt(created().result.state, rules, '2026-11-24T12:00:00-05:00');
    expect(late.effects.notices.map((n) => [n.id, (n as AlertNotice).dueAt])).toEqual([
      [`${ID}/percent:75`, ms('2026-11-24T09:30:00-05:00')],
      [`${ID}/before:900000`, ms('2026-11-24T09:45:00-05:00')],
      [`${ID}/breach`, ms('2026-11-24T10:00:00-05:00')],
      [`${ID}/after:3600000`, ms('2026-11-24T11:00:00-05:00')],
    ]);
    expect(timerOf(late.state, 'first_response').breachedAt).toBe(ms('2026-11-24T10:00:00-05:00'));
    // Every one of them says how things stand at 12:00 (2h past the 10:00 due instant), not at its own instant.
    expect(late.effects.notices.map((n) => n.facts.remainingMs)).toEqual([-2 * HOUR, -2 * HOUR, -2 * HOUR, -2 * HOUR]);
    expect(late.effects.checkpointAt).toBeNull();
    expect(tickAt(late.state, rules, '2026-11-24T13:00:00-05:00').effects.notices).toEqual([]);
  });

  it('an event processed after due instants fires them too (not only ticks)', () => {
    const { tk, result } = created();
    const { effects } = applyAll([tk.event({ id: 'n', at: '2026-11-24T09:50:00-05:00', comment: 'agent-internal' })], rules, result.state);
    expect(alertIds(effects.notices)).toEqual([`${ID}/percent:75`, `${ID}/before:900000`]);
    expect(effects.checkpointAt).toBe(ms('2026-11-24T10:00:00-05:00'));
  });

  it('a reply before the warning prevents every alert and clears the checkpoint', () => {
    const { tk, result } = created();
    const replied = applyAll([tk.event({ id: 'r', at: '2026-11-23T16:30:00-05:00', comment: 'agent' })], rules, result.state);
    expect(replied.effects.notices).toEqual([]);
    expect(replied.effects.checkpointAt).toBeNull();
    const later = tickAt(replied.state, rules, '2026-11-25T12:00:00-05:00');
    expect(later.effects.notices).toEqual([]);
    expect(later.state.outbox).toEqual([]);
  });

  it('a pause removes the checkpoint and the resume reschedules it in business time', () => {
    const { tk, result } = created();
    const pending = applyAll([tk.event({ id: 'p', at: '2026-11-23T16:30:00-05:00', status: 'pending' })], rules, result.state);
    expect(pending.effects.checkpointAt).toBeNull();
    expect(tickAt(pending.state, rules, '2026-11-24T09:30:00-05:00').effects.notices).toEqual([]);
    // 30m counted; 75% needs 1h more from Tue 10:00.
    const open = applyAll([tk.event({ id: 'o', at: '2026-11-24T10:00:00-05:00', status: 'open' })], rules, pending.state);
    expect(open.effects.checkpointAt).toBe(ms('2026-11-24T11:00:00-05:00'));
  });

  it('alerts count in the timer’s own calendar (24x7 first response under a business-hours policy)', () => {
    const r = rulesWith({ targets: { sev2: targets({ first_response: ['2h', 'always'] }) } });
    const { result } = created(r);
    // 75% of 2h = 1h30m of real time → Mon 17:30 New York.
    expect(result.effects.checkpointAt).toBe(ms('2026-11-23T17:30:00-05:00'));
    expect(tickAt(result.state, r, '2026-11-23T17:30:00-05:00').effects.notices[0]).toMatchObject({ id: `${ID}/percent:75`, facts: { zone: 'UTC' } });
  });

  it('checkpoints the breach instant even without a breach alert, to record the breach', () => {
    const r = rulesWith({ alerts: [alert('75%')] });
    const fired = tickAt(created(r).result.state, r, '2026-11-24T09:30:00-05:00');
    expect(fired.effects.checkpointAt).toBe(ms('2026-11-24T10:00:00-05:00'));
    const breach = tickAt(fired.state, r, '2026-11-24T10:00:00-05:00');
    expect(breach.effects.notices).toEqual([]);
    expect(breach.effects.changes).toEqual([{ kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-24T10:00:00-05:00') }]);
    expect(breach.effects.checkpointAt).toBeNull();
  });

  it('a "D before" alert with D at least the target never fires (it would only fire as the clock starts)', () => {
    const r = rulesWith({ alerts: [alert('3h before'), alert('2h before'), alert('breach')] });
    const { result } = created(r);
    expect(result.effects.notices).toEqual([]);
    expect(result.effects.checkpointAt).toBe(ms('2026-11-24T10:00:00-05:00'));
    const late = tickAt(result.state, r, '2026-11-24T12:00:00-05:00');
    expect(alertIds(late.effects.notices)).toEqual([`${ID}/breach`]);
  });
});

describe('alert filters', () => {
  const filtered = rulesWith({
    targets: { sev1: targets({ first_response: '1h', resolution: '4h' }), sev2: targets({ first_response: '2h', resolution: '8h' }) },
    alerts: [alert('breach', { metrics: ['resolution'] }), alert('50%', { severities: ['sev1'] })],
  });
  const MON_0900 = '2026-11-23T09:00:00-05:00';

  it('metric filter: only resolution breaches alert; the first response breach is still recorded', () => {
    const tk = ticketFixture({ createdAt: MON_0900, priority: 'high' });
    const { state, effects } = applyAll([tk.event({ id: 'e0', at: MON_0900 })], filtered);
    expect(effects.checkpointAt).toBe(ms('2026-11-23T11:00:00-05:00'));
    const atFirstBreach = tickAt(state, filtered, '2026-11-23T11:00:00-05:00');
    expect(atFirstBreach.effects.notices).toEqual([]);
    expect(atFirstBreach.effects.changes).toEqual([{ kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-23T11:00:00-05:00') }]);
    expect(atFirstBreach.effects.checkpointAt).toBe(ms('2026-11-23T17:00:00-05:00'));
    const atResolutionBreach = tickAt(atFirstBreach.state, filtered, '2026-11-23T17:00:00-05:00');
    expect(alertIds(atResolutionBreach.effects.notices)).toEqual(['generic/T-1/resolution/1/breach']);
  });

  it('severity filter: the 50% alert fires for sev1 only', () => {
    const tk = ticketFixture({ createdAt: MON_0900, priority: 'urgent' });
    const { state } = applyAll([tk.event({ id: 'e0', at: MON_0900 })], filtered);
    expect(state.checkpointAt).toBe(ms('2026-11-23T09:30:00-05:00'));
    const late = tickAt(state, filtered, '2026-11-23T11:30:00-05:00');
    expect(late.effects.notices.map((n) => [n.id, (n as AlertNotice).dueAt])).toEqual([
      ['generic/T-1/first_response/1/percent:50', ms('2026-11-23T09:30:00-05:00')],
      ['generic/T-1/resolution/1/percent:50', ms('2026-11-23T11:00:00-05:00')],
    ]);
  });
});

describe('outcome notices', () => {
  const outcome = (notices: Notice[]) => notices.filter((n): n is OutcomeNotice => n.kind === 'outcome');

  it('achieved, for a timer that fired an alert', () => {
    const { tk, result } = created();
    const warned = tickAt(result.state, rules, '2026-11-24T09:30:00-05:00').state;
    const { effects } = applyAll([tk.event({ id: 'r', at: '2026-11-24T09:40:00-05:00', comment: 'agent' })], rules, warned);
    expect(outcome(effects.notices)).toEqual([
      {
        kind: 'outcome',
        id: `${ID}/outcome/achieved/${ms('2026-11-24T09:40:00-05:00')}`,
        outcome: 'achieved',
        endedAt: ms('2026-11-24T09:40:00-05:00'),
        reason: null,
        facts: expect.objectContaining({ metric: 'first_response', cycle: 1, remainingMs: 20 * MINUTE, dueAt: null }),
      },
    ]);
    expect(effects.notices).toHaveLength(1);
    expect(effects.checkpointAt).toBeNull();
  });

  it('breached_achieved, after the breach alert', () => {
    const { tk, result } = created();
    const breached = tickAt(result.state, rules, '2026-11-24T10:00:00-05:00').state;
    const { effects } = applyAll([tk.event({ id: 'r', at: '2026-11-24T10:30:00-05:00', comment: 'agent' })], rules, breached);
    expect(outcome(effects.notices)).toEqual([expect.objectContaining({ outcome: 'breached_achieved', facts: expect.objectContaining({ remainingMs: -30 * MINUTE }) })]);
  });

  it('cancelled, when solved without a reply after an alert', () => {
    const { tk, result } = created();
    const warned = tickAt(result.state, rules, '2026-11-24T09:30:00-05:00').state;
    const { effects } = applyAll([tk.event({ id: 's', at: '2026-11-24T09:40:00-05:00', status: 'solved' })], rules, warned);
    expect(outcome(effects.notices).map((n) => [n.id, n.outcome, n.reason])).toEqual([[`${ID}/outcome/cancelled/${ms('2026-11-24T09:40:00-05:00')}`, 'cancelled', 'ticket solved without a reply']]);
  });

  it('none for a timer that never alerted', () => {
    const { tk, result } = created();
    const { effects } = applyAll([tk.event({ id: 'r', at: '2026-11-24T09:00:00-05:00', comment: 'agent' })], rules, result.state);
    expect(effects.notices).toEqual([]);
  });
});
