import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, stopApps, type Harness } from './app-harness.js';
import { json, rules, ticketA, ticketB } from './sla-fixtures.js';

afterEach(stopApps);

describe('GET /api/tickets/:source/:id', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startApp();
    h.tickets.put(ticketA(), ticketB());
  });

  it('shows the SLA with exact business seconds and ISO instants at the injected now (10:15:30.5)', async () => {
    const res = await fetch(`${h.base}/api/tickets/generic/T-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const common = { calendar: 'office', zone: 'UTC', cancelled_at: null, paused: false };
    expect(await json(res)).toEqual({
      source: 'generic',
      ticket_id: 'T-1',
      subject: 'Subject of T-1',
      url: 'https://help.example.com/T-1',
      status: 'open',
      priority: 'urgent',
      severity: 'sev1',
      policy: 'enterprise',
      config_version: 'v7',
      paused: false,
      timers: [
        {
          ...common, metric: 'first_response', cycle: 1, state: 'achieved',
          target_seconds: 3600, elapsed_seconds: 1200, remaining_seconds: 2400, percent: 33.3,
          due_at: null, achieved_at: '2026-11-23T09:20:00.000Z', breached_at: null, started_at: '2026-11-23T09:00:00.000Z',
        },
        {
          ...common, metric: 'resolution', cycle: 1, state: 'running',
          target_seconds: 14400, elapsed_seconds: 4530, remaining_seconds: 9870, percent: 31.5,
          due_at: '2026-11-23T13:00:00.000Z', achieved_at: null, breached_at: null, started_at: '2026-11-23T09:00:00.000Z',
        },
        {
          ...common, metric: 'next_response', cycle: 1, state: 'running',
          target_seconds: 1800, elapsed_seconds: 930, remaining_seconds: 870, percent: 51.7,
          due_at: '2026-11-23T10:30:00.000Z', achieved_at: null, breached_at: null, started_at: '2026-11-23T10:00:00.000Z',
        },
      ],
    });
  });

  it('shows a paused ticket: clocks stopped, no due instant', async () => {
    const body = await json(await fetch(`${h.base}/api/tickets/generic/T-2`));
    expect(body.paused).toBe(true);
    expect(body.status).toBe('pending');
    expect(body.timers[0]).toMatchObject({
      metric: 'first_response', state: 'paused', paused: true,
      target_seconds: 28800, elapsed_seconds: 1800, remaining_seconds: 27000, percent: 6.3, due_at: null,
    });
  });

  it('reads the rules per request (config reloads apply)', async () => {
    let current = rules;
    const h2 = await startApp({ rules: () => current });
    h2.tickets.put(ticketA());
    current = { ...rules, calendars: new Map([...rules.calendars].map(([id, e]) => [id, { ...e, zone: 'Europe/Berlin' }])) };
    const body = await json(await fetch(`${h2.base}/api/tickets/generic/T-1`));
    expect(body.timers[0].zone).toBe('Europe/Berlin');
  });

  it('answers 404 sla_not_found for an unknown ticket', async () => {
    const res = await fetch(`${h.base}/api/tickets/generic/T-999`);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('sla_not_found');
  });

  it('decodes URL-encoded ticket ids', async () => {
    h.tickets.put({ ...ticketA(), ticketId: 'a/b c' });
    const res = await fetch(`${h.base}/api/tickets/generic/${encodeURIComponent('a/b c')}`);
    expect(res.status).toBe(200);
    expect((await json(res)).ticket_id).toBe('a/b c');
  });
});

describe('GET /api/tickets/:source/:id/history', () => {
  it('lists entries newest first with ISO instants, honouring limit', async () => {
    const h = await startApp();
    h.tickets.put(ticketA());
    h.tickets.histories.set('generic:T-1', [
      { recordedAt: Date.parse('2026-11-23T10:00:01Z'), cause: 'a3', occurredAt: Date.parse('2026-11-23T10:00:00Z'), configVersion: 'v7', changes: [{ kind: 'started', metric: 'next_response', cycle: 1, at: Date.parse('2026-11-23T10:00:00Z') }] },
      { recordedAt: Date.parse('2026-11-23T09:20:01Z'), cause: 'checkpoint', occurredAt: null, configVersion: null, changes: [{ kind: 'achieved', metric: 'first_response', cycle: 1, at: Date.parse('2026-11-23T09:20:00Z'), detail: 'by Dana' }] },
    ]);
    const res = await fetch(`${h.base}/api/tickets/generic/T-1/history`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      entries: [
        {
          recorded_at: '2026-11-23T10:00:01.000Z', cause: 'a3', occurred_at: '2026-11-23T10:00:00.000Z', config_version: 'v7',
          changes: [{ kind: 'started', metric: 'next_response', cycle: 1, at: '2026-11-23T10:00:00.000Z', detail: null }],
        },
        {
          recorded_at: '2026-11-23T09:20:01.000Z', cause: 'checkpoint', occurred_at: null, config_version: null,
          changes: [{ kind: 'achieved', metric: 'first_response', cycle: 1, at: '2026-11-23T09:20:00.000Z', detail: 'by Dana' }],
        },
      ],
    });
    const one = await json(await fetch(`${h.base}/api/tickets/generic/T-1/history?limit=1`));
    expect(one.entries).toHaveLength(1);
    expect(h.tickets.calls).toEqual(['history(100)', 'history(1)']);
  });

  it('validates limit and answers 404 for a ticket with neither state nor history', async () => {
    const h = await startApp();
    h.tickets.put(ticketA());
    for (const limit of ['0', '1001', 'ten', '-1', '1.5']) {
      const res = await fetch(`${h.base}/api/tickets/generic/T-1/history?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      const error = (await json(res)).error;
      expect(error.code).toBe('sla_query_invalid');
      expect(error.fields).toEqual([{ field: 'limit', message: expect.stringMatching(/^must be an integer from 1 to 1000/) }]);
    }
    expect((await fetch(`${h.base}/api/tickets/generic/T-1/history?limit=1000`)).status).toBe(200);
    expect((await fetch(`${h.base}/api/tickets/generic/nope/history`)).status).toBe(404);
  });
});
