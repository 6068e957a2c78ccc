/**
 * What the webhook fuzz needs to know about each source: its config block, real deliveries
 * (the fixtures of test/fixtures/<tool>, plus the headers a tool sends with them), the
 * fields each fixture cannot do without, and how the tool authenticates a delivery.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The receiving server's clock; Zendesk timestamps are signed relative to it. */
export const NOW = Date.parse('2026-11-24T12:00:30Z');

/** How a tool proves a delivery is its own. */
export type AuthScheme =
  /** `<header>: [<algorithm>=]<HMAC of the raw body>` (generic, Jira, Zammad, Intercom, Help Scout). */
  | { kind: 'hmac'; header: string; algorithm: 'sha1' | 'sha256'; encoding: 'hex' | 'base64'; prefixed: boolean }
  /** base64 HMAC-SHA256 of timestamp + body, with the timestamp in its own header and a 5-minute window. */
  | { kind: 'zendesk' }
  /** No signature: `X-SLA-Token: <secret>` or basic auth `sla-timer:<secret>` (Freshdesk, ServiceNow). */
  | { kind: 'shared-secret' };

export interface FuzzFixture {
  name: string;
  body: Record<string, unknown>;
  /** Headers the tool sends besides authentication (Help Scout names the event in one). */
  headers: Record<string, string>;
  /** Paths (keys, array indexes as numbers) whose absence or wrong type must be a 400 naming them. */
  required: Array<Array<string | number>>;
}

export interface FuzzSource {
  name: string;
  /** The `integrations.<name>` block, before the integration's schema parses it. */
  config: Record<string, unknown>;
  secret: string;
  previousSecret: string;
  auth: AuthScheme;
  fixtures: FuzzFixture[];
}

const ZENDESK_TS = 'x-zendesk-webhook-signature-timestamp';
const ZENDESK_SIG = 'x-zendesk-webhook-signature';

/** The headers that authenticate `raw` with `secret` (Zendesk: signed at `timestamp`; shared secret: as token or basic auth). */
export function authHeaders(scheme: AuthScheme, raw: Buffer, secret: string, opts: { timestamp?: string; basic?: boolean } = {}): Record<string, string> {
  switch (scheme.kind) {
    case 'hmac': {
      const digest = createHmac(scheme.algorithm, secret).update(raw).digest(scheme.encoding);
      return { [scheme.header]: scheme.prefixed ? `${scheme.algorithm}=${digest}` : digest };
    }
    case 'zendesk': {
      const timestamp = opts.timestamp ?? zendeskTimestamp(NOW);
      const signature = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp, 'latin1'), raw])).digest('base64');
      return { [ZENDESK_TS]: timestamp, [ZENDESK_SIG]: signature };
    }
    case 'shared-secret':
      return opts.basic ? { authorization: basicAuth('sla-timer', secret) } : { 'x-sla-token': secret };
  }
}

/** The header names a scheme reads, for forging them. */
export function authHeaderNames(scheme: AuthScheme): string[] {
  if (scheme.kind === 'hmac') return [scheme.header];
  if (scheme.kind === 'zendesk') return [ZENDESK_TS, ZENDESK_SIG];
  return ['x-sla-token', 'authorization'];
}

/** As Zendesk sends it: ISO 8601 without milliseconds. */
export function zendeskTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function fixture(tool: string, name: string, required: Array<Array<string | number>>, headers: Record<string, string> = {}): FuzzFixture {
  const body = JSON.parse(readFileSync(new URL(`../../fixtures/${tool}/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  return { name, body, headers, required };
}

const p = (dotted: string): Array<string | number> => dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
const paths = (...dotted: string[]) => dotted.map(p);

const GENERIC_EVENT = {
  event_id: 'evt-1001',
  occurred_at: '2026-11-24T09:05:00Z',
  ticket: {
    id: 'T-42', status: 'open', priority: 'urgent', created_at: '2026-11-24T09:00:00Z', subject: 'Checkout is down',
    url: 'https://help.example.com/T-42', tags: ['enterprise'], group: 'Tier 1', organization: 'Acme', assignee: 'Dana',
    requester: 'pat@example.com', fields: { region: 'eu', seats: 40 },
  },
  comment: { author: 'agent', public: true },
};

const FRESHDESK_REQUIRED = paths('event', 'ticket_id', 'status', 'priority', 'created_at', 'updated_at');
const SERVICENOW_REQUIRED = paths('sys_id', 'number', 'state', 'priority', 'opened_at', 'sys_updated_on', 'sys_mod_count');
const JIRA_ISSUE_REQUIRED = paths('timestamp', 'webhookEvent', 'issue', 'issue.id', 'issue.key', 'issue.fields', 'issue.fields.created', 'issue.fields.status', 'issue.fields.status.name');
const ZAMMAD_REQUIRED = paths('ticket', 'ticket.id', 'ticket.created_at', 'ticket.updated_at');
const INTERCOM_REQUIRED = paths('type', 'data', 'data.item', 'data.item.id', 'id', 'topic');
const HELPSCOUT_CONVO = paths('id', 'status', 'createdAt', '_embedded.threads.0.id', '_embedded.threads.0.createdAt');
const hs = (event: string) => ({ 'x-helpscout-event': event });

/** The eight sources, by name. */
export const FUZZ_SOURCES: Readonly<Record<string, FuzzSource>> = {
  generic: {
    name: 'generic',
    config: { secret: 'fz-generic-secret-1', previous_secret: 'fz-generic-secret-0' },
    secret: 'fz-generic-secret-1',
    previousSecret: 'fz-generic-secret-0',
    auth: { kind: 'hmac', header: 'x-signature', algorithm: 'sha256', encoding: 'hex', prefixed: true },
    fixtures: [
      { name: 'event', body: GENERIC_EVENT, headers: {}, required: paths('event_id', 'occurred_at', 'ticket', 'ticket.id', 'ticket.status', 'ticket.created_at', 'comment.author') },
    ],
  },
  zendesk: {
    name: 'zendesk',
    config: { secret: 'fz-zendesk-secret-1', previous_secret: 'fz-zendesk-secret-0', subdomain: 'acme' },
    secret: 'fz-zendesk-secret-1',
    previousSecret: 'fz-zendesk-secret-0',
    auth: { kind: 'zendesk' },
    fixtures: [
      fixture('zendesk', 'event-ticket-created', paths('id', 'time', 'detail', 'detail.created_at', 'detail.status')),
      fixture('zendesk', 'event-comment-added', paths('id', 'time', 'detail', 'detail.created_at', 'detail.status', 'event', 'event.comment', 'event.comment.author')),
      fixture('zendesk', 'event-status-changed', paths('id', 'time', 'detail', 'detail.created_at')),
      fixture('zendesk', 'event-soft-deleted', paths('id', 'time')),
      fixture('zendesk', 'event-user-created', []),
      fixture('zendesk', 'trigger-comment-added', paths('status', 'created_at', 'updated_at', 'comment_author_role')),
      fixture('zendesk', 'trigger-ticket-updated', paths('status', 'created_at', 'updated_at')),
    ],
  },
  freshdesk: {
    name: 'freshdesk',
    config: { secret: 'fz-freshdesk-secret-1', previous_secret: 'fz-freshdesk-secret-0', domain: 'acme' },
    secret: 'fz-freshdesk-secret-1',
    previousSecret: 'fz-freshdesk-secret-0',
    auth: { kind: 'shared-secret' },
    fixtures: ['ticket-created', 'ticket-updated', 'agent-reply', 'customer-reply', 'note-added'].map((n) => fixture('freshdesk', n, FRESHDESK_REQUIRED)),
  },
  jira: {
    name: 'jira',
    config: { secret: 'fz-jira-secret-1', previous_secret: 'fz-jira-secret-0', base_url: 'https://acme.atlassian.net' },
    secret: 'fz-jira-secret-1',
    previousSecret: 'fz-jira-secret-0',
    auth: { kind: 'hmac', header: 'x-hub-signature', algorithm: 'sha256', encoding: 'hex', prefixed: true },
    fixtures: [
      ...['issue-created', 'issue-updated-commented', 'issue-updated-transition', 'issue-deleted'].map((n) => fixture('jira', n, JIRA_ISSUE_REQUIRED)),
      fixture('jira', 'comment-created', paths('timestamp', 'webhookEvent', 'issue')),
    ],
  },
  servicenow: {
    name: 'servicenow',
    config: { secret: 'fz-servicenow-secret-1', previous_secret: 'fz-servicenow-secret-0', instance: 'acme' },
    secret: 'fz-servicenow-secret-1',
    previousSecret: 'fz-servicenow-secret-0',
    auth: { kind: 'shared-secret' },
    fixtures: ['incident-created', 'agent-comment', 'caller-comment', 'on-hold-awaiting-caller', 'work-note', 'canceled'].map((n) => fixture('servicenow', n, SERVICENOW_REQUIRED)),
  },
  zammad: {
    name: 'zammad',
    config: { secret: 'fz-zammad-secret-1', previous_secret: 'fz-zammad-secret-0', base_url: 'https://support.example.com' },
    secret: 'fz-zammad-secret-1',
    previousSecret: 'fz-zammad-secret-0',
    auth: { kind: 'hmac', header: 'x-hub-signature', algorithm: 'sha1', encoding: 'hex', prefixed: true },
    fixtures: ['ticket-created', 'agent-reply', 'state-changed-no-article'].map((n) => fixture('zammad', n, ZAMMAD_REQUIRED)),
  },
  helpscout: {
    name: 'helpscout',
    config: { secret: 'fz-helpscout-secret-1', previous_secret: 'fz-helpscout-secret-0' },
    secret: 'fz-helpscout-secret-1',
    previousSecret: 'fz-helpscout-secret-0',
    auth: { kind: 'hmac', header: 'x-helpscout-signature', algorithm: 'sha1', encoding: 'base64', prefixed: false },
    fixtures: [
      fixture('helpscout', 'convo-created', HELPSCOUT_CONVO, hs('convo.created')),
      fixture('helpscout', 'agent-reply', HELPSCOUT_CONVO, hs('convo.agent.reply.created')),
      fixture('helpscout', 'customer-reply', HELPSCOUT_CONVO, hs('convo.customer.reply.created')),
      fixture('helpscout', 'note-created', HELPSCOUT_CONVO, hs('convo.note.created')),
      fixture('helpscout', 'status-pending', paths('id', 'status', 'createdAt'), hs('convo.status')),
      fixture('helpscout', 'convo-deleted', paths('id'), hs('convo.deleted')),
    ],
  },
  intercom: {
    name: 'intercom',
    config: { secret: 'fz-intercom-secret-1', previous_secret: 'fz-intercom-secret-0' },
    secret: 'fz-intercom-secret-1',
    previousSecret: 'fz-intercom-secret-0',
    auth: { kind: 'hmac', header: 'x-hub-signature', algorithm: 'sha1', encoding: 'hex', prefixed: true },
    fixtures: [
      ...['conversation-user-created', 'conversation-admin-replied', 'conversation-user-replied', 'conversation-admin-noted', 'conversation-admin-snoozed', 'conversation-admin-closed']
        .map((n) => fixture('intercom', n, [...INTERCOM_REQUIRED, p('data.item.created_at')])),
      fixture('intercom', 'conversation-deleted', INTERCOM_REQUIRED),
      fixture('intercom', 'ping', paths('topic')),
    ],
  },
};
