/** Write-back to Jira with nock: the exact requests Jira's APIs expect, retries and refusals. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createJiraWriter, jiraIntegration, type JiraConfig } from '../../../../integrations/jira/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { BASE_URL, jiraConfig } from './jira-test-kit.js';

const EMAIL = 'sla-bot@acme.test';
const TOKEN = 'ATATT3xFfGF0-s3cret-token';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
const DUE = Date.parse('2026-11-24T10:00:00Z');
const slept: number[] = [];

function writer(over: Record<string, unknown> = {}) {
  const w = createJiraWriter(jiraConfig({ email: EMAIL, api_token: TOKEN, due_field: 'customfield_10060', ...over }), { sleep: async (ms) => void slept.push(ms) });
  if (w === undefined) throw new Error('expected a writer');
  return w;
}

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('jira writer', () => {
  it('adds an internal JSM request comment by default', async () => {
    const scope = nock(BASE_URL)
      .post('/rest/servicedeskapi/request/SUP-42/comment', { body: 'First response due in 15 minutes.', public: false })
      .matchHeader('authorization', BASIC)
      .matchHeader('content-type', /^application\/json/)
      .reply(201, { id: '10600', public: false });
    await writer().addInternalNote('SUP-42', 'First response due in 15 minutes.');
    expect(scope.isDone()).toBe(true);
  });

  it('adds an internal platform comment (ADF and sd.public.comment) when comment_api is platform', async () => {
    const scope = nock(BASE_URL)
      .post('/rest/api/3/issue/SUP-42/comment', {
        body: {
          type: 'doc',
          version: 1,
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Resolution breached.' }] },
            { type: 'paragraph', content: [{ type: 'text', text: 'Target was 8h.' }] },
          ],
        },
        properties: [{ key: 'sd.public.comment', value: { internal: true } }],
      })
      .matchHeader('authorization', BASIC)
      .reply(201, { id: '10601' });
    await writer({ comment_api: 'platform' }).addInternalNote('SUP-42', 'Resolution breached.\n\nTarget was 8h.');
    expect(scope.isDone()).toBe(true);
  });

  it('writes the due instant into a Date Time custom field in Jira’s own form', async () => {
    const scope = nock(BASE_URL)
      .put('/rest/api/3/issue/SUP-42', { fields: { customfield_10060: '2026-11-24T10:00:00.000+0000' } })
      .matchHeader('authorization', BASIC)
      .reply(204);
    await writer().setDueField!('SUP-42', DUE);
    expect(scope.isDone()).toBe(true);
  });

  it('writes the UTC date into the system duedate field', async () => {
    const scope = nock(BASE_URL).put('/rest/api/3/issue/SUP-42', { fields: { duedate: '2026-11-24' } }).matchHeader('authorization', BASIC).reply(204);
    await writer({ due_field: 'duedate' }).setDueField!('SUP-42', DUE);
    expect(scope.isDone()).toBe(true);
  });

  it('honours a 429 Retry-After and delivers once', async () => {
    const scope = nock(BASE_URL)
      .post('/rest/servicedeskapi/request/SUP-42/comment', { body: 'note', public: false })
      .reply(429, { errorMessage: 'Rate limit exceeded' }, { 'Retry-After': '1' })
      .post('/rest/servicedeskapi/request/SUP-42/comment', { body: 'note', public: false })
      .reply(201, { id: '10602' });
    await writer().addInternalNote('SUP-42', 'note');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('fails a 4xx without retrying, and never puts credentials in the error', async () => {
    nock(BASE_URL).put('/rest/api/3/issue/SUP-42').reply(400, { errors: { customfield_10060: 'Field cannot be set. It is not on the appropriate screen, or unknown.' } });
    const err = (await writer().setDueField!('SUP-42', DUE).catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 400, message: 'PUT /rest/api/3/issue/SUP-42 answered 400' });
    expect(slept).toEqual([]);
    const text = `${err.message} ${err.stack ?? ''} ${JSON.stringify({ ...err })}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(BASIC.slice(6));
  });

  it('hands 5xx back to the queue as retryable after its attempts', async () => {
    nock(BASE_URL).post('/rest/servicedeskapi/request/SUP-42/comment').times(3).reply(503);
    await expect(writer().addInternalNote('SUP-42', 'note')).rejects.toMatchObject({ retryable: true, status: 503 });
  });

  it('has no writer without credentials and no setDueField without a due field', () => {
    expect(jiraIntegration.writer!(jiraConfig())).toBeUndefined();
    const plain = jiraIntegration.writer!(jiraConfig({ email: EMAIL, api_token: TOKEN }) as JiraConfig);
    expect(plain).toBeDefined();
    expect(plain!.setDueField).toBeUndefined();
  });
});
