/**
 * Escalation repeats, acknowledgements and quiet hours in the pure planning: repeats are their
 * own notices at business-time steps after the alert and the ticket's checkpoint sits at the
 * next one; an acknowledgement stops reminders and repeats of its cycle; a route in its quiet
 * hours gets `holdUntil` unless the alert is critical. Literal instants, no waiting.
 *
 * Scenario: sev2 first response 2h on `biz` (Mon–Fri 09:00–17:00 New York), created Mon
 * 2026-11-23 16:00 EST: 75% Tue 09:30, breach Tue 10:00; repeats every 30m ×3 at 10:30,
 * 11:00, 11:30.
 */
import { describe, expect, it } from 'vitest';
import { acknowledge, alertSteps, type AlertNotice, type AlertRule, type PolicyRule, type TicketState } from '../../../src/sla/index.js';
import { HOUR, MINUTE, alert, applyAll, ms, rulesFixture, targets, tickAt, ticketFixture, timerOf } from '../../support/sla-fixtures.js';

const CREATED = '2026-11-23T16:00:00-05:00';
const ID = 'generic/T-1/first_response/1';
const BREACH_REPEATING: AlertRule = { ...alert('breach'), repeat: { everyMs: 30 * MINUTE, times: 3 } };
const rulesWith = (alerts: AlertRule[], policy: Partial<PolicyRule> = {}) =>
  rulesFixture({ policy: { calendarId: 'biz', targets: { sev1: targets({ first_response: '2h' }), sev2: targets({ first_response: '2h' }) }, alerts, ...policy } });
const rules = rulesWith([alert('75%'), BREACH_REPEATING]);
const tue = (hhmm: string) => ms(`2026-11-24T${hhmm}:00-05:00`);

function created(r = rules, priority = 'high'): TicketState {
  const tk = ticketFixture({ createdAt: CREATED, priority });
  return applyAll([tk.event({ id: 'e0', at: CREATED })], r).state;
}
const ids = (notices: readonly { id: string }[]) => notices.map((n) => n.id);
const ACK = { metric: 'first_response', cycle: 1, userId: 'U0DANA', userName: 'dana' } as const;

describe('alertSteps', () => {
  it('lists the alert, then each repeat at its business-time threshold', () => {
    expect(alertSteps(BREACH_REPEATING, 2 * HOUR)).toEqual([
      { key: 'breach', thresholdMs: 2 * HOUR, repeat: null },
      { key: 'breach#r1', thresholdMs: 2.5 * HOUR, repeat: { n: 1, of: 3 } },
      { key: 'breach#r2', thresholdMs: 3 * HOUR, repeat: { n: 2, of: 3 } },
      { key: 'breach#r3', thresholdMs: 3.5 * HOUR, repeat: { n: 3, of: 3 } },
    ]);
    expect(alertSteps(alert('75%'), 2 * HOUR)).toHaveLength(1);
  });
});

describe('repeats', () => {
  it('fires the breach, then each repeat as its own notice, with the checkpoint at the next one', () => {
    let state = created();
    const walk: Array<[string, string, string | null]> = [
      ['09:30', 'percent:75', '10:00'],
      ['10:00', 'breach', '10:30'],
      ['10:30', 'breach#r1', '11:00'],
      ['11:00', 'breach#r2', '11:30'],
      ['11:30', 'breach#r3', null],
    ];
    for (const [at, key, next] of walk) {
      expect(tickAt(state, rules, tue(at) - 1).effects.notices, `nothing just before ${key}`).toEqual([]);
      const fired = tickAt(state, rules, tue(at));
      expect(ids(fired.effects.notices)).toEqual([`${ID}/${key}`]);
      expect(fired.effects.checkpointAt).toBe(next === null ? null : tue(next));
      expect(tickAt(fired.state, rules, tue(at)).effects.notices, `${key} only once`).toEqual([]);
      state = fired.state;
    }
    const repeat = tickAt(created(), rules, tue('10:00')).state;
    const r1 = tickAt(repeat, rules, tue('10:30')).effects.notices[0] as AlertNotice;
    expect(r1).toMatchObject({ alertKey: 'breach#r1', at: { kind: 'breach' }, repeat: { n: 1, of: 3 }, dueAt: tue('10:30'), facts: { remainingMs: -30 * MINUTE } });
    expect(timerOf(state, 'first_response').fired).toEqual(['percent:75', 'breach', 'breach#r1', 'breach#r2', 'breach#r3']);
  });

  it('steps in business time of the timer\'s calendar: every 4h from Tue 10:00 is Tue 14:00, then Wed 10:00', () => {
    const r = rulesWith([{ ...alert('breach'), repeat: { everyMs: 4 * HOUR, times: 2 } }]);
    const breached = tickAt(created(r), r, tue('10:00'));
    expect(breached.effects.checkpointAt).toBe(tue('14:00'));
    const r1 = tickAt(breached.state, r, tue('14:00'));
    expect(r1.effects.checkpointAt).toBe(ms('2026-11-25T10:00:00-05:00'));
  });

  it('stops with the timer: an answer before a repeat leaves nothing planned', () => {
    const tk = ticketFixture({ createdAt: CREATED, priority: 'high' });
    const breached = tickAt(created(), rules, tue('10:00')).state;
    const answered = applyAll([tk.event({ id: 'e1', at: tue('10:10'), status: 'open', comment: 'agent' })], rules, breached);
    expect(answered.effects.checkpointAt).toBeNull();
    expect(ids(tickAt(answered.state, rules, tue('11:00')).effects.notices)).toEqual([]);
  });

  it('catches up with one notice: the alert itself when it is late too, else the latest repeat', () => {
    const late = tickAt(created(), rules, tue('11:10'));
    expect(ids(late.effects.notices)).toEqual([`${ID}/percent:75`, `${ID}/breach`]);
    expect(timerOf(late.state, 'first_response').fired).toEqual(['percent:75', 'breach', 'breach#r1', 'breach#r2']);
    expect(late.effects.checkpointAt).toBe(tue('11:30'));

    const breached = tickAt(created(), rules, tue('10:00')).state;
    const missed = tickAt(breached, rules, tue('11:05'));
    expect(ids(missed.effects.notices)).toEqual([`${ID}/breach#r2`]);
    expect(missed.effects.changes).toEqual([{ kind: 'warned', metric: 'first_response', cycle: 1, at: tue('11:00'), detail: 'breach#r2' }]);
    expect(missed.effects.checkpointAt).toBe(tue('11:30'));
  });
});

describe('acknowledge', () => {
  it('records who and when once, and stops the repeats of the cycle', () => {
    const breached = tickAt(created(), rules, tue('10:00')).state;
    const outcome = acknowledge(breached, ACK, rules, tue('10:05'));
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    const { state, effects } = outcome.result;
    expect(timerOf(state, 'first_response').acknowledged).toEqual({ at: tue('10:05'), userId: 'U0DANA', userName: 'dana' });
    expect(effects.changes).toEqual([{ kind: 'acknowledged', metric: 'first_response', cycle: 1, at: tue('10:05'), detail: 'U0DANA (dana)' }]);
    expect(effects.checkpointAt).toBeNull();
    expect(state.checkpointAt).toBeNull();
    expect(tickAt(state, rules, tue('10:30')).effects.notices).toEqual([]);
    // The input is never mutated.
    expect(timerOf(breached, 'first_response').acknowledged).toBeUndefined();

    const again = acknowledge(state, { ...ACK, userId: 'U0OTHER', userName: 'sam' }, rules, tue('10:06'));
    expect(again).toEqual({ kind: 'already', ack: { at: tue('10:05'), userId: 'U0DANA', userName: 'dana' } });
  });

  it('before the breach: skips the remaining reminders, the breach still fires, without repeats', () => {
    const r = rulesWith([alert('75%'), alert('15m before'), BREACH_REPEATING, alert('1h after breach')]);
    const outcome = acknowledge(created(r), ACK, r, tue('09:00'));
    if (outcome.kind !== 'recorded') throw new Error(outcome.kind);
    expect(outcome.result.effects.checkpointAt).toBe(tue('10:00'));
    const breach = tickAt(outcome.result.state, r, tue('10:00'));
    expect(ids(breach.effects.notices)).toEqual([`${ID}/breach`]);
    expect(breach.effects.checkpointAt).toBe(tue('11:00'));
    expect(ids(tickAt(breach.state, r, tue('11:00')).effects.notices)).toEqual([`${ID}/after:3600000`]);
  });

  it('carries the acknowledgement into the outcome notice when the timer ends', () => {
    const tk = ticketFixture({ createdAt: CREATED, priority: 'high' });
    const breached = tickAt(created(), rules, tue('10:00')).state;
    const outcome = acknowledge(breached, ACK, rules, tue('10:05'));
    if (outcome.kind !== 'recorded') throw new Error(outcome.kind);
    const answered = applyAll([tk.event({ id: 'e1', at: tue('10:20'), status: 'open', comment: 'agent' })], rules, outcome.result.state);
    expect(answered.effects.notices).toMatchObject([{ kind: 'outcome', outcome: 'breached_achieved', acknowledged: { at: tue('10:05'), userId: 'U0DANA', userName: 'dana' } }]);
  });

  it('says when the cycle ended or is unknown, changing nothing', () => {
    const tk = ticketFixture({ createdAt: CREATED, priority: 'high' });
    const answered = applyAll([tk.event({ id: 'e0', at: CREATED }), tk.event({ id: 'e1', at: tue('09:10'), status: 'open', comment: 'agent' })], rules).state;
    expect(acknowledge(answered, ACK, rules, tue('09:20'))).toEqual({ kind: 'ended', status: 'achieved' });
    expect(acknowledge(answered, { ...ACK, cycle: 2 }, rules, tue('09:20'))).toEqual({ kind: 'unknown' });
    expect(acknowledge(answered, { ...ACK, metric: 'next_response' }, rules, tue('09:20'))).toEqual({ kind: 'unknown' });
  });
});

describe('quiet hours', () => {
  // Timers on `always` (24x7 UTC); the route's quiet calendar is `biz`. Created Sat 28 Nov 12:00 UTC.
  const SAT = '2026-11-28T12:00:00Z';
  const MONDAY_OPEN = ms('2026-11-30T09:00:00-05:00');
  const quiet = { slack: '#leads', mention: [], quietCalendarId: 'biz' };
  const loud = { slack: '#oncall', mention: [] };
  const quietRules = (alerts: AlertRule[]) =>
    rulesWith(alerts, { calendarId: 'always', targets: { sev1: targets({ first_response: '1h' }, 'always'), sev2: targets({ first_response: '1h' }, 'always') } });
  const fire = (alerts: AlertRule[], priority: string, at: string) => {
    const r = quietRules(alerts);
    const tk = ticketFixture({ createdAt: SAT, priority });
    const state = applyAll([tk.event({ id: 'e0', at: SAT })], r).state;
    return tickAt(state, r, at).effects.notices as AlertNotice[];
  };

  it('holds a non-critical alert to a quiet route until its calendar opens; other routes go at once', () => {
    const [notice] = fire([{ ...alert('75%'), notify: [quiet, loud] }], 'high', '2026-11-28T12:45:00Z');
    expect(notice?.targets).toEqual([{ ...quiet, holdUntil: MONDAY_OPEN }, loud]);
  });

  it('lets critical alerts through: breaches of the most severe severity by default, or critical: true', () => {
    const breach = { ...alert('breach'), notify: [quiet] };
    expect(fire([breach], 'urgent', '2026-11-28T13:00:00Z')[0]?.targets).toEqual([quiet]);
    expect(fire([breach], 'high', '2026-11-28T13:00:00Z')[0]?.targets).toEqual([{ ...quiet, holdUntil: MONDAY_OPEN }]);
    expect(fire([{ ...alert('75%'), notify: [quiet], critical: true }], 'high', '2026-11-28T12:45:00Z')[0]?.targets).toEqual([quiet]);
    expect(fire([{ ...breach, critical: false }], 'urgent', '2026-11-28T13:00:00Z')[0]?.targets).toEqual([{ ...quiet, holdUntil: MONDAY_OPEN }]);
  });

  it('holds nothing while the quiet calendar is open, and holds repeats like the alert', () => {
    const r = quietRules([{ ...alert('breach'), notify: [quiet], repeat: { everyMs: 2 * HOUR, times: 2 } }]);
    const monday = '2026-11-30T09:30:00-05:00';
    const tk = ticketFixture({ createdAt: monday, priority: 'high' });
    const state = applyAll([tk.event({ id: 'e0', at: monday })], r).state;
    const breach = tickAt(state, r, '2026-11-30T10:30:00-05:00');
    expect((breach.effects.notices[0] as AlertNotice).targets).toEqual([quiet]);
    // r1 at 12:30, r2 at 14:30 New York: open; a repeat at 18:30 would be held until Tuesday 09:00.
    const r1 = tickAt(breach.state, r, '2026-11-30T12:30:00-05:00');
    expect((r1.effects.notices[0] as AlertNotice).targets).toEqual([quiet]);
    const evening = quietRules([{ ...alert('breach'), notify: [quiet], repeat: { everyMs: 8 * HOUR, times: 1 } }]);
    const late = tickAt(tickAt(applyAll([tk.event({ id: 'e0', at: monday })], evening).state, evening, '2026-11-30T10:30:00-05:00').state, evening, '2026-11-30T18:30:00-05:00');
    expect((late.effects.notices[0] as AlertNotice)).toMatchObject({ repeat: { n: 1, of: 1 }, targets: [{ ...quiet, holdUntil: ms('2026-12-01T09:00:00-05:00') }] });
  });
});
