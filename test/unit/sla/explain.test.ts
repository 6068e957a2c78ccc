/**
 * Explanations of due instants, counted by hand. `biz` is Mon–Fri 09:00–17:00 New York with
 * Thanksgiving 2026-11-26 closed and 11-27 open 09:00–13:00; `always` is UTC 24x7.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarSpec } from '../../../src/clock/index.js';
import { holidaysCrossed } from '../../../src/sla/explain-calendar.js';
import type { TicketEvent } from '../../../src/events.js';
import { apply, explainTicket, type HistoryEntry, type SlaRules, type TicketState } from '../../../src/sla/index.js';
import { ALWAYS_CALENDAR_SPEC, BIZ_CALENDAR_SPEC, HOUR, MINUTE, iso, ms, rulesFixture, targets, ticketFixture } from '../../support/sla-fixtures.js';

const SPECS = new Map<string, CalendarSpec>([
  ['biz', BIZ_CALENDAR_SPEC],
  ['always', ALWAYS_CALENDAR_SPEC],
]);

/** Folds events like the worker, keeping the audit trail it would record. */
function live(events: TicketEvent[], rules: SlaRules): { state: TicketState; history: HistoryEntry[] } {
  let state: TicketState | undefined;
  const history: HistoryEntry[] = [];
  for (const e of events) {
    const r = apply(state, e, rules, e.occurredAt);
    state = r.state;
    history.unshift({ recordedAt: e.occurredAt, cause: e.eventId, occurredAt: e.occurredAt, configVersion: r.state.configVersion, changes: r.effects.changes });
  }
  return { state: state!, history };
}

const spans = (list: Array<[number, number | null]>) => list.map(([a, b]) => [iso(a), iso(b)]);

describe('explainTicket', () => {
  it('a pause on a 24x7 clock: runs, open intervals, the pause status and the summary', () => {
    const rules = rulesFixture({ policy: { calendarId: 'always', targets: { sev1: targets({ first_response: '15m' }, 'always') } } });
    const tk = ticketFixture({ createdAt: '2026-11-24T09:00:00Z', priority: 'urgent' });
    const { state, history } = live(
      [tk.event({ id: 'e0', at: '2026-11-24T09:00:00Z' }), tk.event({ id: 'p', at: '2026-11-24T09:05:00Z', status: 'pending' }), tk.event({ id: 'o', at: '2026-11-24T09:10:00Z', status: 'open' })],
      rules,
    );
    const e = explainTicket(state, rules, { now: ms('2026-11-24T09:12:00Z'), calendarSpecs: SPECS, history });
    expect(e.notes).toEqual([]);
    const [first] = e.timers;
    expect(first!.summary).toBe("15m of business time on 'always' (UTC, 24x7) from Tue 24 Nov 09:00 UTC; paused 09:05–09:10 (pending) → due 09:20");
    expect(iso(first!.dueAt)).toBe('2026-11-24T09:20:00.000Z');
    expect(first!.calendar).toEqual({ id: 'always', zone: 'UTC', known: true, hours: '24x7' });
    expect(first!.terms).toEqual({ policyId: 'standard', severityId: 'sev1', configVersion: 'test-1' });
    expect(spans(first!.runs)).toEqual([
      ['2026-11-24T09:00:00.000Z', '2026-11-24T09:05:00.000Z'],
      ['2026-11-24T09:10:00.000Z', null],
    ]);
    expect(first!.pauses).toEqual([{ from: ms('2026-11-24T09:05:00Z'), to: ms('2026-11-24T09:10:00Z'), status: 'pending' }]);
    expect(spans(first!.counted.intervals)).toEqual([
      ['2026-11-24T09:00:00.000Z', '2026-11-24T09:05:00.000Z'],
      ['2026-11-24T09:10:00.000Z', '2026-11-24T09:20:00.000Z'],
    ]);
    expect(first!.counted.businessMs).toBe(15 * MINUTE);
    expect(first!.holidays).toEqual([]);
    expect(first!.dstChanges).toEqual([]);
  });

  it('Thanksgiving: the closed day and the partial day are listed, the open intervals skip them', () => {
    const rules = rulesFixture({ policy: { targets: { sev3: targets({ first_response: '8h' }) } } });
    const tk = ticketFixture({ createdAt: '2026-11-25T16:00:00-05:00' });
    const { state } = live([tk.event({ id: 'e0', at: '2026-11-25T16:00:00-05:00' })], rules);
    const [first] = explainTicket(state, rules, { now: ms('2026-11-25T16:30:00-05:00'), calendarSpecs: SPECS }).timers;
    // Wed 16–17 (1h), Thu closed, Fri 09–13 (4h), weekend, Mon 09–12 (3h) → Mon 12:00 EST.
    expect(iso(first!.dueAt)).toBe(iso(ms('2026-11-30T12:00:00-05:00')));
    expect(spans(first!.counted.intervals)).toEqual([
      ['2026-11-25T21:00:00.000Z', '2026-11-25T22:00:00.000Z'],
      ['2026-11-27T14:00:00.000Z', '2026-11-27T18:00:00.000Z'],
      ['2026-11-30T14:00:00.000Z', '2026-11-30T17:00:00.000Z'],
    ]);
    expect(first!.counted.businessMs).toBe(8 * HOUR);
    expect(first!.holidays).toEqual([
      { date: '2026-11-26', name: null, yearly: false, hours: [] },
      { date: '2026-11-27', name: null, yearly: false, hours: ['09:00-13:00'] },
    ]);
    expect(first!.summary).toBe(
      "8h of business time on 'biz' (America/New_York, mon-fri 09:00-17:00) from Wed 25 Nov 16:00 EST; holidays 2026-11-26 (closed), 2026-11-27 (open 09:00-13:00) → due Mon 30 Nov 12:00 EST",
    );
  });

  it('the end of daylight saving time on Sun 1 Nov 2026 is reported with both offsets', () => {
    const rules = rulesFixture({ policy: { targets: { sev3: targets({ first_response: '4h' }) } } });
    const tk = ticketFixture({ createdAt: '2026-10-30T16:00:00-04:00' });
    const { state } = live([tk.event({ id: 'e0', at: '2026-10-30T16:00:00-04:00' })], rules);
    const [first] = explainTicket(state, rules, { now: ms('2026-10-30T16:00:00-04:00'), calendarSpecs: SPECS }).timers;
    // Fri 16–17 EDT (1h), Mon 09–12 EST (3h) → Mon 2 Nov 12:00 EST = 17:00Z.
    expect(iso(first!.dueAt)).toBe('2026-11-02T17:00:00.000Z');
    expect(first!.dstChanges).toEqual([{ at: ms('2026-11-01T06:00:00Z'), from: '-04:00', to: '-05:00' }]);
    expect(first!.summary).toMatch(/from Fri 30 Oct 16:00 EDT; UTC offset -04:00 → -05:00 at Sun 1 Nov 01:00 EST → due Mon 2 Nov 12:00 EST$/);
  });

  it('a retargeted timer: the retarget instant, the business time kept, and what counted after it', () => {
    const rules = rulesFixture();
    const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00-05:00', priority: 'low' });
    const { state, history } = live([tk.event({ id: 'e0', at: '2026-11-23T09:00:00-05:00' }), tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'high' })], rules);
    const [first] = explainTicket(state, rules, { now: ms('2026-11-23T10:00:00-05:00'), calendarSpecs: SPECS, history }).timers;
    // sev3 4h → sev2 2h at 10:00 with 1h kept: 1h more → 11:00.
    expect(first!.retarget).toEqual({ at: ms('2026-11-23T10:00:00-05:00'), keptMs: HOUR, changes: [{ at: ms('2026-11-23T10:00:00-05:00'), detail: `standard/sev2: ${2 * HOUR} ms` }] });
    expect(spans(first!.counted.intervals)).toEqual([['2026-11-23T15:00:00.000Z', '2026-11-23T16:00:00.000Z']]);
    expect(first!.retarget!.keptMs + first!.counted.businessMs).toBe(first!.view.targetMs);
    expect(first!.summary).toBe(
      "2h of business time on 'biz' (America/New_York, mon-fri 09:00-17:00) from Mon 23 Nov 09:00 EST; retargeted 10:00, keeping 1h counted before → due 11:00",
    );
  });

  it('ended and paused timers, a cap on the listed intervals, and no specs', () => {
    const rules = rulesFixture();
    const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00-05:00' });
    const { state } = live(
      [
        tk.event({ id: 'e0', at: '2026-11-23T09:00:00-05:00' }),
        tk.event({ id: 'a', at: '2026-11-23T09:30:00-05:00', comment: 'agent' }),
        tk.event({ id: 'p', at: '2026-11-24T10:00:00-05:00', status: 'pending' }),
      ],
      rules,
    );
    const e = explainTicket(state, rules, { now: ms('2026-11-24T11:00:00-05:00'), maxIntervals: 1 });
    expect(e.notes).toEqual(['calendar specs are not available here: holidays and weekly hours are left out']);
    const [first, resolution] = e.timers;
    expect(first!.summary).toBe("4h of business time on 'biz' (America/New_York) from Mon 23 Nov 09:00 EST → achieved 09:30 with 3h 30m to spare");
    expect(first!.holidays).toBeNull();
    // Resolution (40h): Mon 09–17 and Tue 09–10 counted, paused since Tue 10:00 (the current status).
    expect(resolution!.dueAt).toBeNull();
    expect(resolution!.counted).toMatchObject({ businessMs: 9 * HOUR, intervalCount: 2, intervals: [[ms('2026-11-23T09:00:00-05:00'), ms('2026-11-23T17:00:00-05:00')]] });
    expect(resolution!.notes).toEqual(['1 more open intervals counted; the first 1 are listed', 'paused: no due instant until the clock runs again']);
    expect(resolution!.pauses).toEqual([{ from: ms('2026-11-24T10:00:00-05:00'), to: null, status: 'pending' }]);
    expect(resolution!.summary).toMatch(/; paused Tue 24 Nov 10:00 EST–now \(pending\) → paused with 31h left$/);
  });

  it('a calendar the config no longer has is said so, not guessed', () => {
    const rules = rulesFixture();
    const tk = ticketFixture({ createdAt: '2026-11-23T09:00:00-05:00' });
    const { state } = live([tk.event({ id: 'e0', at: '2026-11-23T09:00:00-05:00' })], rules);
    const gone: SlaRules = { ...rules, calendars: new Map([...rules.calendars].filter(([id]) => id !== 'biz')) };
    const [first] = explainTicket(state, gone, { now: ms('2026-11-23T10:00:00-05:00'), calendarSpecs: new Map() }).timers;
    expect(first!.calendar).toMatchObject({ id: 'biz', known: false, hours: null });
    expect(first!.notes).toContain('calendar "biz" is not in the current config: its open intervals cannot be shown');
  });
});

describe('holidaysCrossed', () => {
  const nyDay = (date: string) => [ms(`${date}T00:00:00-05:00`), ms(`${date}T23:59:59-05:00`)] as const;
  const spec: CalendarSpec = {
    timezone: 'America/New_York',
    hours: { 'mon-fri': ['09:00-17:00'] },
    holidays: [{ date: '12-25', yearly: true, name: 'Christmas' }, { date: '02-29', yearly: true }, { date: '2027-07-04', yearly: true }, '2027-12-25'],
  };

  it.each([
    ['a yearly holiday in any year it falls in', [nyDay('2026-12-25')], [{ date: '2026-12-25', name: 'Christmas', yearly: true, hours: [] }]],
    ['a dated holiday wins over a yearly one on its date', [nyDay('2027-12-25')], [{ date: '2027-12-25', name: null, yearly: false, hours: [] }]],
    ['02-29 only in leap years', [[nyDay('2027-02-01')[0], nyDay('2027-03-31')[1]]], []],
    ['02-29 in a leap year', [[nyDay('2028-02-01')[0], nyDay('2028-03-31')[1]]], [{ date: '2028-02-29', name: null, yearly: true, hours: [] }]],
    ['a yearly holiday from its first year on', [[nyDay('2026-07-01')[0], nyDay('2026-07-31')[1]], [nyDay('2027-07-01')[0], nyDay('2027-07-31')[1]]], [{ date: '2027-07-04', name: null, yearly: true, hours: [] }]],
    ['the local date, not the UTC one', [[ms('2026-12-26T00:00:00Z'), ms('2026-12-26T04:00:00Z')]], [{ date: '2026-12-25', name: 'Christmas', yearly: true, hours: [] }]],
  ] as Array<[string, Array<readonly [number, number]>, unknown[]]>)('%s', (_name, periods, expected) => {
    expect(holidaysCrossed(spec, 'America/New_York', periods)).toEqual(expected);
  });
});
