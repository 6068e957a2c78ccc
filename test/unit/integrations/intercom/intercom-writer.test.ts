/** Intercom write-back with nock: exact requests and headers, 429 handling, refusals, no credentials in errors. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntercomWriter, intercomIntegration } from '../../../../integrations/intercom/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { intercomConfig } from './intercom-test-kit.js';

const API = 'https://api.intercom.io';
const TOKEN = 'dG9rOmludGVyY29tLXRva2VuLTc3';
const DUE = Date.parse('2026-11-24T10:00:00Z');
const slept: number[] = [];

function writerOf(over: Record<string, unknown> = {}) {
  const writer = createIntercomWriter(intercomConfig({ access_token: TOKEN, admin_id: '814860', due_field: 'SLA due', ...over }), { sleep: async (ms) => void slept.push(ms) });
  if (writer === undefined) throw new Error('expected a writer');
  return writer;
}

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('intercom writer', () => {
  it('replies with an admin note, as HTML, with the bearer token and Intercom-Version', async () => {
    const scope = nock(API)
      .post('/conversations/147000000012/reply', { message_type: 'note', type: 'admin', admin_id: '814860', body: '<p>Resolution due at 10:00 &lt;UTC&gt; &amp; counting</p>' })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('intercom-version', '2.11')
      .reply(200, { type: 'conversation', id: '147000000012' });
    await writerOf().addInternalNote('147000000012', 'Resolution due at 10:00 <UTC> & counting');
    expect(scope.isDone()).toBe(true);
  });

  it('sets the due custom attribute in epoch seconds, or ISO text when asked', async () => {
    const unix = nock(API).put('/conversations/147000000012', { custom_attributes: { 'SLA due': DUE / 1000 } }).matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, {});
    await writerOf().setDueField!('147000000012', DUE);
    expect(unix.isDone()).toBe(true);
    const iso = nock('https://api.eu.intercom.io').put('/conversations/9', { custom_attributes: { 'SLA due': '2026-11-24T10:00:00.000Z' } }).matchHeader('intercom-version', '2.14').reply(200, {});
    await writerOf({ due_field_format: 'iso', api_url: 'https://api.eu.intercom.io', api_version: '2.14' }).setDueField!('9', DUE);
    expect(iso.isDone()).toBe(true);
  });

  it('waits out a 429 with Retry-After: 1 and delivers once', async () => {
    const scope = nock(API)
      .post('/conversations/1/reply').reply(429, { type: 'error.list', errors: [{ code: 'rate_limit_exceeded' }] }, { 'Retry-After': '1' })
      .post('/conversations/1/reply').reply(200, {});
    await writerOf().addInternalNote('1', 'n');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
  });

  it('fails a 4xx without retrying and keeps the token out of the error', async () => {
    nock(API).post('/conversations/1/reply').reply(401, { type: 'error.list', errors: [{ code: 'unauthorized', message: `Access Token Invalid ${TOKEN}` }] });
    const err = (await writerOf().addInternalNote('1', 'n').catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 401, message: 'POST /conversations/1/reply answered 401' });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(TOKEN);
  });

  it('has no writer without both access_token and admin_id, and no due field without due_field', () => {
    expect(intercomIntegration.writer!(intercomConfig({ access_token: TOKEN }))).toBeUndefined();
    expect(intercomIntegration.writer!(intercomConfig({ admin_id: '814860' }))).toBeUndefined();
    const writer = intercomIntegration.writer!(intercomConfig({ access_token: TOKEN, admin_id: '814860' }));
    expect(writer).toBeDefined();
    expect(writer!.setDueField).toBeUndefined();
  });
});
