/**
 * What agents and the API see: `viewTimers(state, rules, now)` numbers (elapsed, remaining,
 * percent, dueAt, state) for running, paused, breached, breached-paused and ended timers.
 * Calendar `biz` (Mon–Fri 09:00–17:00 New York, EST); sev3 first response 4h, resolution 16h;
 * ticket created Mon 2026-11-23 09:00 EST.
 */
import { describe, expect, it } from 'vitest';
import { viewTimers } from '../../../src/sla/index.js';
import type { TimerView } from '../../../src/sla/index.js';
import { HOUR, MINUTE, applyAll, ms, rulesFixture, targets, tickAt, ticketFixture, viewAt } from '../../support/sla-fixtures.js';

const rules = rulesFixture({ policy: { calendarId: 'biz', pauseOn: ['pending'], targets: { sev3: targets({ first_response: '4h', resolution: '16h' }) } } });
const MON_0900 = '2026-11-23T09:00:00-05:00';
const ticket = () => ticketFixture({ createdAt: MON_0900 });
const fresh = () => {
  const tk = ticket();
  return { tk, state: applyAll([tk.event({ id: 'e0', at: MON_0900 })], rules).state };
};

describe('viewTimers', () => {
  it('lists every timer in creation order with its numbers at now', () => {
    const { state } = fresh();
    expect(viewTimers(state, rules, ms('2026-11-23T10:00:00-05:00'))).toEqual<TimerView[]>([
      {
        metric: 'first_response',
        cycle: 1,
        state: 'running',
        paused: false,
        calendarId: 'biz',
        zone: 'America/New_York',
        targetMs: 4 * HOUR,
        elapsedMs: HOUR,
        remainingMs: 3 * HOUR,
        percent: 25,
        startedAt: ms(MON_0900),
        dueAt: ms('2026-11-23T13:00:00-05:00'),
        achievedAt: null,
        breachedAt: null,
        cancelledAt: null,
      },
      {
        metric: 'resolution',
        cycle: 1,
        state: 'running',
        paused: false,
        calendarId: 'biz',
        zone: 'America/New_York',
        targetMs: 16 * HOUR,
        elapsedMs: HOUR,
        remainingMs: 15 * HOUR,
        percent: 6.3,
        startedAt: ms(MON_0900),
        dueAt: ms('2026-11-24T17:00:00-05:00'),
        achievedAt: null,
        breachedAt: null,
        cancelledAt: null,
      },
    ]);
  });

  it.each<[string, number, number, number]>([
    // now, elapsed, remaining, percent of the 16h resolution
    ['2026-11-23T09:10:00-05:00', 10 * MINUTE, 16 * HOUR - 10 * MINUTE, 1],
    ['2026-11-23T09:00:00-05:00', 0, 16 * HOUR, 0],
    ['2026-11-23T20:00:00-05:00', 8 * HOUR, 8 * HOUR, 50], // closed: counting, but no business time passes
    ['2026-11-24T13:00:00-05:00', 12 * HOUR, 4 * HOUR, 75],
    ['2026-11-25T09:00:00-05:00', 16 * HOUR, 0, 100],
    ['2026-11-25T10:00:00-05:00', 17 * HOUR, -HOUR, 106.3],
  ])('resolution at %s: elapsed %d, remaining %d, %d%%', (now, elapsed, remaining, percent) => {
    const { state } = fresh();
    expect(viewAt(state, rules, now, 'resolution')).toMatchObject({ elapsedMs: elapsed, remainingMs: remaining, percent });
  });

  it('a running timer at its due instant is breached (remaining 0)', () => {
    const { state } = fresh();
    expect(viewAt(state, rules, '2026-11-23T12:59:59.999-05:00', 'first_response')).toMatchObject({ state: 'running', remainingMs: 1 });
    expect(viewAt(state, rules, '2026-11-23T13:00:00-05:00', 'first_response')).toMatchObject({
      state: 'breached',
      remainingMs: 0,
      breachedAt: ms('2026-11-23T13:00:00-05:00'),
    });
  });

  it('paused within target: no due instant', () => {
    const { tk, state } = fresh();
    const s = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', status: 'pending' })], rules, state).state;
    expect(viewAt(s, rules, '2026-11-23T12:00:00-05:00', 'first_response')).toMatchObject({
      state: 'paused',
      paused: true,
      elapsedMs: HOUR,
      remainingMs: 3 * HOUR,
      percent: 25,
      dueAt: null,
      breachedAt: null,
    });
  });

  it.each([false, true])('breached then paused (breach ticked: %s): breached, paused, frozen overdue', (ticked) => {
    const { tk, state } = fresh();
    const before = ticked ? tickAt(state, rules, '2026-11-23T13:00:00-05:00').state : state;
    const s = applyAll([tk.event({ id: 'p', at: '2026-11-23T14:00:00-05:00', status: 'pending' })], rules, before).state;
    const expected = {
      state: 'breached',
      paused: true,
      elapsedMs: 5 * HOUR,
      remainingMs: -HOUR,
      percent: 125,
      dueAt: ms('2026-11-23T13:00:00-05:00'),
      breachedAt: ms('2026-11-23T13:00:00-05:00'),
    };
    expect(viewAt(s, rules, '2026-11-23T16:00:00-05:00', 'first_response')).toMatchObject(expected);
    expect(viewAt(s, rules, '2026-11-25T16:00:00-05:00', 'first_response')).toMatchObject(expected);
  });

  it('ended timers keep the numbers of their end', () => {
    const { tk, state } = fresh();
    const s = applyAll(
      [tk.event({ id: 'r', at: '2026-11-23T14:30:00-05:00', comment: 'agent' }), tk.event({ id: 'd', at: '2026-11-24T10:00:00-05:00', deleted: true })],
      rules,
      state,
    ).state;
    expect(viewAt(s, rules, '2026-11-30T12:00:00-05:00', 'first_response')).toMatchObject({
      state: 'breached_achieved',
      paused: false,
      elapsedMs: 5.5 * HOUR,
      remainingMs: -1.5 * HOUR,
      percent: 137.5,
      dueAt: null,
      achievedAt: ms('2026-11-23T14:30:00-05:00'),
      breachedAt: ms('2026-11-23T13:00:00-05:00'),
      cancelledAt: null,
    });
    expect(viewAt(s, rules, '2026-11-30T12:00:00-05:00', 'resolution')).toMatchObject({
      state: 'cancelled',
      elapsedMs: 9 * HOUR,
      remainingMs: 7 * HOUR,
      dueAt: null,
      achievedAt: null,
      cancelledAt: ms('2026-11-24T10:00:00-05:00'),
    });
  });
});
