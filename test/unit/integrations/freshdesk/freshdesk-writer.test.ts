/** Freshdesk write-back against nock: exact method, path, body and auth. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createFreshdeskWriter, freshdeskIntegration } from '../../../../integrations/freshdesk/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { fdConfig } from './freshdesk-fixtures.js';

const BASE = 'https://acme.freshdesk.com';
const API_KEY = 'fdApiKey0123456789';
const AUTH = `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`;
const slept: number[] = [];
const sleep = async (ms: number) => void slept.push(ms);

function writer(over: Record<string, unknown> = {}) {
  const w = createFreshdeskWriter(fdConfig({ api_key: API_KEY, ...over }), { sleep });
  if (w === undefined) throw new Error('expected a writer');
  return w;
}

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('Freshdesk write-back', () => {
  it('adds a private note as escaped HTML with the API key as basic auth', async () => {
    const scope = nock(BASE)
      .post('/api/v2/tickets/4711/notes', { body: 'SLA: first response breached<br>due 09:15 &lt;UTC&gt; &amp; counting', private: true })
      .matchHeader('authorization', AUTH)
      .matchHeader('content-type', /application\/json/)
      .reply(201, { id: 9001, private: true });
    await writer().addInternalNote('4711', 'SLA: first response breached\ndue 09:15 <UTC> & counting');
    expect(scope.isDone()).toBe(true);
  });

  it('sets the due custom field to the ISO instant', async () => {
    const scope = nock(BASE)
      .put('/api/v2/tickets/4711', { custom_fields: { cf_sla_due: '2026-11-24T17:00:00.000Z' } })
      .matchHeader('authorization', AUTH)
      .reply(200, { id: 4711 });
    await writer({ due_field: 'cf_sla_due' }).setDueField!('4711', Date.parse('2026-11-24T17:00:00Z'));
    expect(scope.isDone()).toBe(true);
  });

  it('writes a date custom field as the calendar date in the account zone', async () => {
    const scope = nock(BASE).put('/api/v2/tickets/4711', { custom_fields: { cf_sla_due: '2026-11-25' } }).matchHeader('authorization', AUTH).reply(200, {});
    await writer({ due_field: 'cf_sla_due', due_field_format: 'date', timezone: 'Asia/Kolkata' }).setDueField!('4711', Date.parse('2026-11-24T20:00:00Z'));
    expect(scope.isDone()).toBe(true);
  });

  it('has no due setter without due_field, and no writer without api_key', () => {
    expect(writer().setDueField).toBeUndefined();
    expect(freshdeskIntegration.writer!(fdConfig())).toBeUndefined();
    expect(freshdeskIntegration.writer!(fdConfig({ api_key: API_KEY }))).toBeDefined();
  });

  it('honours 429 Retry-After: 1 and delivers exactly once', async () => {
    const scope = nock(BASE)
      .post('/api/v2/tickets/4711/notes').matchHeader('authorization', AUTH).reply(429, { message: 'rate limited' }, { 'Retry-After': '1' })
      .post('/api/v2/tickets/4711/notes', { body: 'note', private: true }).matchHeader('authorization', AUTH).once().reply(201, { id: 1 });
    await writer().addInternalNote('4711', 'note');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('fails a 4xx without retrying, and keeps the API key out of the error', async () => {
    nock(BASE).put('/api/v2/tickets/4711').reply(400, { description: 'Validation failed', errors: [{ field: 'cf_sla_due', message: 'invalid' }] });
    const err = (await writer({ due_field: 'cf_sla_due' }).setDueField!('4711', 0).catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 400, message: 'PUT /api/v2/tickets/4711 answered 400' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(API_KEY);
    expect(slept).toEqual([]);
  });

  it('refuses a ticket id that is not a Freshdesk number, without a request', async () => {
    await expect(writer().addInternalNote('../admin', 'x')).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('not a Freshdesk ticket id') });
  });
});
