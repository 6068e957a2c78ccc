/**
 * Shared pieces of the Intercom tests: the fixtures (notifications as Intercom sends them),
 * a config, signing as Intercom signs (`X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw
 * body with the app's client secret>`), and a POST through the real HTTP route.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { intercomConfigSchema, type IntercomConfig } from '../../../../integrations/intercom/index.js';

export const INTERCOM_SECRET = 'intercom-client-secret-31d7';
export const INTERCOM_PREVIOUS_SECRET = 'intercom-client-secret-old';
export const RECEIVED_AT = Date.parse('2026-11-24T12:00:00Z');
/** 2026-11-24T09:00:00Z in epoch seconds, as Intercom sends instants. */
export const T0 = 1795510800;

export type Fixture =
  | 'conversation-user-created'
  | 'conversation-admin-replied'
  | 'conversation-user-replied'
  | 'conversation-admin-noted'
  | 'conversation-admin-snoozed'
  | 'conversation-admin-closed'
  | 'conversation-deleted'
  | 'ping';

/** A fresh, mutable copy of a fixture. */
export function fixture(name: Fixture): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/intercom/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
}

export function intercomConfig(over: Record<string, unknown> = {}): IntercomConfig {
  return intercomConfigSchema.parse({ secret: INTERCOM_SECRET, previous_secret: INTERCOM_PREVIOUS_SECRET, ...over });
}

export function intercomSign(body: string | Buffer, secret = INTERCOM_SECRET): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

export function deliveryOf(body: unknown): WebhookDelivery {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, headers: { 'x-hub-signature': intercomSign(rawBody) }, query: {}, receivedAt: RECEIVED_AT };
}

/** POSTs a body to `/webhooks/intercom` as Intercom would, signed with `secret` unless a signature is given (null: none). */
export function postIntercom(base: string, body: string, opts: { secret?: string; signature?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'intercom-parrot-service-client/1.0' };
  const signature = opts.signature === undefined ? intercomSign(body, opts.secret) : opts.signature;
  if (signature !== null) headers['x-hub-signature'] = signature;
  return fetch(`${base}/webhooks/intercom`, { method: 'POST', headers, body });
}
