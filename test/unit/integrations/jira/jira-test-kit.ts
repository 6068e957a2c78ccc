/**
 * Shared pieces of the Jira tests: the fixtures (as Jira sends them), a config, signing as
 * Jira signs (`X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`), and a POST
 * through the real HTTP route.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { jiraConfigSchema, type JiraConfig } from '../../../../integrations/jira/index.js';

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
