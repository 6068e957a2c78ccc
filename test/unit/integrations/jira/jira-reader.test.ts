/** Reading a Jira issue for resync, against nock: the request, the mapping (the webhook normalizer's), 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createJiraReader, jiraIntegration, normalizeJira } from '../../../../integrations/jira/index.js';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { BASE_URL, deliveryOf, fixture, jiraConfig } from './jira-test-kit.js';
import { offlineHttp } from '../../../support/offline-http.js';

const EMAIL = 'sla-bot@acme.example';
const TOKEN = 'ATATT3xFfGF0-test-token';
const AUTH = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
const UPDATED = '2026-11-24T11:05:12.345+0000';
const { slept, sleep } = offlineHttp();

/** "Get issue": the issue as webhooks embed it, plus `updated` and the fields a GET adds. */
function getIssue(over: Record<string, unknown> = {}): Record<string, any> {
  const issue = fixture('issue-updated-transition').issue as Record<string, any>;
  return { expand: 'renderedFields,names,schema', ...issue, fields: { ...issue.fields, updated: UPDATED, comment: { comments: [], total: 0 }, ...over } };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createJiraReader(jiraConfig({ email: EMAIL, api_token: TOKEN, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Jira ticket reader', () => {
  it('GETs /rest/api/3/issue/{key} with email:api_token and maps the issue exactly as its webhook', async () => {
    const body = getIssue();
    const key = body.key as string;
    const scope = nock(BASE_URL).get(`/rest/api/3/issue/${key}`).matchHeader('authorization', AUTH).reply(200, body);
    const event = await reader().read(key);
    expect(scope.isDone()).toBe(true);
    const hook = fixture('issue-updated-transition');
    const viaWebhook = normalizeJira(hook, deliveryOf(hook), jiraConfig());
    if (!viaWebhook.ok) throw new Error('fixture should normalize');
    expect(event).toEqual({ source: 'jira', eventId: `resync-${key}-${Date.parse('2026-11-24T11:05:12.345Z')}`, occurredAt: Date.parse('2026-11-24T11:05:12.345Z'), ticket: viaWebhook.events[0]!.ticket });
    expect(event?.comment).toBeUndefined();
  });

  it('maps a workflow status by its category and the configured names', async () => {
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(200, getIssue({ status: { name: 'Awaiting vendor', statusCategory: { key: 'indeterminate' } } }));
    expect((await reader({ statuses: { 'Awaiting vendor': 'on_hold' } }).read('SUP-42'))?.ticket.status).toBe('on_hold');
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(200, getIssue({ status: { name: 'Done', statusCategory: { key: 'done' } } }));
    expect((await reader().read('SUP-42'))?.ticket.status).toBe('solved');
  });

  it('names the missing field when the issue has no updated instant or an unmapped priority', async () => {
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(200, getIssue({ updated: undefined }));
    await expect(reader().read('SUP-42')).rejects.toThrow(/fields\.updated: required/);
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(200, getIssue({ priority: { name: 'P0' } }));
    await expect(reader().read('SUP-42')).rejects.toThrow(/fields\.priority\.name: unknown value "P0".*integrations\.jira\.priorities/);
  });

  it('answers null for a 404 (deleted, or hidden from the API user)', async () => {
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    expect(await reader().read('SUP-42')).toBeNull();
  });

  it('waits out a 429 Retry-After, then reads', async () => {
    const scope = nock(BASE_URL).get('/rest/api/3/issue/SUP-42').reply(429, {}, { 'Retry-After': '3' }).get('/rest/api/3/issue/SUP-42').reply(200, getIssue());
    expect((await reader().read('SUP-42'))?.ticket.id).toBe(getIssue().key);
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([3000]);
  });

  it('throws a TicketReadError on a 500 after its retries', async () => {
    nock(BASE_URL).get('/rest/api/3/issue/SUP-42').times(3).reply(500);
    const err = (await reader().read('SUP-42').catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err.status).toBe(500);
    expect(err.message).not.toContain(TOKEN);
  });

  it('has no reader without both email and api_token', () => {
    expect(jiraIntegration.reader?.(jiraConfig())).toBeUndefined();
  });
});
