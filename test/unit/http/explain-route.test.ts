/**
 * `GET /api/tickets/:source/:id/explain` on the harness rules (`office`: Mon–Fri 09:00–17:00
 * UTC) at the harness clock, Mon 23 Nov 10:15:30.5Z.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendar, type CalendarSpec } from '../../../src/clock/index.js';
import { apply } from '../../../src/sla/index.js';
import { at, buildRules, event, startApp, stateFrom, stopApps } from './app-harness.js';
import { json, rules, ticketA } from './sla-fixtures.js';

afterEach(stopApps);

const SPECS = new Map<string, CalendarSpec>([
  ['office', { timezone: 'UTC', hours: { 'mon-fri': ['09:00-17:00'] }, holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }] }],
  ['always', { timezone: 'UTC', hours: '24x7' }],
]);
const specs = () => SPECS;

describe('GET /api/tickets/:source/:id/explain', () => {
  it('explains each timer: calendar, target, runs, the open intervals that counted, and a summary', async () => {
    const h = await startApp({ calendarSpecs: specs });
    h.tickets.put(ticketA());
    const res = await fetch(`${h.base}/api/tickets/generic/T-1/explain`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ source: 'generic', ticket_id: 'T-1', policy: 'enterprise', severity: 'sev1', config_version: 'v7', status: 'open', now: '2026-11-23T10:15:30.500Z', notes: [] });
    expect(body.timers.map((t: any) => t.summary)).toEqual([
      "1h of business time on 'office' (UTC, mon-fri 09:00-17:00) from Mon 23 Nov 09:00 UTC → achieved 09:20 with 40m to spare",
      "4h of business time on 'office' (UTC, mon-fri 09:00-17:00) from Mon 23 Nov 09:00 UTC → due 13:00",
      "30m of business time on 'office' (UTC, mon-fri 09:00-17:00) from Mon 23 Nov 10:00 UTC → due 10:30",
    ]);
    expect(body.timers[1]).toEqual({
      metric: 'resolution', cycle: 1, state: 'running', summary: expect.any(String),
      calendar: { id: 'office', zone: 'UTC', hours: 'mon-fri 09:00-17:00', in_config: true },
      target: '4h 00m', target_seconds: 14_400, target_from: { policy: 'enterprise', severity: 'sev1', config_version: 'v7' },
      started_at: '2026-11-23T09:00:00.000Z', due_at: '2026-11-23T13:00:00.000Z', due_local: 'Mon 23 Nov 13:00 UTC',
      achieved_at: null, breached_at: null, cancelled_at: null, elapsed_seconds: 4530, explained_until: '2026-11-23T13:00:00.000Z',
      spans: [{ from: '2026-11-23T09:00:00.000Z', to: null }], pauses: [], counting_runs: [{ from: '2026-11-23T09:00:00.000Z', to: null }], retarget: null,
      counted: { business_seconds: 14_400, open_intervals: [{ from: '2026-11-23T09:00:00.000Z', to: '2026-11-23T13:00:00.000Z' }], open_interval_count: 1, open_intervals_omitted: 0 },
      holidays: [], dst_changes: [], notes: [],
    });
  });

  it('lists the holidays crossed from the config specs', async () => {
    // The rules' calendars built from the same specs, as the config loader does.
    const withHolidays = { ...rules, calendars: new Map([...SPECS].map(([id, spec]) => [id, { calendar: createCalendar(spec), zone: spec.timezone }])) };
    const h = await startApp({ rules: () => withHolidays, calendarSpecs: specs, clock: () => at('2026-11-25T16:30:00Z') });
    // sev3 / standard: 8h first response from Wed 16:00 → Wed 16–17, Thanksgiving closed, Fri 09–16.
    h.tickets.put(stateFrom(withHolidays, [event('w1', '2026-11-25T16:00:00Z', { id: 'T-9', status: 'new' })]));
    const first = (await json(await fetch(`${h.base}/api/tickets/generic/T-9/explain`))).timers[0];
    expect(first.due_at).toBe('2026-11-27T16:00:00.000Z');
    expect(first.holidays).toEqual([{ date: '2026-11-26', name: 'Thanksgiving', yearly: false, hours: [] }]);
    expect(first.counted.open_intervals).toEqual([
      { from: '2026-11-25T16:00:00.000Z', to: '2026-11-25T17:00:00.000Z' },
      { from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T16:00:00.000Z' },
    ]);
    expect(first.summary).toMatch(/; holiday 2026-11-26 Thanksgiving \(closed\) → due Fri 27 Nov 16:00 UTC$/);
  });

  it('names the status of each pause from the audit trail', async () => {
    const h = await startApp({ calendarSpecs: specs });
    h.tickets.put(stateFrom(rules, [
      event('b1', '2026-11-23T09:00:00Z', { id: 'T-2' }),
      event('b2', '2026-11-23T09:30:00Z', { id: 'T-2', status: 'pending', createdAt: at('2026-11-23T09:00:00Z') }),
      event('b3', '2026-11-23T10:00:00Z', { id: 'T-2', status: 'open', createdAt: at('2026-11-23T09:00:00Z') }),
    ]));
    h.tickets.histories.set('generic:T-2', [
      { recordedAt: at('2026-11-23T09:30:01Z'), cause: 'b2', occurredAt: at('2026-11-23T09:30:00Z'), configVersion: 'v7', changes: [{ kind: 'paused', metric: 'first_response', cycle: 1, at: at('2026-11-23T09:30:00Z'), detail: 'pending' }] },
    ]);
    const first = (await json(await fetch(`${h.base}/api/tickets/generic/T-2/explain`))).timers[0];
    expect(first.pauses).toEqual([{ from: '2026-11-23T09:30:00.000Z', to: '2026-11-23T10:00:00.000Z', status: 'pending' }]);
    // 8h first response: 30m before the pause, 7h30m from 10:00 → 17:30 is past closing: Tue 09:30.
    expect(first.due_at).toBe('2026-11-24T09:30:00.000Z');
    expect(first.summary).toMatch(/; paused 09:30–10:00 \(pending\) → due Tue 24 Nov 09:30 UTC$/);
    expect(h.tickets.calls).toEqual(['history(1000)']);
  });

  it('shows which config each target came from after a reload', async () => {
    const v7 = buildRules();
    const v8 = { ...v7, version: 'v8', policies: v7.policies.map((p) => ({ ...p, targets: { ...p.targets, sev1: { ...p.targets['sev1'], first_response: { targetMs: 7_200_000, calendarId: 'office' } } } })) };
    let state = ticketA();
    state = apply(state, event('a4', '2026-11-23T10:10:00Z', { id: 'T-1', priority: 'urgent', tags: ['enterprise'], createdAt: at('2026-11-23T09:00:00Z') }, { comment: { author: 'customer', public: false } }), v8, at('2026-11-23T10:10:00Z')).state;
    const h = await startApp({ rules: () => v8, calendarSpecs: specs });
    h.tickets.put(state);
    const ticket = await json(await fetch(`${h.base}/api/tickets/generic/T-1`));
    expect(ticket.config_version).toBe('v8');
    const body = await json(await fetch(`${h.base}/api/tickets/generic/T-1/explain`));
    expect(body.config_version).toBe('v8');
    expect(body.timers.map((t: any) => [t.metric, t.target_from.config_version])).toEqual([['first_response', 'v7'], ['resolution', 'v7'], ['next_response', 'v7']]);
  });

  it('leaves holidays out, with a note, when no calendar specs are wired', async () => {
    const h = await startApp();
    h.tickets.put(ticketA());
    const body = await json(await fetch(`${h.base}/api/tickets/generic/T-1/explain`));
    expect(body.notes).toEqual(['calendar specs are not available here: holidays and weekly hours are left out']);
    expect(body.timers[1]).toMatchObject({ holidays: null, calendar: { hours: null } });
    expect(body.timers[1].summary).toBe("4h of business time on 'office' (UTC) from Mon 23 Nov 09:00 UTC → due 13:00");
  });

  it('answers 404 sla_not_found for an unknown ticket', async () => {
    const h = await startApp();
    const res = await fetch(`${h.base}/api/tickets/generic/T-404/explain`);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('sla_not_found');
  });
});
