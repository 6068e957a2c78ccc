/**
 * What-if previews on the `biz` calendar: Mon–Fri 09:00–17:00 New York (EST in November),
 * Thanksgiving Thu 2026-11-26 closed, Fri 11-27 open 09:00–13:00 only. The ticket is created
 * Wed 25 Nov 15:00 EST; every instant below is counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { normalizePauses, previewProblems, previewTimers, type Span } from '../../../src/sla/index.js';
import { HOUR, alert, applyAll, iso, ms, rulesFixture, targets, ticketFixture, viewAt } from '../../support/sla-fixtures.js';

const rules = rulesFixture({
  policy: {
    targets: {
      sev1: targets({ first_response: '1h', next_response: '2h', resolution: '8h' }),
      sev2: targets({ first_response: '2h', resolution: ['4h', 'always'] }),
    },
    alerts: [alert('75%'), alert('1h before'), alert('breach', { metrics: ['resolution'] }), alert('30m after breach', { severities: ['sev2'] })],
  },
});
const START = ms('2026-11-25T15:00:00-05:00');

function preview(severityId: string, pauses: Span[] = []) {
  return previewTimers(rules, { policyId: 'standard', severityId, start: START, pauses });
}

/** `metric: due` and `metric/alert: due` lines as ISO with the New York offset left to the reader (UTC). */
function dues(p: ReturnType<typeof preview>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const m of p.metrics) {
    out[m.metric] = iso(m.dueAt);
    for (const a of m.alerts) out[`${m.metric}/${a.alert.key}`] = iso(a.at);
  }
  return out;
}

describe('previewTimers', () => {
  it('gives every metric and applicable alert its due instant (holiday and partial day crossed)', () => {
    const p = preview('sev1');
    expect(p.metrics.map((m) => [m.metric, m.anchor, m.targetMs, m.calendarId, m.zone])).toEqual([
      ['first_response', 'start', HOUR, 'biz', 'America/New_York'],
      ['next_response', 'cycle_start', 2 * HOUR, 'biz', 'America/New_York'],
      ['resolution', 'start', 8 * HOUR, 'biz', 'America/New_York'],
    ]);
    expect(dues(p)).toEqual({
      // 1h: Wed 15:00–16:00. 75% = 45m. "1h before" is not shorter than the target: skipped.
      first_response: iso(ms('2026-11-25T16:00:00-05:00')),
      'first_response/percent:75': iso(ms('2026-11-25T15:45:00-05:00')),
      // As if a cycle started at 15:00: 2h → 17:00; 1h before → 16:00; 75% = 1h30m → 16:30.
      next_response: iso(ms('2026-11-25T17:00:00-05:00')),
      'next_response/before:3600000': iso(ms('2026-11-25T16:00:00-05:00')),
      'next_response/percent:75': iso(ms('2026-11-25T16:30:00-05:00')),
      // 8h: Wed 15–17 (2h), Thu closed, Fri 09–13 (4h, 6h in all = 75% exactly at Fri 13:00),
      // Sat/Sun closed, Mon 09–11 (2h). 1h before = 7h → Mon 10:00; the breach alert is for resolution only.
      resolution: iso(ms('2026-11-30T11:00:00-05:00')),
      'resolution/percent:75': iso(ms('2026-11-27T13:00:00-05:00')),
      'resolution/before:3600000': iso(ms('2026-11-30T10:00:00-05:00')),
      'resolution/breach': iso(ms('2026-11-30T11:00:00-05:00')),
    });
    const first = p.metrics[0]!;
    expect(first.skipped.map((s) => s.alert.key)).toEqual(['before:3600000']);
    expect(first.skipped[0]!.reason).toMatch(/never fires/);
    // Alerts come in firing order, with the business time into the timer.
    expect(p.metrics[2]!.alerts.map((a) => [a.alert.key, a.thresholdMs])).toEqual([
      ['percent:75', 6 * HOUR],
      ['before:3600000', 7 * HOUR],
      ['breach', 8 * HOUR],
    ]);
  });

  it('respects severity filters and a severity target on its own calendar', () => {
    const p = preview('sev2');
    // 4h on 24x7 from 20:00Z → 00:00Z; breach 00:00Z; 30m after breach (sev2 only) → 00:30Z.
    expect(dues(p)).toMatchObject({
      resolution: '2026-11-26T00:00:00.000Z',
      'resolution/breach': '2026-11-26T00:00:00.000Z',
      'resolution/after:1800000': '2026-11-26T00:30:00.000Z',
      'resolution/before:3600000': '2026-11-25T23:00:00.000Z',
    });
    expect(p.metrics.find((m) => m.metric === 'resolution')).toMatchObject({ calendarId: 'always', zone: 'UTC' });
    expect(p.metrics.map((m) => m.metric)).toEqual(['first_response', 'resolution']);
  });

  it('stops the clocks during pauses, as the pause_on statuses of a live ticket would', () => {
    // Fri 10:00–12:00 paused: resolution has Wed 2h + Fri 09–10, 12–13 (2h) = 4h by Friday, then Mon 09–13 → due Mon 13:00.
    const p = preview('sev1', [[ms('2026-11-27T10:00:00-05:00'), ms('2026-11-27T12:00:00-05:00')]]);
    expect(dues(p)).toMatchObject({
      first_response: iso(ms('2026-11-25T16:00:00-05:00')),
      resolution: iso(ms('2026-11-30T13:00:00-05:00')),
      'resolution/percent:75': iso(ms('2026-11-30T11:00:00-05:00')),
    });
  });

  it('has no due instant after a pause without end, and counts up to it', () => {
    const p = preview('sev1', [[ms('2026-11-25T15:30:00-05:00'), null]]);
    const first = p.metrics[0]!;
    expect(first.dueAt).toBeNull();
    expect(first.alerts.map((a) => a.at)).toEqual([null]);
    const shorter = previewTimers(rulesFixture({ policy: { targets: { sev1: targets({ first_response: '20m' }) }, alerts: [alert('50%')] } }), {
      policyId: 'standard', severityId: 'sev1', start: START, pauses: [[ms('2026-11-25T15:30:00-05:00'), null]],
    });
    expect(iso(shorter.metrics[0]!.dueAt)).toBe(iso(ms('2026-11-25T15:20:00-05:00')));
    expect(iso(shorter.metrics[0]!.alerts[0]!.at)).toBe(iso(ms('2026-11-25T15:10:00-05:00')));
  });

  it('previews a severity without targets as no timers, and records the config version', () => {
    const p = preview('sev3');
    expect(p.metrics).toEqual([]);
    expect(p).toMatchObject({ policyId: 'standard', severityId: 'sev3', configVersion: 'test-1', start: START });
  });

  it('agrees with a live ticket driven through apply (same clock, not a reimplementation)', () => {
    const tk = ticketFixture({ createdAt: START, priority: 'urgent' });
    const live = applyAll(
      [
        tk.event({ id: 'e0', at: START }),
        tk.event({ id: 'p', at: '2026-11-27T10:00:00-05:00', status: 'pending' }),
        tk.event({ id: 'o', at: '2026-11-27T12:00:00-05:00', status: 'open' }),
      ],
      rules,
    ).state;
    const p = preview('sev1', [[ms('2026-11-27T10:00:00-05:00'), ms('2026-11-27T12:00:00-05:00')]]);
    expect(viewAt(live, rules, '2026-11-27T12:00:00-05:00', 'resolution').dueAt).toBe(p.metrics.find((m) => m.metric === 'resolution')!.dueAt);
  });
});

describe('previewProblems', () => {
  it('names unknown ids and the valid ones, with a suggestion when given', () => {
    expect(previewProblems(rules, 'standard', 'sev1')).toEqual([]);
    expect(previewProblems(rules, 'standrd', 'sev9', (w) => (w === 'standrd' ? ' (did you mean "standard"?)' : ''))).toEqual([
      { field: 'policy', message: 'unknown policy "standrd" (did you mean "standard"?); policies are standard' },
      { field: 'severity', message: 'unknown severity "sev9"; severities are sev1, sev2, sev3' },
    ]);
    expect(() => previewTimers(rules, { policyId: 'nope', severityId: 'sev1', start: START, pauses: [] })).toThrow(/unknown policy "nope"/);
  });
});

describe('normalizePauses', () => {
  it.each<[string, Span[], Span[]]>([
    ['sorts', [[30, 40], [10, 20]], [[10, 20], [30, 40]]],
    ['merges overlaps and touching pauses', [[10, 20], [15, 30], [30, 35]], [[10, 35]]],
    ['an open pause swallows later ones', [[10, null], [20, 30]], [[10, null]]],
    ['a later open pause extends an earlier one it overlaps', [[10, 20], [15, null]], [[10, null]]],
    ['keeps disjoint pauses apart', [[10, 20], [21, 22]], [[10, 20], [21, 22]]],
  ])('%s', (_name, given, expected) => {
    expect(normalizePauses(given)).toEqual(expected);
  });

  it('does not change the input', () => {
    const given: Span[] = [[30, 40], [10, 20]];
    normalizePauses(given);
    expect(given).toEqual([[30, 40], [10, 20]]);
  });
});
