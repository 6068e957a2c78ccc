/**
 * Shared pieces of the Help Scout tests: the fixtures (v2 conversation bodies), a config,
 * signing as Help Scout signs (`X-HelpScout-Signature: <base64 HMAC-SHA1 of the raw body>`),
 * and a POST through the real HTTP route.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { helpscoutConfigSchema, type HelpscoutConfig } from '../../../../integrations/helpscout/index.js';
import type { WebhookDelivery } from '../../../../integrations/integration.js';

export const HELPSCOUT_SECRET = 'hs-webhook-secret-2b9f4c';
export const HELPSCOUT_PREVIOUS_SECRET = 'hs-webhook-secret-old';
export const RECEIVED_AT = Date.parse('2026-11-24T12:00:00Z');
/** The Help Scout user our OAuth app acts as. */
export const API_USER_ID = 901;

export type Fixture = 'convo-created' | 'agent-reply' | 'customer-reply' | 'note-created' | 'status-pending' | 'convo-deleted';

/** A fresh, mutable copy of a fixture. */
export function fixture(name: Fixture): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/helpscout/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
}

export function helpscoutConfig(over: Record<string, unknown> = {}): HelpscoutConfig {
  return helpscoutConfigSchema.parse({ secret: HELPSCOUT_SECRET, previous_secret: HELPSCOUT_PREVIOUS_SECRET, priority_tags: { urgent: ['p1'], high: ['p2'] }, ...over });
}

export function helpscoutSign(body: string | Buffer, secret = HELPSCOUT_SECRET): string {
  return createHmac('sha1', secret).update(body).digest('base64');
}

export function deliveryOf(event: string, body: unknown, headers: Record<string, string | undefined> = {}): WebhookDelivery {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, headers: { 'x-helpscout-event': event, 'x-helpscout-signature': helpscoutSign(rawBody), ...headers }, query: {}, receivedAt: RECEIVED_AT };
}

/** POSTs a body to `/webhooks/helpscout` as Help Scout would, signed with `secret` unless a signature is given (null: none). */
export function postHelpscout(base: string, event: string, body: string, opts: { secret?: string; signature?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-helpscout-event': event };
  const signature = opts.signature === undefined ? helpscoutSign(body, opts.secret) : opts.signature;
  if (signature !== null) headers['x-helpscout-signature'] = signature;
  return fetch(`${base}/webhooks/helpscout`, { method: 'POST', headers, body });
}
