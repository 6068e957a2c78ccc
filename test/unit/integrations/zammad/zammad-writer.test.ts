/** Zammad write-back with nock: exact requests, 429 handling, refusals, no credentials in errors. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createZammadWriter, zammadIntegration } from '../../../../integrations/zammad/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { BASE_URL, zammadConfig } from './zammad-test-kit.js';

const TOKEN = 'zammad-api-token-9d8c7b6a';
const slept: number[] = [];
const writerOf = (over: Record<string, unknown> = {}) => {
  const writer = createZammadWriter(zammadConfig({ api_token: TOKEN, due_field: 'sla_due_at', ...over }), { sleep: async (ms) => void slept.push(ms) });
  if (writer === undefined) throw new Error('expected a writer');
  return writer;
};
const DUE = Date.parse('2026-11-24T10:00:00Z');

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('zammad writer', () => {
  it('posts an internal note as a ticket article with the token header', async () => {
    const scope = nock(BASE_URL)
      .post('/api/v1/ticket_articles', { ticket_id: 81, body: 'First response due in 15 min', content_type: 'text/plain', type: 'note', internal: true })
      .matchHeader('authorization', `Token token=${TOKEN}`)
      .matchHeader('content-type', /application\/json/)
      .reply(201, { id: 312, ticket_id: 81 });
    await writerOf().addInternalNote('81', 'First response due in 15 min');
    expect(scope.isDone()).toBe(true);
  });

  it('writes the due instant into the configured attribute as ISO 8601', async () => {
    const scope = nock(BASE_URL)
      .put('/api/v1/tickets/81', { sla_due_at: '2026-11-24T10:00:00.000Z' })
      .matchHeader('authorization', `Token token=${TOKEN}`)
      .reply(200, { id: 81 });
    await writerOf().setDueField!('81', DUE);
    expect(scope.isDone()).toBe(true);
  });

  it('keeps a path in base_url', async () => {
    const scope = nock('https://example.com').post('/zammad/api/v1/ticket_articles').reply(201, {});
    await writerOf({ base_url: 'https://example.com/zammad/' }).addInternalNote('7', 'x');
    expect(scope.isDone()).toBe(true);
  });

  it('waits out a 429 with Retry-After: 1 and delivers once', async () => {
    const scope = nock(BASE_URL)
      .post('/api/v1/ticket_articles').reply(429, { error: 'too many requests' }, { 'Retry-After': '1' })
      .post('/api/v1/ticket_articles').reply(201, { id: 313 });
    await writerOf().addInternalNote('81', 'note');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
  });

  it('fails a 4xx without retrying and keeps the token out of the error', async () => {
    nock(BASE_URL).put('/api/v1/tickets/81').reply(422, { error: `unknown attribute sla_due_at for ${TOKEN}` });
    const err = (await writerOf().setDueField!('81', DUE).catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 422, message: 'PUT /api/v1/tickets/81 answered 422' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(TOKEN);
  });

  it('has no writer without an API token and no due field without due_field', () => {
    expect(zammadIntegration.writer!(zammadConfig())).toBeUndefined();
    const writer = zammadIntegration.writer!(zammadConfig({ api_token: TOKEN }));
    expect(writer).toBeDefined();
    expect(writer!.setDueField).toBeUndefined();
  });
});
