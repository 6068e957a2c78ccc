/**
 * pause_on and business time. The `biz` calendar is Mon–Fri 09:00–17:00 America/New_York
 * (EST = UTC−5 in late November, EDT = UTC−4 from 2026-03-08), Thanksgiving 2026-11-26
 * closed, 2026-11-27 open 09:00–13:00 only, Christmas closed every year. Instants are
 * written in New York local time with their offset; expected values are computed by hand
 * in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../../src/sla/index.js';
import { HOUR, MINUTE, applyAll, ms, rulesFixture, targets, ticketFixture, timerOf, viewAt, type Instant } from '../../support/sla-fixtures.js';

const rulesWith = (policy: Partial<PolicyRule> = {}) =>
  rulesFixture({ policy: { calendarId: 'biz', pauseOn: ['pending'], targets: { sev3: targets({ first_response: '4h', resolution: '16h' }) }, ...policy } });
const rules = rulesWith();

function created(at: Instant, r = rules) {
  const tk = ticketFixture({ createdAt: at });
  return { tk, state: applyAll([tk.event({ id: 'e0', at })], r).state };
}

describe('due instants skip closed time (biz calendar)', () => {
  it.each<[string, string, string, string]>([
    // created, metric target, expected due, how
    ['2026-11-23T09:00:00-05:00', 'first_response', '2026-11-23T13:00:00-05:00', 'Mon 09:00 + 4h'],
    ['2026-11-23T15:00:00-05:00', 'first_response', '2026-11-24T11:00:00-05:00', 'Mon 15–17 (2h) + Tue 09–11 (2h)'],
    ['2026-11-23T20:00:00-05:00', 'first_response', '2026-11-24T13:00:00-05:00', 'created after hours: counts from Tue 09:00'],
    ['2026-11-20T15:00:00-05:00', 'first_response', '2026-11-23T11:00:00-05:00', 'Fri 15–17 (2h), weekend closed, Mon 09–11'],
    ['2026-11-21T12:00:00-05:00', 'first_response', '2026-11-23T13:00:00-05:00', 'created on Saturday: Mon 09–13'],
    ['2026-11-25T14:00:00-05:00', 'first_response', '2026-11-27T10:00:00-05:00', 'Wed 14–17 (3h), Thanksgiving closed, Fri 09–10'],
    ['2026-11-25T14:00:00-05:00', 'resolution', '2026-12-01T10:00:00-05:00', 'Wed 3h, Thu 0, Fri 09–13 4h, Mon 8h, Tue 09–10 1h = 16h'],
    ['2026-11-27T12:00:00-05:00', 'first_response', '2026-11-30T12:00:00-05:00', 'Fri half day 12–13 (1h), Mon 09–12 (3h)'],
    ['2026-12-24T16:00:00-05:00', 'first_response', '2026-12-28T12:00:00-05:00', 'Thu 16–17 (1h), Christmas Fri closed, Mon 09–12'],
    ['2026-03-06T16:00:00-05:00', 'first_response', '2026-03-09T12:00:00-04:00', 'Fri 16–17 EST (1h), DST starts Sunday, Mon 09–12 EDT'],
  ])('created %s: %s due %s (%s)', (createdAt, metric, due, _how) => {
    const { state } = created(createdAt);
    expect(viewAt(state, rules, createdAt, metric as 'first_response' | 'resolution').dueAt).toBe(ms(due));
  });

  it('elapsed time does not grow overnight or over the weekend', () => {
    const { state } = created('2026-11-20T15:00:00-05:00');
    expect(viewAt(state, rules, '2026-11-20T17:00:00-05:00', 'first_response').elapsedMs).toBe(2 * HOUR);
    expect(viewAt(state, rules, '2026-11-22T23:00:00-05:00', 'first_response')).toMatchObject({ elapsedMs: 2 * HOUR, remainingMs: 2 * HOUR, state: 'running' });
    expect(viewAt(state, rules, '2026-11-23T10:30:00-05:00', 'first_response').elapsedMs).toBe(3.5 * HOUR);
  });

  it('each metric counts on its own calendar: first response 24x7, resolution in business hours', () => {
    const r = rulesWith({ targets: { sev3: targets({ first_response: ['1h', 'always'], resolution: '8h' }) } });
    const { state } = created('2026-11-20T16:30:00-05:00', r);
    // 24x7: Fri 16:30 + 1h; biz: Fri 16:30–17:00 (30m) + Mon 09:00–16:30 (7h30m).
    expect(viewAt(state, r, '2026-11-20T16:30:00-05:00', 'first_response')).toMatchObject({ dueAt: ms('2026-11-20T17:30:00-05:00'), zone: 'UTC' });
    expect(viewAt(state, r, '2026-11-20T16:30:00-05:00', 'resolution')).toMatchObject({ dueAt: ms('2026-11-23T16:30:00-05:00'), zone: 'America/New_York' });
  });
});

describe('due instants on a 24x7 calendar', () => {
  const always = rulesWith({ calendarId: 'always', targets: { sev3: targets({ first_response: '4h', resolution: '16h' }, 'always') } });
  it('counts nights and weekends', () => {
    const { state } = created('2026-11-20T15:00:00-05:00', always);
    expect(viewAt(state, always, '2026-11-20T15:00:00-05:00', 'first_response').dueAt).toBe(ms('2026-11-20T19:00:00-05:00'));
    expect(viewAt(state, always, '2026-11-20T15:00:00-05:00', 'resolution').dueAt).toBe(ms('2026-11-21T07:00:00-05:00'));
  });

  it('a pause moves the due instant by exactly its length', () => {
    const { tk, state } = created('2026-11-20T15:00:00-05:00', always);
    const paused = applyAll([tk.event({ id: 'p', at: '2026-11-20T16:00:00-05:00', status: 'pending' }), tk.event({ id: 'o', at: '2026-11-20T18:00:00-05:00', status: 'open' })], always, state).state;
    expect(viewAt(paused, always, '2026-11-20T18:00:00-05:00', 'first_response')).toMatchObject({ elapsedMs: HOUR, dueAt: ms('2026-11-20T21:00:00-05:00') });
  });
});

describe('pause_on', () => {
  it('pauses every active timer while pending and resumes them after', () => {
    const { tk, state } = created('2026-11-23T09:00:00-05:00');
    const pending = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', status: 'pending' })], rules, state);
    expect(pending.effects.changes).toEqual([
      { kind: 'paused', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: 'pending' },
      { kind: 'paused', metric: 'resolution', cycle: 1, at: ms('2026-11-23T10:00:00-05:00'), detail: 'pending' },
    ]);
    // All timers paused: nothing to look at until something happens.
    expect(pending.effects.checkpointAt).toBeNull();
    expect(viewAt(pending.state, rules, '2026-11-23T12:00:00-05:00', 'first_response')).toMatchObject({
      state: 'paused',
      paused: true,
      elapsedMs: HOUR,
      remainingMs: 3 * HOUR,
      dueAt: null,
    });

    const open = applyAll([tk.event({ id: 'o', at: '2026-11-23T14:00:00-05:00', status: 'open' })], rules, pending.state);
    expect(open.effects.changes.map((c) => `${c.kind} ${c.metric}`)).toEqual(['resumed first_response', 'resumed resolution']);
    // first: 1h before the pause + 3h from 14:00 = 17:00; resolution: 1h + Mon 14–17 (3h) + Tue (8h) + Wed 09–13 (4h).
    expect(viewAt(open.state, rules, '2026-11-23T14:00:00-05:00', 'first_response')).toMatchObject({ state: 'running', dueAt: ms('2026-11-23T17:00:00-05:00') });
    expect(viewAt(open.state, rules, '2026-11-23T14:00:00-05:00', 'resolution').dueAt).toBe(ms('2026-11-25T13:00:00-05:00'));
    expect(open.effects.checkpointAt).toBe(ms('2026-11-23T17:00:00-05:00'));
    expect(open.state.pauses).toEqual([[ms('2026-11-23T10:00:00-05:00'), ms('2026-11-23T14:00:00-05:00')]]);
  });

  it('a status outside pause_on does not pause', () => {
    const { tk, state } = created('2026-11-23T09:00:00-05:00');
    const hold = applyAll([tk.event({ id: 'h', at: '2026-11-23T10:00:00-05:00', status: 'on_hold' })], rules, state);
    expect(hold.effects.changes).toEqual([]);
    expect(viewAt(hold.state, rules, '2026-11-23T12:00:00-05:00', 'first_response')).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR });
  });

  it('pending → on_hold with both in pause_on stays one pause', () => {
    const r = rulesWith({ pauseOn: ['pending', 'on_hold'] });
    const { tk, state } = created('2026-11-23T09:00:00-05:00', r);
    const { state: s2, results } = applyAll(
      [tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', status: 'pending' }), tk.event({ id: 'h', at: '2026-11-23T11:00:00-05:00', status: 'on_hold' }), tk.event({ id: 'o', at: '2026-11-23T12:00:00-05:00', status: 'open' })],
      r,
      state,
    );
    expect(results[1]!.effects.changes).toEqual([]);
    expect(s2.pauses).toEqual([[ms('2026-11-23T10:00:00-05:00'), ms('2026-11-23T12:00:00-05:00')]]);
    expect(viewAt(s2, r, '2026-11-23T12:00:00-05:00', 'first_response').dueAt).toBe(ms('2026-11-23T15:00:00-05:00'));
  });

  it('a pause over closed hours changes nothing', () => {
    const { tk, state } = created('2026-11-23T15:00:00-05:00');
    const s2 = applyAll([tk.event({ id: 'p', at: '2026-11-23T18:00:00-05:00', status: 'pending' }), tk.event({ id: 'o', at: '2026-11-24T08:00:00-05:00', status: 'open' })], rules, state).state;
    expect(viewAt(s2, rules, '2026-11-24T08:00:00-05:00', 'first_response').dueAt).toBe(ms('2026-11-24T11:00:00-05:00'));
  });

  it('solving while pending ends the pause; the resolution counted only the open time', () => {
    const { tk, state } = created('2026-11-23T09:00:00-05:00');
    const s2 = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:30:00-05:00', status: 'pending' }), tk.event({ id: 's', at: '2026-11-24T10:00:00-05:00', status: 'solved' })], rules, state).state;
    expect(viewAt(s2, rules, '2026-11-24T12:00:00-05:00', 'resolution')).toMatchObject({ state: 'achieved', elapsedMs: 90 * MINUTE });
    expect(s2.pauses).toEqual([[ms('2026-11-23T10:30:00-05:00'), ms('2026-11-24T10:00:00-05:00')]]);
  });

  it('a ticket first seen pending is paused from that event (its time since creation counts)', () => {
    const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00-05:00' });
    const s = applyAll([tk.event({ id: 'e0', at: '2026-11-23T10:00:00-05:00', status: 'pending' })], rules).state;
    expect(viewAt(s, rules, '2026-11-23T15:00:00-05:00', 'first_response')).toMatchObject({ state: 'paused', elapsedMs: HOUR });
    expect(timerOf(s, 'first_response').startedAt).toBe(ms('2026-11-23T09:00:00-05:00'));
  });
});
