/**
 * The replay core: events folded with `apply` per ticket in the given order, each at its own
 * instant (never earlier than its ticket's previous one), then one `tick` at `now`.
 * Calendar `biz`: Mon–Fri 09:00–17:00 New York (EST); sev3 first response 4h.
 */
import { describe, expect, it } from 'vitest';
import { countReplayOutcomes, replayEvents } from '../../../src/sla/index.js';
import { HOUR, iso, ms, rulesFixture, ticketFixture, viewAt } from '../../support/sla-fixtures.js';

const rules = rulesFixture();
const MON_0900 = '2026-11-23T09:00:00-05:00';

describe('replayEvents', () => {
  it('groups by ticket, keeps file order, and ticks every ticket at now', () => {
    const a = ticketFixture({ createdAt: MON_0900, ticketId: 'A' });
    const b = ticketFixture({ createdAt: MON_0900, ticketId: 'B' });
    const result = replayEvents(
      [a.event({ id: 'a0', at: MON_0900 }), b.event({ id: 'b0', at: MON_0900 }), a.event({ id: 'a1', at: '2026-11-23T10:00:00-05:00', comment: 'agent' })],
      rules,
      ms('2026-11-23T14:00:00-05:00'),
    );
    expect(result.tickets.map((t) => [t.state.ticketId, t.events])).toEqual([['A', 2], ['B', 1]]);
    // B never answered: its 4h ran out at 13:00, and the final tick at 14:00 recorded it.
    const bFirst = result.tickets[1]!.views.find((v) => v.metric === 'first_response')!;
    expect(bFirst).toMatchObject({ state: 'breached', elapsedMs: 5 * HOUR });
    expect(iso(bFirst.breachedAt)).toBe(iso(ms('2026-11-23T13:00:00-05:00')));
    expect(result.tickets[1]!.state.timers[0]!.breachedAt).toBe(ms('2026-11-23T13:00:00-05:00'));
    expect(result.summary.first_response).toEqual({ met: 1, breached: 1, cancelled: 0, open: 0, percentMet: 50 });
  });

  it('a late event counts at its own instant', () => {
    const a = ticketFixture({ createdAt: MON_0900 });
    const result = replayEvents(
      [a.event({ id: 'a0', at: MON_0900 }), a.event({ id: 'p', at: '2026-11-23T14:00:00-05:00', status: 'pending' }), a.event({ id: 'late', at: '2026-11-23T13:30:00-05:00', comment: 'agent' })],
      rules,
    );
    expect(result.now).toBe(ms('2026-11-23T14:00:00-05:00'));
    // The reply of 13:30 comes after the 14:00 event in the file: it still answers at 13:30, late (due 13:00).
    expect(viewAt(result.tickets[0]!.state, rules, result.now, 'first_response')).toMatchObject({ state: 'breached_achieved', achievedAt: ms('2026-11-23T13:30:00-05:00') });
  });

  it('refuses a now before the latest event, and nothing to replay', () => {
    const a = ticketFixture({ createdAt: MON_0900 });
    expect(() => replayEvents([a.event({ id: 'a0', at: MON_0900 })], rules, ms(MON_0900) - 1)).toThrow(/before the latest event/);
    expect(() => replayEvents([], rules)).toThrow(/nothing to replay/);
    expect(replayEvents([], rules, ms(MON_0900)).summary.all).toEqual({ met: 0, breached: 0, cancelled: 0, open: 0, percentMet: null });
  });

  it('counts outcomes per metric: open is running or paused within target', () => {
    const counts = countReplayOutcomes([
      { metric: 'resolution', state: 'running' },
      { metric: 'resolution', state: 'paused' },
      { metric: 'resolution', state: 'achieved' },
      { metric: 'first_response', state: 'cancelled' },
    ] as never);
    expect(counts).toEqual({
      first_response: { met: 0, breached: 0, cancelled: 1, open: 0, percentMet: null },
      resolution: { met: 1, breached: 0, cancelled: 0, open: 2, percentMet: 100 },
      all: { met: 1, breached: 0, cancelled: 1, open: 2, percentMet: 100 },
    });
  });
});
