import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createWriteBackHttp, parseRetryAfter, WriteBackError } from '../../../integrations/shared/write-back-http.js';

const BASE = 'https://acme.example.com';
const slept: number[] = [];
const http = (over: Partial<Parameters<typeof createWriteBackHttp>[0]> = {}) =>
  createWriteBackHttp({ baseURL: BASE, auth: { username: 'bot@acme.test/token', password: 's3cret' }, sleep: async (ms) => void slept.push(ms), ...over });

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('write-back HTTP', () => {
  it('honours a 429 Retry-After in place and delivers once', async () => {
    const basic = `Basic ${Buffer.from('bot@acme.test/token:s3cret').toString('base64')}`;
    const scope = nock(BASE)
      .post('/api/notes', { body: 'hello' }).matchHeader('authorization', basic).reply(429, {}, { 'Retry-After': '2' })
      .post('/api/notes', { body: 'hello' }).matchHeader('authorization', basic).reply(201, { id: 7 });
    await expect(http().send('POST', '/api/notes', { body: 'hello' })).resolves.toEqual({ id: 7 });
    expect(slept).toEqual([2_000]);
    expect(scope.isDone()).toBe(true);
  });

  it('hands a long Retry-After back to the queue instead of waiting', async () => {
    nock(BASE).put('/t/1').reply(429, {}, { 'Retry-After': '120' });
    const err = await http().send('PUT', '/t/1', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 120_000 });
    expect(slept).toEqual([]);
  });

  it('retries 5xx with backoff, then fails retryable', async () => {
    nock(BASE).patch('/x').times(3).reply(503);
    await expect(http().send('PATCH', '/x', {})).rejects.toMatchObject({ retryable: true, status: 503, message: 'PATCH /x answered 503' });
    expect(slept).toEqual([250, 500]);
  });

  it('does not retry a refusal, and never puts credentials in the message', async () => {
    nock(BASE).post('/y').reply(403, { error: 'forbidden' });
    const err = (await http().send('POST', '/y', {}).catch((e: unknown) => e)) as WriteBackError;
    expect(err).toMatchObject({ retryable: false, status: 403, message: 'POST /y answered 403' });
    expect(JSON.stringify({ ...err, message: err.message })).not.toMatch(/s3cret|bot@acme/);
  });

  it('treats no answer as retryable', async () => {
    nock(BASE).post('/z').times(3).delay(200).reply(200, {});
    await expect(http({ timeoutMs: 50 }).send('POST', '/z', {})).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/^POST \/z got no answer/) });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
