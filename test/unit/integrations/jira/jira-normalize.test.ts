/** Jira payloads → TicketEvents: mapping tables, comments, drops, dedupe keys and field errors. */
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../integrations/integration.js';
import { DEFAULT_JIRA_PRIORITIES, DEFAULT_JIRA_STATUSES, jiraIntegration, normalizeJira, type JiraConfig } from '../../../../integrations/jira/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { AGENT_ID, API_USER_ID, CUSTOMER_ID, deliveryOf, fixture, jiraConfig, PARTICIPANT_ID } from './jira-test-kit.js';

function eventsOf(body: unknown, config: JiraConfig = jiraConfig(), headers: Record<string, string> = {}): TicketEvent[] {
  const r = normalizeJira(body, deliveryOf(body, headers), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function eventOf(body: unknown, config?: JiraConfig, headers?: Record<string, string>): TicketEvent {
  const events = eventsOf(body, config, headers);
  expect(events).toHaveLength(1);
  return events[0]!;
}

function errorsOf(body: unknown, config: JiraConfig = jiraConfig()): FieldError[] {
  const r = normalizeJira(body, deliveryOf(body), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

function withStatus(name: string, categoryKey?: string | null) {
  const p = fixture('issue-created');
  p.issue.fields.status = categoryKey === undefined ? { name } : { name, statusCategory: categoryKey === null ? null : { key: categoryKey } };
  return p;
}

function withPriority(name: string) {
  const p = fixture('issue-created');
  p.issue.fields.priority = { name, id: '1' };
  return p;
}

/** A `jira:issue_updated` carrying a new comment by `author`. */
function commented(author: Record<string, unknown> | null, comment: Record<string, unknown> = {}) {
  const p = fixture('issue-updated-commented');
  p.comment = { ...p.comment, author, ...comment };
  return p;
}

const AGENT = { accountId: AGENT_ID, accountType: 'atlassian', displayName: 'Dana Agent' };
const CUSTOMER = { accountId: CUSTOMER_ID, accountType: 'customer', displayName: 'Pat Customer' };

describe('jira statuses', () => {
  it.each(Object.entries(DEFAULT_JIRA_STATUSES))('maps the status name %s to %s', (name, status) => {
    // The category would say otherwise: the name table wins.
    expect(eventOf(withStatus(name, 'undefined')).ticket.status).toBe(status);
  });

  it('matches names case-insensitively', () => {
    expect(eventOf(withStatus('WAITING FOR CUSTOMER', 'indeterminate')).ticket.status).toBe('pending');
  });

  it.each([
    ['new', 'open'],
    ['indeterminate', 'open'],
    ['done', 'solved'],
  ])('maps an unlisted status by its category %s to %s', (category, status) => {
    expect(eventOf(withStatus('Triage', category)).ticket.status).toBe(status);
  });

  it('lets the config override names and categories', () => {
    const config = jiraConfig({ statuses: { 'Waiting for customer': 'on_hold', Triage: 'new' }, status_categories: { done: 'closed' } });
    expect(eventOf(withStatus('Waiting for customer', 'indeterminate'), config).ticket.status).toBe('on_hold');
    expect(eventOf(withStatus('triage', 'new'), config).ticket.status).toBe('new');
    expect(eventOf(withStatus('Shipped', 'done'), config).ticket.status).toBe('closed');
  });

  it.each([
    ['no category', undefined],
    ['a null category', null],
    ['the "undefined" (No category) category', 'undefined'],
    ['an unknown category', 'archived'],
  ])('refuses an unlisted status with %s, naming the value and the config key', (_name, category) => {
    const [error, ...rest] = errorsOf(withStatus('Awaiting Legal', category));
    expect(rest).toEqual([]);
    expect(error!.field).toBe('issue.fields.status.name');
    expect(error!.message).toMatch(/^unknown value "Awaiting Legal" .*integrations\.jira\.statuses: \{ "Awaiting Legal": new \}/);
  });
});

describe('jira priorities', () => {
  it.each(Object.entries(DEFAULT_JIRA_PRIORITIES))('maps %s to %s', (name, priority) => {
    expect(eventOf(withPriority(name)).ticket.priority).toBe(priority);
  });

  it('lets the config override and extend them', () => {
    const config = jiraConfig({ priorities: { High: 'urgent', 'P3 - Moderate': 'normal' } });
    expect(eventOf(withPriority('High'), config).ticket.priority).toBe('urgent');
    expect(eventOf(withPriority('p3 - moderate'), config).ticket.priority).toBe('normal');
    expect(eventOf(withPriority('Lowest'), config).ticket.priority).toBe('low');
  });

  it('takes a missing or null priority as none', () => {
    const p = fixture('issue-created');
    p.issue.fields.priority = null;
    expect(eventOf(p).ticket.priority).toBeNull();
    delete p.issue.fields.priority;
    expect(eventOf(p).ticket.priority).toBeNull();
  });

  it('refuses an unknown priority, naming the value and the config key', () => {
    expect(errorsOf(withPriority('P1'))).toEqual([
      { field: 'issue.fields.priority.name', message: expect.stringMatching(/^unknown value "P1" .*integrations\.jira\.priorities: \{ "P1": urgent \}/) },
    ]);
  });
});

describe('jira comments', () => {
  it.each<[string, Record<string, unknown> | null, Record<string, unknown>, Partial<JiraConfig>, 'agent' | 'customer']>([
    ['an Atlassian account', AGENT, {}, {}, 'agent'],
    ['a JSM customer account', { accountId: 'qm:other', accountType: 'customer' }, {}, {}, 'customer'],
    ['the reporter', { ...CUSTOMER, accountType: 'atlassian' }, {}, {}, 'customer'],
    ['the reporter when reporter_is_customer is false', { ...CUSTOMER, accountType: 'atlassian' }, {}, { reporter_is_customer: false }, 'agent'],
    ['a request participant', { accountId: PARTICIPANT_ID, accountType: 'atlassian' }, {}, { request_participants_field: 'customfield_10026' }, 'customer'],
    ['a request participant without the field configured', { accountId: PARTICIPANT_ID, accountType: 'atlassian' }, {}, {}, 'agent'],
    ['an app account', { accountId: '557058:automation', accountType: 'app' }, {}, {}, 'agent'],
    ['no account (an external email)', null, {}, {}, 'customer'],
  ])('tells who wrote it: %s', (_name, author, comment, config, who) => {
    expect(eventOf(commented(author, comment), jiraConfig(config)).comment).toEqual({ author: who, public: true });
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['jsdPublic true', { jsdPublic: true }, true],
    ['no jsdPublic (not a JSM project)', { jsdPublic: undefined }, true],
    ['jsdPublic false (JSM internal note)', { jsdPublic: false }, false],
    ['a role restriction', { visibility: { type: 'role', value: 'Service Desk Team' } }, false],
    ['a null visibility', { visibility: null }, true],
    ['the sd.public.comment property', { jsdPublic: undefined, properties: [{ key: 'sd.public.comment', value: { internal: true } }] }, false],
  ])('tells public from internal: %s', (_name, comment, isPublic) => {
    expect(eventOf(commented(AGENT, comment)).comment).toEqual({ author: 'agent', public: isPublic });
  });

  it('counts a comment made with a transition (issue_generic) as new', () => {
    const p = commented(AGENT);
    p.issue_event_type_name = 'issue_generic';
    expect(eventOf(p)).toMatchObject({ eventId: 'comment-10501', comment: { author: 'agent', public: true } });
  });

  it.each(['issue_comment_edited', 'issue_comment_deleted'])('carries no comment for %s, keyed by the delivery', (type) => {
    const p = commented(AGENT);
    p.issue_event_type_name = type;
    const e = eventOf(p, undefined, { 'x-atlassian-webhook-identifier': 'delivery-1' });
    expect(e).not.toHaveProperty('comment');
    expect(e.eventId).toBe('delivery-1');
  });

  it('maps comment_created with a full issue to the same event as jira:issue_updated', () => {
    const viaUpdate = fixture('issue-updated-commented');
    const viaComment: Record<string, any> = { ...viaUpdate, webhookEvent: 'comment_created' };
    delete viaComment.issue_event_type_name;
    delete viaComment.user;
    expect(eventOf(viaComment, undefined, { 'x-atlassian-webhook-identifier': 'a' })).toEqual(eventOf(viaUpdate, undefined, { 'x-atlassian-webhook-identifier': 'b' }));
  });

  it('acknowledges comment events whose issue Jira abbreviated, with no events', () => {
    expect(eventsOf(fixture('comment-created'))).toEqual([]);
    expect(eventsOf({ ...fixture('comment-created'), webhookEvent: 'comment_updated' })).toEqual([]);
  });

  it('maps comment_updated with a full issue without a comment', () => {
    const p = { ...fixture('issue-updated-commented'), webhookEvent: 'comment_updated' };
    expect(eventOf(p)).not.toHaveProperty('comment');
  });
});

describe('jira events we drop or cancel', () => {
  const config = jiraConfig({ api_user_account_id: API_USER_ID });
  const apiUser = { accountId: API_USER_ID, accountType: 'atlassian', displayName: 'SLA Timer' };

  it('drops our own internal note and our own due-date update', () => {
    expect(eventsOf(commented(apiUser, { jsdPublic: false }), config)).toEqual([]);
    const due = fixture('issue-updated-transition');
    due.user = apiUser;
    due.changelog.items = [{ field: 'SLA due', fieldtype: 'custom', fieldId: 'customfield_10060', from: null, fromString: null, to: null, toString: '25/Nov/26 10:00 AM' }];
    expect(eventsOf(due, config)).toEqual([]);
  });

  it('keeps other people’s events and everything when no API user is configured', () => {
    expect(eventsOf(commented(AGENT), config)).toHaveLength(1);
    expect(eventsOf(commented(apiUser))).toHaveLength(1);
  });

  it('marks jira:issue_deleted as deleted, even with an unmapped status or priority', () => {
    const p = fixture('issue-deleted');
    expect(eventOf(p)).toMatchObject({ deleted: true, ticket: { id: 'SUP-42', status: 'open' } });
    p.issue.fields.status = { name: 'Awaiting Legal' };
    p.issue.fields.priority = { name: 'P0' };
    expect(eventOf(p)).toMatchObject({ deleted: true, ticket: { status: 'closed', priority: null } });
  });

  it.each(['worklog_created', 'issuelink_created', 'comment_deleted', 'sprint_started', 'jira:version_released'])('acknowledges %s with no events', (webhookEvent) => {
    expect(eventsOf({ timestamp: 1795510800000, webhookEvent })).toEqual([]);
  });
});

describe('jira ticket fields and keys', () => {
  it('builds the dedupe key from the delivery header, else from the event, issue id and timestamp', () => {
    const p = fixture('issue-updated-transition');
    expect(eventOf(p, undefined, { 'x-atlassian-webhook-identifier': ' 9f1e2d3c ' }).eventId).toBe('9f1e2d3c');
    expect(eventOf(p).eventId).toBe('jira:issue_updated-10042-1795513200000');
  });

  it('reads group, organization and fields from the configured field ids', () => {
    const config = jiraConfig({ group_field: 'customfield_10070', organization_field: 'customfield_10002', fields: { tier: 'customfield_10070', seats: 'customfield_10071', missing: 'customfield_99999' } });
    const e = eventOf(fixture('issue-created'), config);
    expect(e.ticket).toMatchObject({ group: 'Gold', organization: 'Acme Corp', fields: { project: 'SUP', issuetype: 'Incident', tier: 'Gold', seats: 3, missing: null } });
  });

  it('fills absent optional fields with none', () => {
    const p = fixture('issue-created');
    for (const key of ['labels', 'assignee', 'reporter', 'summary', 'project', 'issuetype', 'customfield_10002']) delete p.issue.fields[key];
    const e = eventOf(p, jiraConfig({ organization_field: 'customfield_10002' }));
    expect(e.ticket).toMatchObject({ tags: [], assignee: null, requester: null, subject: null, group: null, organization: null });
    expect(e.ticket.fields).toEqual({});
  });

  it('links the ticket under the configured site URL', () => {
    expect(eventOf(fixture('issue-created'), jiraConfig({ base_url: 'https://jira.example.com/jira/' })).ticket.url).toBe('https://jira.example.com/jira/browse/SUP-42');
  });

  it('names every bad field with its path', () => {
    const p = fixture('issue-created');
    p.issue.key = '';
    p.issue.fields.status = { statusCategory: { key: 'new' } };
    p.issue.fields.created = '2026-11-24 10:00';
    p.issue.fields.labels = 'enterprise';
    expect(errorsOf(p).map((e) => e.field)).toEqual(['issue.key', 'issue.fields.status.name', 'issue.fields.created', 'issue.fields.labels']);
    expect(errorsOf({ webhookEvent: 'jira:issue_created', timestamp: '1795510800000' })).toEqual([{ field: 'timestamp', message: 'must be epoch milliseconds, e.g. 1795510800000; got "1795510800000"' }]);
    expect(errorsOf({ timestamp: 1795510800000, webhookEvent: 'jira:issue_updated' })).toEqual([{ field: 'issue', message: 'required: an object' }]);
    const noCreated = fixture('issue-created');
    delete noCreated.issue.fields.created;
    expect(errorsOf(noCreated)).toEqual([{ field: 'issue.fields.created', message: expect.stringMatching(/^required/) }]);
    expect(errorsOf([fixture('issue-created')])).toEqual([{ field: '(root)', message: expect.stringMatching(/^must be a Jira webhook object/) }]);
  });
});

describe('jira config', () => {
  const schema = jiraIntegration.configSchema;
  const minimal = { secret: 's', base_url: 'https://acme.atlassian.net' };

  it('needs the secret and the site URL, and normalizes the URL', () => {
    expect(schema.safeParse({ secret: 's' }).success).toBe(false);
    expect(schema.safeParse({ base_url: 'https://acme.atlassian.net' }).success).toBe(false);
    expect(schema.parse({ ...minimal, base_url: 'https://acme.atlassian.net/' }).base_url).toBe('https://acme.atlassian.net');
    expect(schema.safeParse({ ...minimal, base_url: 'acme.atlassian.net' }).success).toBe(false);
    expect(schema.safeParse({ ...minimal, base_url: 'https://user:pw@acme.atlassian.net' }).success).toBe(false);
  });

  it('refuses unknown keys, bad mappings, field names instead of ids and half the credentials', () => {
    expect(schema.safeParse({ ...minimal, subdomain: 'acme' }).success).toBe(false);
    expect(schema.safeParse({ ...minimal, statuses: { Pending: 'waiting' } }).success).toBe(false);
    expect(schema.safeParse({ ...minimal, priorities: { P1: 'critical' } }).success).toBe(false);
    expect(schema.safeParse({ ...minimal, status_categories: { archived: 'closed' } }).success).toBe(false);
    expect(schema.safeParse({ ...minimal, due_field: 'SLA due' }).success).toBe(false);
    const half = schema.safeParse({ ...minimal, email: 'bot@acme.test' });
    expect(half.success).toBe(false);
    expect(half.error?.issues[0]).toMatchObject({ path: ['api_token'], message: expect.stringContaining('both email and api_token') });
    expect(schema.safeParse({ ...minimal, comment_api: 'rest' }).success).toBe(false);
  });

  it('takes a full block', () => {
    const full = {
      ...minimal, previous_secret: 'p', statuses: { Triage: 'new' }, status_categories: { done: 'closed' }, priorities: { P1: 'urgent' },
      reporter_is_customer: false, request_participants_field: 'customfield_10026', organization_field: 'customfield_10002', group_field: 'components',
      fields: { tier: 'customfield_10070' }, email: 'bot@acme.test', api_token: 't', api_user_account_id: API_USER_ID, comment_api: 'platform', due_field: 'customfield_10060',
    };
    expect(schema.parse(full)).toEqual(full);
  });
});
