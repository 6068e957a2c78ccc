/** Help Scout write-back with nock: token fetch, cache and refresh, exact requests, 429 handling, refusals. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createHelpscoutWriter, helpscoutIntegration } from '../../../../integrations/helpscout/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { helpscoutConfig } from './helpscout-test-kit.js';

const API = 'https://api.helpscout.net';
const APP_ID = 'hs-app-id-4c1d';
const APP_SECRET = 'hs-app-secret-9e8f7a';
const FORM = `grant_type=client_credentials&client_id=${APP_ID}&client_secret=${APP_SECRET}`;
const DUE = Date.parse('2026-11-24T22:30:00Z');

const slept: number[] = [];
let clock = Date.parse('2026-11-24T10:00:00Z');

function writerOf(over: Record<string, unknown> = {}) {
  const config = helpscoutConfig({ app_id: APP_ID, app_secret: APP_SECRET, due_field: 77, ...over });
  const writer = createHelpscoutWriter(config, { sleep: async (ms) => void slept.push(ms), now: () => clock });
  if (writer === undefined) throw new Error('expected a writer');
  return writer;
}

function tokenEndpoint(token: string, times = 1) {
  return nock(API)
    .post('/v2/oauth2/token', FORM)
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .times(times)
    .reply(200, { token_type: 'bearer', access_token: token, expires_in: 172800 });
}

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
  clock = Date.parse('2026-11-24T10:00:00Z');
});

describe('helpscout writer', () => {
  it('fetches a client-credentials token and posts the note with it', async () => {
    const token = tokenEndpoint('tok-1');
    const note = nock(API)
      .post('/v2/conversations/2391938111/notes', { text: 'First response due in 15 min' })
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(201, '', { 'Resource-ID': '7020' });
    await writerOf().addInternalNote('2391938111', 'First response due in 15 min');
    expect(token.isDone()).toBe(true);
    expect(note.isDone()).toBe(true);
  });

  it('reuses the token until shortly before it expires, then fetches a new one', async () => {
    tokenEndpoint('tok-1');
    nock(API).post('/v2/conversations/1/notes').matchHeader('authorization', 'Bearer tok-1').times(2).reply(201);
    const writer = writerOf();
    await Promise.all([writer.addInternalNote('1', 'a'), writer.addInternalNote('1', 'b')]);
    clock += 172_800_000 - 30_000;
    tokenEndpoint('tok-2');
    const fresh = nock(API).post('/v2/conversations/1/notes').matchHeader('authorization', 'Bearer tok-2').reply(201);
    await writer.addInternalNote('1', 'c');
    expect(fresh.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('refreshes the token once when the API answers 401', async () => {
    tokenEndpoint('tok-1');
    nock(API).post('/v2/conversations/1/notes').matchHeader('authorization', 'Bearer tok-1').reply(401, { error: 'invalid_token' });
    tokenEndpoint('tok-2');
    const retried = nock(API).post('/v2/conversations/1/notes').matchHeader('authorization', 'Bearer tok-2').reply(201);
    await writerOf().addInternalNote('1', 'n');
    expect(retried.isDone()).toBe(true);
  });

  it('gives up after the refreshed token is refused too, without secrets in the error', async () => {
    tokenEndpoint('tok-1');
    tokenEndpoint('tok-2');
    nock(API).post('/v2/conversations/1/notes').times(2).reply(401, { error: 'invalid_token' });
    const err = (await writerOf().addInternalNote('1', 'n').catch((e: unknown) => e)) as WriteBackError;
    expect(err).toMatchObject({ retryable: false, status: 401, message: 'POST /v2/conversations/1/notes answered 401' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toMatch(/tok-|hs-app-secret|hs-app-id/);
  });

  it('reports a refused token request without the app secret', async () => {
    nock(API).post('/v2/oauth2/token').reply(401, { error: 'invalid_client' });
    const err = (await writerOf().addInternalNote('1', 'n').catch((e: unknown) => e)) as WriteBackError;
    expect(err).toMatchObject({ retryable: false, status: 401, message: 'POST /v2/oauth2/token answered 401' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(APP_SECRET);
  });

  it('writes the due date into the Date field, sending the other fields back (the endpoint replaces them all)', async () => {
    tokenEndpoint('tok-1');
    const read = nock(API)
      .get('/v2/conversations/2391938111')
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(200, {
        id: 2391938111,
        customFields: [
          { id: 8, name: 'Plan', value: '6', text: 'Enterprise' },
          { id: 77, name: 'SLA due', value: '2026-11-20', text: '2026-11-20' },
          { id: 9, name: 'Notes', value: '', text: '' },
        ],
      });
    const write = nock(API)
      .put('/v2/conversations/2391938111/fields', { fields: [{ id: 8, value: '6' }, { id: 77, value: '2026-11-24' }] })
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(204);
    await writerOf().setDueField!('2391938111', DUE);
    expect(read.isDone()).toBe(true);
    expect(write.isDone()).toBe(true);
  });

  it('waits out a 429 with Retry-After: 1 and delivers once', async () => {
    tokenEndpoint('tok-1');
    const scope = nock(API)
      .post('/v2/conversations/1/notes').reply(429, {}, { 'Retry-After': '1' })
      .post('/v2/conversations/1/notes').reply(201);
    await writerOf().addInternalNote('1', 'n');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
  });

  it('fails a 4xx without retrying; a 429 on the read is retryable with its wait', async () => {
    tokenEndpoint('tok-1');
    nock(API).post('/v2/conversations/404/notes').reply(404, { message: 'not found' });
    await expect(writerOf().addInternalNote('404', 'n')).rejects.toMatchObject({ retryable: false, status: 404 });
    tokenEndpoint('tok-1');
    nock(API).get('/v2/conversations/5').reply(429, {}, { 'Retry-After': '30' });
    await expect(writerOf().setDueField!('5', DUE)).rejects.toMatchObject({ retryable: true, status: 429, retryAfterMs: 30_000, message: 'GET /v2/conversations/5 answered 429' });
  });

  it('has no writer without app credentials and no due field without due_field', () => {
    expect(helpscoutIntegration.writer!(helpscoutConfig())).toBeUndefined();
    const writer = helpscoutIntegration.writer!(helpscoutConfig({ app_id: APP_ID, app_secret: APP_SECRET }));
    expect(writer).toBeDefined();
    expect(writer!.setDueField).toBeUndefined();
  });
});
