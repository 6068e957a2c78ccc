/**
 * first_response: starts at created_at (backdated when the first event is late), achieved
 * at the first public agent comment, cancelled when the ticket is solved without one.
 * Calendar: 24x7 UTC, target 1h, so every expectation is plain clock arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../src/sla/index.js';
import {
  HOUR,
  MINUTE,
  applyAll,
  ms,
  rulesFixture,
  targets,
  tickAt,
  ticketFixture,
  timerOf,
  timerSummary,
  viewAt,
  type CommentSpec,
} from '../../support/sla-fixtures.js';

const rules = rulesFixture({
  policy: { calendarId: 'always', targets: { sev3: targets({ first_response: '1h', resolution: '8h' }, 'always') } },
});
const newTicket = () => ticketFixture({ createdAt: '2026-11-23T10:00:00Z', status: 'new' });

describe('first_response starts at created_at', () => {
  it('starts at creation and is due one hour later', () => {
    const tk = newTicket();
    const { state, effects } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' })], rules);
    const v = viewAt(state, rules, '2026-11-23T10:20:00Z', 'first_response');
    expect(v).toMatchObject({ cycle: 1, state: 'running', startedAt: ms('2026-11-23T10:00:00Z'), dueAt: ms('2026-11-23T11:00:00Z') });
    expect(v).toMatchObject({ elapsedMs: 20 * MINUTE, remainingMs: 40 * MINUTE, percent: 33.3 });
    expect(effects.changes).toEqual([
      { kind: 'started', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:00:00Z') },
      { kind: 'started', metric: 'resolution', cycle: 1, at: ms('2026-11-23T10:00:00Z') },
    ]);
    expect(effects.checkpointAt).toBe(ms('2026-11-23T11:00:00Z'));
  });

  it('is backdated to created_at when the first event arrives late', () => {
    const tk = newTicket();
    const { state } = applyAll([{ event: tk.event({ id: 'e1', at: '2026-11-23T10:40:00Z', status: 'open' }), now: '2026-11-23T10:41:00Z' }], rules);
    expect(timerOf(state, 'first_response').startedAt).toBe(ms('2026-11-23T10:00:00Z'));
    expect(viewAt(state, rules, '2026-11-23T10:41:00Z', 'first_response')).toMatchObject({
      state: 'running',
      elapsedMs: 41 * MINUTE,
      dueAt: ms('2026-11-23T11:00:00Z'),
    });
  });

  it('is breached at the due instant, not at arrival, when the first event comes after it', () => {
    const tk = newTicket();
    const { state, effects } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T11:30:00Z', status: 'open' })], rules);
    expect(timerOf(state, 'first_response').breachedAt).toBe(ms('2026-11-23T11:00:00Z'));
    expect(effects.changes).toContainEqual({ kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-23T11:00:00Z') });
    expect(viewAt(state, rules, '2026-11-23T11:30:00Z', 'first_response')).toMatchObject({ state: 'breached', remainingMs: -30 * MINUTE });
    // The breach is behind us; the next look is resolution's due instant.
    expect(effects.checkpointAt).toBe(ms('2026-11-23T18:00:00Z'));
  });

  it('a help desk clock running ahead of ours does not start clocks in the future', () => {
    const tk = ticketFixture({ createdAt: '2026-11-23T10:05:00Z' });
    const { state } = applyAll([{ event: tk.event({ id: 'e1', at: '2026-11-23T10:05:00Z' }), now: '2026-11-23T10:00:00Z' }], rules);
    expect(timerOf(state, 'first_response').startedAt).toBe(ms('2026-11-23T10:00:00Z'));
  });
});

describe('first_response is achieved only by a public agent comment', () => {
  it.each<[CommentSpec, 'achieved' | 'active']>([
    ['agent', 'achieved'],
    ['agent-internal', 'active'],
    ['customer', 'active'],
    ['customer-internal', 'active'],
  ])('a %s comment leaves it %s', (comment, expected) => {
    const tk = newTicket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }), tk.event({ id: 'e2', at: '2026-11-23T10:25:00Z', status: 'open', comment })], rules);
    const timer = timerOf(state, 'first_response');
    expect(timer.status).toBe(expected);
    if (expected === 'achieved') {
      expect(timer.endedAt).toBe(ms('2026-11-23T10:25:00Z'));
      expect(state.firstAgentReplyAt).toBe(ms('2026-11-23T10:25:00Z'));
      expect(viewAt(state, rules, '2026-11-23T12:00:00Z', 'first_response')).toMatchObject({
        state: 'achieved',
        elapsedMs: 25 * MINUTE,
        remainingMs: 35 * MINUTE,
        achievedAt: ms('2026-11-23T10:25:00Z'),
        dueAt: null,
      });
    } else {
      expect(state.firstAgentReplyAt).toBeNull();
    }
  });

  it('only the first public agent comment counts; later ones change nothing', () => {
    const tk = newTicket();
    const { state, results } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }),
        tk.event({ id: 'e2', at: '2026-11-23T10:10:00Z', status: 'open', comment: 'agent' }),
        tk.event({ id: 'e3', at: '2026-11-23T10:50:00Z', comment: 'agent' }),
      ],
      rules,
    );
    expect(timerOf(state, 'first_response').endedAt).toBe(ms('2026-11-23T10:10:00Z'));
    expect(results[2]!.effects.changes).toEqual([]);
  });

  it('a reply after the due instant achieves it as breached_achieved, breachedAt the due instant', () => {
    const tk = newTicket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }), tk.event({ id: 'e2', at: '2026-11-23T11:20:00Z', status: 'open', comment: 'agent' })], rules);
    expect(timerOf(state, 'first_response')).toMatchObject({ status: 'achieved', endedAt: ms('2026-11-23T11:20:00Z'), breachedAt: ms('2026-11-23T11:00:00Z') });
    expect(viewAt(state, rules, '2026-11-23T12:00:00Z', 'first_response')).toMatchObject({ state: 'breached_achieved', elapsedMs: 80 * MINUTE, remainingMs: -20 * MINUTE });
  });

  it('the breach recorded by a tick stays the due instant when the reply comes later', () => {
    const tk = newTicket();
    const created = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' })], rules).state;
    const ticked = tickAt(created, rules, '2026-11-23T11:00:00Z');
    expect(ticked.effects.changes).toEqual([{ kind: 'breached', metric: 'first_response', cycle: 1, at: ms('2026-11-23T11:00:00Z') }]);
    const { state } = applyAll([tk.event({ id: 'e2', at: '2026-11-23T13:00:00Z', comment: 'agent' })], rules, ticked.state);
    expect(timerOf(state, 'first_response')).toMatchObject({ status: 'achieved', breachedAt: ms('2026-11-23T11:00:00Z'), endedAt: ms('2026-11-23T13:00:00Z') });
  });
});

describe('first_response when the ticket is solved', () => {
  it('is cancelled when the ticket is solved without a public agent comment', () => {
    const tk = newTicket();
    const { state, results } = applyAll(
      [
        tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }),
        tk.event({ id: 'e2', at: '2026-11-23T10:30:00Z', status: 'open', comment: 'agent-internal' }),
        tk.event({ id: 'e3', at: '2026-11-23T10:45:00Z', status: 'solved' }),
      ],
      rules,
    );
    expect(timerSummary(state)).toEqual(['first_response#1 cancelled', 'resolution#1 achieved']);
    expect(timerOf(state, 'first_response').endedAt).toBe(ms('2026-11-23T10:45:00Z'));
    expect(results[2]!.effects.changes).toEqual([
      { kind: 'cancelled', metric: 'first_response', cycle: 1, at: ms('2026-11-23T10:45:00Z'), detail: 'ticket solved without a reply' },
      { kind: 'achieved', metric: 'resolution', cycle: 1, at: ms('2026-11-23T10:45:00Z') },
    ]);
    expect(viewAt(state, rules, '2026-11-23T12:00:00Z', 'first_response')).toMatchObject({ state: 'cancelled', cancelledAt: ms('2026-11-23T10:45:00Z'), achievedAt: null });
    expect(results[2]!.effects.checkpointAt).toBeNull();
  });

  it('a reply and a solve in the same event achieve it (not cancel it)', () => {
    const tk = newTicket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }), tk.event({ id: 'e2', at: '2026-11-23T10:30:00Z', status: 'solved', comment: 'agent' })], rules);
    expect(timerSummary(state)).toEqual(['first_response#1 achieved', 'resolution#1 achieved']);
    expect(timerOf(state, 'first_response').endedAt).toBe(ms('2026-11-23T10:30:00Z'));
  });

  it('a ticket first seen already solved gets its clocks ended at that event', () => {
    const tk = newTicket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T12:00:00Z', status: 'solved' })], rules);
    expect(timerSummary(state)).toEqual(['first_response#1 cancelled', 'resolution#1 achieved']);
    expect(viewAt(state, rules, '2026-11-23T12:00:00Z', 'resolution')).toMatchObject({ elapsedMs: 2 * HOUR, state: 'achieved' });
    // first_response was past due before the solve: it records the breach even though cancelled.
    expect(timerOf(state, 'first_response').breachedAt).toBe(ms('2026-11-23T11:00:00Z'));
  });

  it('does not start again when a ticket solved without a reply is reopened (ambiguity: kept cancelled)', () => {
    const tk = newTicket();
    const { state } = applyAll(
      [tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }), tk.event({ id: 'e2', at: '2026-11-23T10:20:00Z', status: 'solved' }), tk.event({ id: 'e3', at: '2026-11-23T10:40:00Z', status: 'open' })],
      rules,
    );
    expect(timerSummary(state)).toEqual(['first_response#1 cancelled', 'resolution#1 active']);
  });
});

describe('first_response inputs are not mutated', () => {
  it('apply returns a new state and leaves the previous one as it was', () => {
    const tk = newTicket();
    const first = apply(undefined, tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }), rules, ms('2026-11-23T10:00:00Z'));
    const before = JSON.stringify(first.state);
    const second = apply(first.state, tk.event({ id: 'e2', at: '2026-11-23T10:30:00Z', comment: 'agent' }), rules, ms('2026-11-23T10:30:00Z'));
    expect(JSON.stringify(first.state)).toBe(before);
    expect(second.state).not.toBe(first.state);
    expect(timerOf(first.state, 'first_response').status).toBe('active');
  });
});

describe('first_response answered exactly at the due instant', () => {
  it('is met: a reply at the due instant is in time, one millisecond later is late', () => {
    const onTime = newTicket();
    const met = applyAll([
      onTime.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }),
      onTime.event({ id: 'e2', at: '2026-11-23T11:00:00Z', status: 'open', comment: 'agent' }),
    ], rules).state;
    expect(timerOf(met, 'first_response')).toMatchObject({ status: 'achieved', breachedAt: null });
    expect(viewAt(met, rules, '2026-11-23T12:00:00Z', 'first_response')).toMatchObject({ state: 'achieved', remainingMs: 0 });

    const late = newTicket();
    const missed = applyAll([
      late.event({ id: 'e1', at: '2026-11-23T10:00:00Z' }),
      late.event({ id: 'e2', at: '2026-11-23T11:00:00.001Z', status: 'open', comment: 'agent' }),
    ], rules).state;
    expect(timerOf(missed, 'first_response')).toMatchObject({ status: 'achieved', breachedAt: ms('2026-11-23T11:00:00Z') });
    expect(viewAt(missed, rules, '2026-11-23T12:00:00Z', 'first_response')).toMatchObject({ state: 'breached_achieved', remainingMs: -1 });
  });

  it('a running timer is breached from the due instant on', () => {
    const tk = newTicket();
    const { state } = applyAll([tk.event({ id: 'e1', at: '2026-11-23T10:00:00Z' })], rules);
    expect(viewAt(state, rules, '2026-11-23T10:59:59.999Z', 'first_response').state).toBe('running');
    expect(viewAt(state, rules, '2026-11-23T11:00:00Z', 'first_response').state).toBe('breached');
  });
});
