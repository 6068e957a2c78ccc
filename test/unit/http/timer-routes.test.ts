import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, stopApps, type Harness } from './app-harness.js';
import { json, ticketA, ticketB, ticketC, ticketD } from './sla-fixtures.js';

afterEach(stopApps);

describe('GET /api/timers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startApp();
    h.tickets.put(ticketA(), ticketB(), ticketC(), ticketD());
  });

  const ids = (body: { timers: Array<{ ticket_id: string; metric: string }> }) => body.timers.map((t) => `${t.ticket_id}/${t.metric}`);

  it('lists running, paused and breached timers soonest due first, timers without due last', async () => {
    const body = await json(await fetch(`${h.base}/api/timers`));
    expect(ids(body)).toEqual(['T-3/first_response', 'T-1/next_response', 'T-1/resolution', 'T-3/resolution', 'T-2/first_response', 'T-2/resolution']);
    expect(h.tickets.calls).toEqual(['active(100)']);
    expect(body.timers[0]).toEqual({
      source: 'generic', ticket_id: 'T-3', subject: 'Subject of T-3', url: 'https://help.example.com/T-3',
      assignee: 'Dana', group: 'Tier 1', severity: 'sev3', policy: 'standard',
      metric: 'first_response', cycle: 1, state: 'breached',
      target_seconds: 28800, elapsed_seconds: 58530, remaining_seconds: -29730, percent: 203.2,
      due_at: '2026-11-20T10:00:00.000Z', achieved_at: null, breached_at: '2026-11-20T10:00:00.000Z',
      started_at: '2026-11-19T10:00:00.000Z', cancelled_at: null, calendar: 'office', zone: 'UTC', paused: false,
    });
    expect(body.timers[3].due_at).toBe('2026-11-26T10:00:00.000Z');
  });

  it('filters by state, severity, policy and metric (comma lists and repeats)', async () => {
    const get = async (q: string) => ids(await json(await fetch(`${h.base}/api/timers?${q}`)));
    expect(await get('state=breached')).toEqual(['T-3/first_response']);
    expect(await get('state=paused')).toEqual(['T-2/first_response', 'T-2/resolution']);
    expect(await get('severity=sev1')).toEqual(['T-1/next_response', 'T-1/resolution']);
    expect(await get('policy=standard')).toEqual(['T-3/first_response', 'T-3/resolution', 'T-2/first_response', 'T-2/resolution']);
    expect(await get('metric=resolution')).toEqual(['T-1/resolution', 'T-3/resolution', 'T-2/resolution']);
    expect(await get('metric=first_response,next_response&severity=sev1,sev3')).toEqual(['T-3/first_response', 'T-1/next_response', 'T-2/first_response']);
    expect(await get('state=running&state=breached&metric=first_response')).toEqual(['T-3/first_response']);
    expect(await get('limit=2')).toEqual(['T-3/first_response', 'T-1/next_response']);
  });

  it('reads recent tickets when ended states are asked for', async () => {
    const body = await json(await fetch(`${h.base}/api/timers?state=achieved`));
    expect(ids(body)).toEqual(['T-1/first_response', 'T-4/first_response', 'T-4/resolution']);
    expect(body.timers[1]).toMatchObject({ state: 'achieved', achieved_at: '2026-11-23T09:10:00.000Z', elapsed_seconds: 600, remaining_seconds: 28200, due_at: null });
    expect(h.tickets.calls).toEqual(['recent(100)']);
    h.tickets.calls.length = 0;
    const both = await json(await fetch(`${h.base}/api/timers?state=achieved,breached&limit=10`));
    expect(ids(both)).toEqual(['T-3/first_response', 'T-1/first_response', 'T-4/first_response', 'T-4/resolution']);
    expect(h.tickets.calls.sort()).toEqual(['active(10)', 'recent(10)']);
  });

  it('reads more tickets when a filter may skip some', async () => {
    await fetch(`${h.base}/api/timers?severity=sev1&limit=20`);
    expect(h.tickets.calls).toEqual(['active(100)']);
  });

  it.each([
    ['state=bogus', 'state', /unknown value "bogus"; use one or more of running, paused, breached, achieved, breached_achieved, cancelled/],
    ['state=running,Running', 'state', /unknown value "Running"/],
    ['severity=sev9', 'severity', /use one or more of sev1, sev3/],
    ['policy=gold', 'policy', /use one or more of enterprise, standard/],
    ['metric=first_reply', 'metric', /first_response, next_response, periodic_update, resolution/],
    ['limit=0', 'limit', /integer from 1 to 1000/],
    ['limit=5000', 'limit', /integer from 1 to 1000/],
    ['limit=abc', 'limit', /integer from 1 to 1000/],
  ])('answers 400 sla_query_invalid naming the parameter for %s', async (query, param, message) => {
    const res = await fetch(`${h.base}/api/timers?${query}`);
    expect(res.status).toBe(400);
    const error = (await json(res)).error;
    expect(error.code).toBe('sla_query_invalid');
    expect(error.message).toContain(`query parameter ${param} `);
    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].field).toBe(param);
    expect(error.fields[0].message).toMatch(message);
  });

  it('treats empty parameters as absent', async () => {
    const res = await fetch(`${h.base}/api/timers?state=&severity=&limit=`);
    expect(res.status).toBe(200);
    expect(ids(await json(res))).toHaveLength(6);
  });
});
