/** Jira deliveries through the real HTTP route: signatures, mapping, dedupe keys, field errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { jiraIntegration, type JiraConfig } from '../../../../integrations/jira/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { BASE_URL, fixture, JIRA_PREVIOUS_SECRET, jiraConfig, jiraSign, postJira } from './jira-test-kit.js';

const DELIVERY_ID = '6fd40b2c-7e1a-4c59-9d3b-2f8e0a1c5b77';

async function app(config: JiraConfig = jiraConfig({ organization_field: 'customfield_10002', fields: { tier: 'customfield_10070', seats: 'customfield_10071' } })) {
  return startApp({ registry: new Map([[jiraIntegration.name, jiraIntegration]]), integrationConfig: { jira: config } });
}

afterEach(stopApps);

describe('POST /webhooks/jira', () => {
  it('accepts a signed jira:issue_created and ingests the mapped event', async () => {
    const h = await app();
    const body = JSON.stringify(fixture('issue-created'));
    const res = await postJira(h.base, body, { headers: { 'x-atlassian-webhook-identifier': DELIVERY_ID } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.events).toEqual([
      {
        source: 'jira',
        eventId: DELIVERY_ID,
        occurredAt: Date.parse('2026-11-24T09:00:00Z'),
        ticket: {
          id: 'SUP-42',
          status: 'open',
          priority: 'high',
          createdAt: Date.parse('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: `${BASE_URL}/browse/SUP-42`,
          tags: ['enterprise', 'checkout'],
          group: 'Customer Support',
          organization: 'Acme Corp',
          assignee: 'Dana Agent',
          requester: 'Pat Customer',
          fields: { project: 'SUP', issuetype: 'Incident', tier: 'Gold', seats: 3 },
        },
      },
    ]);
  });

  it('maps a comment carried by jira:issue_updated, keyed by the comment id', async () => {
    const h = await app();
    const res = await postJira(h.base, JSON.stringify(fixture('issue-updated-commented')), { headers: { 'x-atlassian-webhook-identifier': DELIVERY_ID } });
    expect(res.status).toBe(202);
    const [event] = h.ingest.events;
    expect(event).toMatchObject({
      eventId: 'comment-10501',
      occurredAt: Date.parse('2026-11-24T09:10:00Z'),
      ticket: { id: 'SUP-42', status: 'open', priority: 'high' },
      comment: { author: 'agent', public: true },
    });
  });

  it('counts a retried delivery (same X-Atlassian-Webhook-Identifier) as a duplicate', async () => {
    const h = await app();
    const body = JSON.stringify(fixture('issue-updated-transition'));
    const first = await postJira(h.base, body, { headers: { 'x-atlassian-webhook-identifier': DELIVERY_ID } });
    const retry = await postJira(h.base, body, { headers: { 'x-atlassian-webhook-identifier': DELIVERY_ID, 'x-atlassian-webhook-retry': '1' } });
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await retry.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(h.ingest.events.map((e) => [e.eventId, e.ticket.status])).toEqual([[DELIVERY_ID, 'pending'], [DELIVERY_ID, 'pending']]);
  });

  it('accepts a delivery signed with previous_secret during a rotation', async () => {
    const h = await app();
    const res = await postJira(h.base, JSON.stringify(fixture('issue-created')), { secret: JIRA_PREVIOUS_SECRET });
    expect(res.status).toBe(202);
    expect(h.ingest.events).toHaveLength(1);
  });

  it.each<[string, (body: string) => string | null]>([
    ['a bad signature', () => jiraSign('x', 'wrong-secret')],
    ['a missing signature', () => null],
    ['a signature over a different body', (body) => jiraSign(body.replace('Checkout is down', 'Checkout is up'))],
    ['a signature with the wrong secret', (body) => jiraSign(body, 'not-the-secret')],
    ['a malformed signature', (body) => jiraSign(body).replace('sha256=', '')],
    ['a sha1 signature', () => `sha1=${'a'.repeat(40)}`],
  ])('refuses %s with 401 and ingests nothing', async (_name, signature) => {
    const h = await app();
    const body = JSON.stringify(fixture('issue-created'));
    const res = await postJira(h.base, body, { signature: signature(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_signature_invalid' } });
    expect(h.ingest.received).toEqual([]);
  });

  it('answers 400 naming the unknown status and the config key', async () => {
    const h = await app();
    const payload = fixture('issue-created');
    payload.issue.fields.status = { name: 'Awaiting Legal', statusCategory: { key: 'undefined' } };
    const res = await postJira(h.base, JSON.stringify(payload));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Array<{ field: string; message: string }> } };
    expect(body.error.code).toBe('sla_payload_invalid');
    expect(body.error.fields).toEqual([{ field: 'issue.fields.status.name', message: expect.stringContaining('"Awaiting Legal"') }]);
    expect(body.error.fields[0]!.message).toContain('integrations.jira.statuses');
    expect(h.ingest.received).toEqual([]);
  });

  it('answers 400 naming the unknown priority and the config key', async () => {
    const h = await app();
    const payload = fixture('issue-created');
    payload.issue.fields.priority = { name: 'P0 - Outage', id: '10100' };
    const res = await postJira(h.base, JSON.stringify(payload));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ field: string; message: string }> } };
    expect(body.error.fields).toEqual([{ field: 'issue.fields.priority.name', message: expect.stringMatching(/"P0 - Outage".*integrations\.jira\.priorities/) }]);
  });

  it('acknowledges events it has no use for with 202 and nothing ingested', async () => {
    const h = await app();
    const res = await postJira(h.base, JSON.stringify({ timestamp: 1795510800000, webhookEvent: 'worklog_created', worklog: { id: '10200' } }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
  });
});
