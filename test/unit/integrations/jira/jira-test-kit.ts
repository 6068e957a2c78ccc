/**
 * Shared pieces of the Jira tests: the fixtures (as Jira sends them), a config, signing as
 * Jira signs (`X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`), and a POST
 * through the real HTTP route.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { jiraConfigSchema, type JiraConfig } from '../../../../integrations/jira/index.js';
import { LIFE, lifeCreatedAt, type LifeStep } from '../../../support/ticket-life.js';

export const JIRA_SECRET = 'jira-webhook-secret-7f3a';
export const JIRA_PREVIOUS_SECRET = 'jira-webhook-secret-old';
export const BASE_URL = 'https://acme.atlassian.net';
export const AGENT_ID = '5b10a2844c20165700ede21g';
export const CUSTOMER_ID = 'qm:7d1f5c3e-1b2a-4c9d-8e6f-0a1b2c3d4e5f:9a8b7c6d';
export const PARTICIPANT_ID = 'qm:1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6:11223344';
export const API_USER_ID = '712020:5f0c3a1e-9b8d-4e7f-a6c5-b4d3e2f1a0b9';

export type Fixture = 'issue-created' | 'issue-updated-commented' | 'issue-updated-transition' | 'comment-created' | 'issue-deleted';

/** A fresh, mutable copy of a fixture. */
export function fixture(name: Fixture): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/jira/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
}

export function jiraConfig(over: Record<string, unknown> = {}): JiraConfig {
  return jiraConfigSchema.parse({ secret: JIRA_SECRET, previous_secret: JIRA_PREVIOUS_SECRET, base_url: BASE_URL, ...over });
}

export function jiraSign(body: string | Buffer, secret = JIRA_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function deliveryOf(body: unknown, headers: Record<string, string | undefined> = {}): WebhookDelivery {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, headers: { 'x-hub-signature': jiraSign(rawBody), ...headers }, query: {}, receivedAt: Date.parse('2026-11-24T12:00:00Z') };
}

/** POSTs a body to `/webhooks/jira` as Jira would, signed with `secret` unless a signature is given (null: none). */
export function postJira(base: string, body: string, opts: { secret?: string; signature?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    'user-agent': 'Atlassian Webhook HTTP Client',
    'x-atlassian-webhook-flow': 'Primary',
    ...opts.headers,
  };
  const signature = opts.signature === undefined ? jiraSign(body, opts.secret) : opts.signature;
  if (signature !== null) headers['x-hub-signature'] = signature;
  return fetch(`${base}/webhooks/jira`, { method: 'POST', headers, body });
}

// ---------------------------------------------------------------------------------------------
// The ticket life (test/support/ticket-life.ts) as Jira Service Management's webhooks tell it

export const LIFE_ISSUE_KEY = 'SUP-42';
export const LIFE_AGENT = { accountId: AGENT_ID, accountType: 'atlassian', displayName: 'Dana Agent' };
export const LIFE_CUSTOMER = { accountId: CUSTOMER_ID, accountType: 'customer', displayName: 'Pat Customer' };

/** JSM status after each step, as a service project's workflow names it. */
export const JIRA_LIFE_STATUS: Readonly<Record<LifeStep['name'], { name: string; id: string; category: string }>> = {
  created: { name: 'Waiting for support', id: '10018', category: 'new' },
  agentReply: { name: 'Work in progress', id: '10019', category: 'indeterminate' },
  customerReply: { name: 'Work in progress', id: '10019', category: 'indeterminate' },
  pending: { name: 'Waiting for customer', id: '10020', category: 'indeterminate' },
  reopened: { name: 'Waiting for support', id: '10018', category: 'new' },
  solved: { name: 'Resolved', id: '10021', category: 'done' },
};

/** An instant as Jira writes date-times in webhooks: `2026-11-24T09:00:00.000+0000`. */
export function jiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export interface JiraLifeOptions {
  /** The life's steps (default LIFE; `lifeAt` retimes them); the first one's instant is the creation. */
  steps?: readonly LifeStep[];
  /** The issue key (the ticket id), default SUP-42, and the issue id. */
  key?: string;
  issueId?: string;
}

/**
 * One life step as the Jira webhook that reports it: `jira:issue_created` for the creation,
 * then one `jira:issue_updated` per step carrying the comment (`issue_commented`), or the
 * comment and the transition made with it (`issue_generic` with the status change, and the
 * resolution when resolved, in `changelog`). `timestamp` is the step's instant.
 */
export function jiraLifePayload(index: number, options: JiraLifeOptions = {}): Record<string, any> {
  const steps = options.steps ?? LIFE;
  const step = steps[index];
  if (step === undefined) throw new Error(`the life has no step ${index}`);
  const p = fixture(index === 0 ? 'issue-created' : 'issue-updated-commented');
  const status = JIRA_LIFE_STATUS[step.name];
  const before = index > 0 ? JIRA_LIFE_STATUS[steps[index - 1]!.name] : undefined;
  const fields = p.issue.fields;
  p.timestamp = Date.parse(step.at);
  p.issue.key = options.key ?? LIFE_ISSUE_KEY;
  if (options.issueId !== undefined) p.issue.id = options.issueId;
  fields.created = jiraDateTime(Date.parse(lifeCreatedAt(steps)));
  fields.updated = jiraDateTime(p.timestamp);
  fields.status = { name: status.name, id: status.id, statusCategory: { key: status.category } };
  fields.labels = [];
  const resolved = status.category === 'done';
  if (resolved) {
    fields.resolution = { id: '10000', name: 'Done' };
    fields.resolutiondate = fields.updated;
  }
  if (step.comment === null) {
    delete p.comment;
    return p;
  }
  const author = step.comment.author === 'agent' ? LIFE_AGENT : LIFE_CUSTOMER;
  p.user = author;
  // A status change with a comment is one jira:issue_updated from a transition screen.
  const transition = before !== undefined && before.name !== status.name;
  p.issue_event_type_name = transition ? 'issue_generic' : 'issue_commented';
  if (transition) {
    p.changelog = {
      id: String(20300 + index),
      items: [
        { field: 'status', fieldtype: 'jira', fieldId: 'status', from: before.id, fromString: before.name, to: status.id, toString: status.name },
        ...(resolved ? [{ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' }] : []),
      ],
    };
  }
  p.comment = { ...p.comment, id: String(10500 + index), author, updateAuthor: author, created: fields.updated, updated: fields.updated, jsdPublic: step.comment.public };
  return p;
}

/** Every step's payload, in order. */
export function jiraLife(options: JiraLifeOptions = {}): Array<Record<string, any>> {
  return (options.steps ?? LIFE).map((_, i) => jiraLifePayload(i, options));
}
