/**
 * Shared pieces of the Zammad tests: the fixtures (the default trigger webhook body), a
 * config, signing as Zammad signs (`X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`),
 * and a POST through the real HTTP route.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { zammadConfigSchema, type ZammadConfig } from '../../../../integrations/zammad/index.js';

export const ZAMMAD_SECRET = 'zammad-signature-token-5e1c';
export const ZAMMAD_PREVIOUS_SECRET = 'zammad-signature-token-old';
export const BASE_URL = 'https://support.example.com';
export const API_USER_ID = 14;

export type Fixture = 'ticket-created' | 'agent-reply' | 'state-changed-no-article';

/** A fresh, mutable copy of a fixture. */
export function fixture(name: Fixture): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/zammad/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
}

export function zammadConfig(over: Record<string, unknown> = {}): ZammadConfig {
  return zammadConfigSchema.parse({ secret: ZAMMAD_SECRET, previous_secret: ZAMMAD_PREVIOUS_SECRET, base_url: BASE_URL, ...over });
}

export function zammadSign(body: string | Buffer, secret = ZAMMAD_SECRET): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

export function deliveryOf(body: unknown, headers: Record<string, string | undefined> = {}): WebhookDelivery {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, headers: { 'x-hub-signature': zammadSign(rawBody), ...headers }, query: {}, receivedAt: Date.parse('2026-11-24T12:00:00Z') };
}

/** POSTs a body to `/webhooks/zammad` as Zammad would, signed with `secret` unless a signature is given (null: none). */
export function postZammad(base: string, body: string, opts: { secret?: string; signature?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Zammad User Agent',
    'x-zammad-trigger': 'SLA timer',
    ...opts.headers,
  };
  const signature = opts.signature === undefined ? zammadSign(body, opts.secret) : opts.signature;
  if (signature !== null) headers['x-hub-signature'] = signature;
  return fetch(`${base}/webhooks/zammad`, { method: 'POST', headers, body });
}
