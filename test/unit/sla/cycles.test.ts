/**
 * The cycling metrics and resolution: next_response (numbered cycles from customer comments
 * to the next agent reply), periodic_update (between public agent comments while open) and
 * resolution (creation to solve; resume or restart on reopen). Calendar: 24x7 UTC.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../../src/sla/index.js';
import { HOUR, MINUTE, applyAll, ms, rulesFixture, targets, ticketFixture, timerOf, timerSummary, viewAt } from '../../support/sla-fixtures.js';

const rulesWith = (policy: Partial<PolicyRule> = {}) =>
  rulesFixture({
    policy: {
      calendarId: 'always',
      targets: { sev3: targets({ first_response: '1h', next_response: '2h', periodic_update: '3h', resolution: '8h' }, 'always') },
      ...policy,
    },
  });
const rules = rulesWith();
const ticket = () => ticketFixture({ createdAt: '2026-11-23T09:00:00Z' });

describe('next_response', () => {
  it('runs numbered cycles from a public customer comment to the next public agent comment', () => {
    const tk = ticket();
    const { state, results } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }),
        tk.event({ id: 'c1', at: '2026-11-23T10:00:00Z', comment: 'customer' }),
        tk.event({ id: 'a2', at: '2026-11-23T10:45:00Z', comment: 'agent' }),
        tk.event({ id: 'c2', at: '2026-11-23T11:00:00Z', comment: 'customer' }),
        tk.event({ id: 'c3', at: '2026-11-23T11:10:00Z', comment: 'customer' }), // while #2 runs: starts nothing
        tk.event({ id: 'a3', at: '2026-11-23T11:30:00Z', comment: 'agent' }),
        tk.event({ id: 'c4', at: '2026-11-23T12:00:00Z', comment: 'customer' }),
        tk.event({ id: 'a4', at: '2026-11-23T15:00:00Z', comment: 'agent' }),
      ],
      rules,
    );
    const cycles = state.timers.filter((t) => t.metric === 'next_response');
    expect(cycles.map((t) => [t.cycle, t.status, t.startedAt, t.endedAt, t.breachedAt])).toEqual([
      [1, 'achieved', ms('2026-11-23T10:00:00Z'), ms('2026-11-23T10:45:00Z'), null],
      [2, 'achieved', ms('2026-11-23T11:00:00Z'), ms('2026-11-23T11:30:00Z'), null],
      [3, 'achieved', ms('2026-11-23T12:00:00Z'), ms('2026-11-23T15:00:00Z'), ms('2026-11-23T14:00:00Z')],
    ]);
    expect(results[5]!.effects.changes).toEqual([]);
    expect(viewAt(state, rules, '2026-11-23T16:00:00Z', 'next_response', 3)).toMatchObject({ state: 'breached_achieved', elapsedMs: 3 * HOUR, remainingMs: -HOUR });
    expect(viewAt(state, rules, '2026-11-23T16:00:00Z', 'next_response', 1)).toMatchObject({ state: 'achieved', elapsedMs: 45 * MINUTE });
  });

  it('a running cycle is due two hours after the customer comment', () => {
    const tk = ticket();
    const { state, effects } = applyAll(
      [tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }), tk.event({ id: 'c1', at: '2026-11-23T10:00:00Z', comment: 'customer' })],
      rules,
    );
    expect(viewAt(state, rules, '2026-11-23T10:30:00Z', 'next_response')).toMatchObject({ cycle: 1, state: 'running', dueAt: ms('2026-11-23T12:00:00Z'), remainingMs: 90 * MINUTE });
    // periodic_update (started at the reply, 3h) is due 12:30, next_response 12:00, resolution 17:00.
    expect(effects.checkpointAt).toBe(ms('2026-11-23T12:00:00Z'));
  });

  it.each([
    ['before the first response was given', [] as const, 'customer' as const],
    ['from an internal customer comment', ['agent'] as const, 'customer-internal' as const],
  ])('does not start %s', (_name, before, comment) => {
    const tk = ticket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        ...before.map((c, i) => tk.event({ id: `b${i}`, at: '2026-11-23T09:30:00Z', comment: c })),
        tk.event({ id: 'c1', at: '2026-11-23T10:00:00Z', comment }),
      ],
      rules,
    );
    expect(state.timers.some((t) => t.metric === 'next_response')).toBe(false);
  });

  it('an internal agent note does not achieve a running cycle', () => {
    const tk = ticket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }),
        tk.event({ id: 'c1', at: '2026-11-23T10:00:00Z', comment: 'customer' }),
        tk.event({ id: 'n1', at: '2026-11-23T10:30:00Z', comment: 'agent-internal' }),
      ],
      rules,
    );
    expect(timerOf(state, 'next_response')).toMatchObject({ cycle: 1, status: 'active' });
  });

  it('a customer reply that reopens a solved ticket starts a cycle; a solve cancels it', () => {
    const tk = ticket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent', status: 'solved' }),
        tk.event({ id: 'c1', at: '2026-11-23T10:00:00Z', comment: 'customer', status: 'open' }),
        tk.event({ id: 's2', at: '2026-11-23T10:30:00Z', status: 'solved' }),
      ],
      rules,
    );
    expect(timerOf(state, 'next_response')).toMatchObject({ cycle: 1, status: 'cancelled', startedAt: ms('2026-11-23T10:00:00Z'), endedAt: ms('2026-11-23T10:30:00Z') });
  });
});

describe('periodic_update', () => {
  it('cycles between public agent comments and is cancelled on solve', () => {
    const tk = ticket();
    const { state, results } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' }),
        tk.event({ id: 'a2', at: '2026-11-23T11:00:00Z', comment: 'agent' }),
        tk.event({ id: 'n1', at: '2026-11-23T12:00:00Z', comment: 'agent-internal' }),
        tk.event({ id: 's1', at: '2026-11-23T13:00:00Z', status: 'solved' }),
      ],
      rules,
    );
    const cycles = state.timers.filter((t) => t.metric === 'periodic_update');
    expect(cycles.map((t) => [t.cycle, t.status, t.startedAt, t.endedAt])).toEqual([
      [1, 'achieved', ms('2026-11-23T09:30:00Z'), ms('2026-11-23T11:00:00Z')],
      [2, 'cancelled', ms('2026-11-23T11:00:00Z'), ms('2026-11-23T13:00:00Z')],
    ]);
    expect(results[3]!.effects.changes).toEqual([]);
    expect(viewAt(results[2]!.state, rules, '2026-11-23T12:00:00Z', 'periodic_update')).toMatchObject({ cycle: 2, state: 'running', dueAt: ms('2026-11-23T14:00:00Z') });
  });

  it('is breached when no update follows within its target', () => {
    const tk = ticket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' })], rules);
    expect(viewAt(state, rules, '2026-11-23T13:00:00Z', 'periodic_update')).toMatchObject({ cycle: 1, state: 'breached', remainingMs: -30 * MINUTE, breachedAt: ms('2026-11-23T12:30:00Z') });
  });

  it('pauses while the status is in pause_on, and starts again on reopen after a reply', () => {
    const tk = ticket();
    const { state } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }),
        tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent', status: 'pending' }),
        tk.event({ id: 'c1', at: '2026-11-23T11:30:00Z', comment: 'customer', status: 'open' }),
      ],
      rules,
    );
    // 09:30–11:30 pending: the 3h cycle resumes at 11:30 with 3h left.
    expect(viewAt(state, rules, '2026-11-23T11:30:00Z', 'periodic_update')).toMatchObject({ cycle: 1, state: 'running', elapsedMs: 0, dueAt: ms('2026-11-23T14:30:00Z') });
    const reopened = applyAll(
      [tk.event({ id: 's1', at: '2026-11-23T12:00:00Z', status: 'solved' }), tk.event({ id: 'o1', at: '2026-11-23T12:30:00Z', status: 'open' })],
      rules,
      state,
    ).state;
    expect(timerOf(reopened, 'periodic_update')).toMatchObject({ cycle: 2, status: 'active', startedAt: ms('2026-11-23T12:30:00Z') });
  });

  it('has no timer when the policy gives it no target', () => {
    const r = rulesWith({ targets: { sev3: targets({ first_response: '1h', resolution: '8h' }, 'always') } });
    const tk = ticket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 'a1', at: '2026-11-23T09:30:00Z', comment: 'agent' })], r);
    expect(timerSummary(state)).toEqual(['first_response#1 achieved', 'resolution#1 active']);
  });
});

describe('resolution', () => {
  it('starts at creation and is achieved when solved', () => {
    const tk = ticket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 's1', at: '2026-11-23T15:00:00Z', status: 'solved' })], rules);
    expect(timerOf(state, 'resolution')).toMatchObject({ cycle: 1, status: 'achieved', startedAt: ms('2026-11-23T09:00:00Z'), endedAt: ms('2026-11-23T15:00:00Z'), breachedAt: null });
    expect(viewAt(state, rules, '2026-11-23T20:00:00Z', 'resolution')).toMatchObject({ state: 'achieved', elapsedMs: 6 * HOUR, remainingMs: 2 * HOUR, percent: 75 });
  });

  it('on_reopen: resume keeps the elapsed time in the same cycle; the solved gap does not count', () => {
    const tk = ticket();
    const { state, results } = applyAll(
      [tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 's1', at: '2026-11-23T11:00:00Z', status: 'solved' }), tk.event({ id: 'o1', at: '2026-11-23T13:00:00Z', status: 'open' })],
      rules,
    );
    expect(results[2]!.effects.changes).toEqual([
      { kind: 'reopened', metric: 'resolution', cycle: 1, at: ms('2026-11-23T13:00:00Z') },
      { kind: 'resumed', metric: 'resolution', cycle: 1, at: ms('2026-11-23T13:00:00Z'), detail: 'reopened' },
    ]);
    expect(viewAt(state, rules, '2026-11-23T14:00:00Z', 'resolution')).toMatchObject({ cycle: 1, state: 'running', elapsedMs: 3 * HOUR, dueAt: ms('2026-11-23T19:00:00Z') });
    const solvedAgain = applyAll([tk.event({ id: 's2', at: '2026-11-23T15:00:00Z', status: 'solved' })], rules, state).state;
    expect(timerSummary(solvedAgain).filter((t) => t.startsWith('resolution'))).toEqual(['resolution#1 achieved']);
    expect(viewAt(solvedAgain, rules, '2026-11-23T20:00:00Z', 'resolution')).toMatchObject({ elapsedMs: 4 * HOUR, achievedAt: ms('2026-11-23T15:00:00Z') });
  });

  it('on_reopen: restart keeps the first cycle achieved and starts cycle 2 at the reopen', () => {
    const r = rulesWith({ onReopen: 'restart' });
    const tk = ticket();
    const { state } = applyAll(
      [tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 's1', at: '2026-11-23T11:00:00Z', status: 'solved' }), tk.event({ id: 'o1', at: '2026-11-23T13:00:00Z', status: 'open' })],
      r,
    );
    expect(timerOf(state, 'resolution', 1)).toMatchObject({ status: 'achieved', endedAt: ms('2026-11-23T11:00:00Z') });
    expect(viewAt(state, r, '2026-11-23T14:00:00Z', 'resolution', 2)).toMatchObject({ state: 'running', startedAt: ms('2026-11-23T13:00:00Z'), elapsedMs: HOUR, dueAt: ms('2026-11-23T21:00:00Z') });
  });

  it('solved → closed changes nothing', () => {
    const tk = ticket();
    const { results } = applyAll(
      [tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 's1', at: '2026-11-23T11:00:00Z', status: 'solved' }), tk.event({ id: 'c1', at: '2026-11-23T12:00:00Z', status: 'closed' })],
      rules,
    );
    expect(results[2]!.effects.changes).toEqual([]);
    expect(results[2]!.state.timers).toEqual(results[1]!.state.timers);
    expect(results[2]!.effects.checkpointAt).toBeNull();
  });

  it('a breach before the solve is kept: breached_achieved with breachedAt the due instant', () => {
    const tk = ticket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T09:00:00Z' }), tk.event({ id: 's1', at: '2026-11-23T18:00:00Z', status: 'solved' })], rules);
    expect(timerOf(state, 'resolution').breachedAt).toBe(ms('2026-11-23T17:00:00Z'));
    expect(viewAt(state, rules, '2026-11-23T18:00:00Z', 'resolution')).toMatchObject({ state: 'breached_achieved', remainingMs: -HOUR });
  });
});
