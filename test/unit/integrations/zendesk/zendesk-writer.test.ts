/** Write-back to Zendesk, against nock: exactly the requests Zendesk's Tickets API expects. */
import nock from 'nock';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { createZendeskWriter, zendeskIntegration } from '../../../../integrations/zendesk/index.js';
import { formatDue } from '../../../../integrations/zendesk/zendesk-writer.js';
import { config } from './zendesk-kit.js';

const API = 'https://acme.zendesk.com';
const EMAIL = 'sla-bot@acme.example';
const TOKEN = 'Zx9Q8w7E6r5T4y3U2i1O0pAsDfGhJkL';
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
const DUE = Date.parse('2026-11-24T23:30:00Z');

const slept: number[] = [];
const sleep = async (ms: number) => void slept.push(ms);
const writeBack = { email: EMAIL, api_token: TOKEN };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

function writer(over: Record<string, unknown> = {}) {
  const w = createZendeskWriter(config({ write_back: writeBack, due_field: { id: 360012345678 }, ...over }), { sleep });
  if (w === undefined) throw new Error('expected a writer');
  return w;
}

describe('Zendesk write-back', () => {
  it('adds an internal note: PUT /api/v2/tickets/{id}.json with a private comment, basic email/token auth', async () => {
    const scope = nock(API)
      .put('/api/v2/tickets/35436.json', { ticket: { comment: { body: 'First response due in 15 minutes. (sla-timer)', public: false } } })
      .matchHeader('authorization', BASIC)
      .matchHeader('content-type', /application\/json/)
      .reply(200, { ticket: { id: 35436 } });
    await writer().addInternalNote('35436', 'First response due in 15 minutes. (sla-timer)');
    expect(scope.isDone()).toBe(true);
  });

  it('writes the due instant as ISO 8601 into the configured field', async () => {
    const scope = nock(API)
      .put('/api/v2/tickets/35436.json', { ticket: { custom_fields: [{ id: 360012345678, value: '2026-11-24T23:30:00.000Z' }] } })
      .matchHeader('authorization', BASIC)
      .reply(200, {});
    await writer().setDueField!('35436', DUE);
    expect(scope.isDone()).toBe(true);
  });

  it('writes YYYY-MM-DD in the configured zone for a date field', async () => {
    const scope = nock(API)
      .put('/api/v2/tickets/35436.json', { ticket: { custom_fields: [{ id: 360012345678, value: '2026-11-25' }] } })
      .reply(200, {});
    await writer({ due_field: { id: '360012345678', format: 'date', timezone: 'Europe/Berlin' } }).setDueField!('35436', DUE);
    expect(scope.isDone()).toBe(true);
    expect(formatDue(DUE, 'date', 'UTC')).toBe('2026-11-24');
    expect(formatDue(DUE, 'date', 'America/Los_Angeles')).toBe('2026-11-24');
  });

  it('waits out a 429 with Retry-After: 1 and delivers exactly once', async () => {
    const scope = nock(API)
      .put('/api/v2/tickets/35436.json').reply(429, { error: 'TooManyRequests' }, { 'Retry-After': '1' })
      .put('/api/v2/tickets/35436.json').reply(200, { ticket: { id: 35436 } });
    await writer().addInternalNote('35436', 'note');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([1_000]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('fails a 4xx without retrying, and never puts credentials in the error', async () => {
    nock(API).put('/api/v2/tickets/35436.json').reply(422, { error: 'RecordInvalid', description: 'Record validation errors' });
    const err = (await writer().addInternalNote('35436', 'note').catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 422, message: 'PUT /api/v2/tickets/35436.json answered 422' });
    expect(slept).toEqual([]);
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(EMAIL);
    expect(everything).not.toContain(BASIC.slice(6));
  });

  it('treats 401 as a refusal too (a revoked token is not fixed by retrying)', async () => {
    nock(API).put('/api/v2/tickets/1.json').reply(401, { error: "Couldn't authenticate you" });
    await expect(writer().addInternalNote('1', 'note')).rejects.toMatchObject({ retryable: false, status: 401 });
  });

  it('refuses a ticket id that is not digits before sending anything', async () => {
    await expect(writer().addInternalNote('../users/1', 'note')).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/ticket ids are digits/) });
  });

  it('has no writer without credentials, and no due-field writer without a due field', () => {
    expect(createZendeskWriter(config())).toBeUndefined();
    expect(zendeskIntegration.writer!(config())).toBeUndefined();
    const notesOnly = createZendeskWriter(config({ write_back: writeBack }));
    expect(notesOnly).toBeDefined();
    expect(notesOnly!.setDueField).toBeUndefined();
    expect(zendeskIntegration.writer!(config({ write_back: writeBack, due_field: { id: 5 } }))!.setDueField).toBeTypeOf('function');
  });
});
