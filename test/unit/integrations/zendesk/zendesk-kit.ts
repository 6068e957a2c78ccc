/**
 * Shared pieces of the Zendesk tests: the config, fixtures, signing as Zendesk signs, and the
 * real HTTP app with only the Zendesk integration registered.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldError } from '../../../../integrations/integration.js';
import { normalizeZendesk, zendeskConfigSchema, zendeskIntegration, type ZendeskConfig } from '../../../../integrations/zendesk/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { startApp, type Harness } from '../../http/app-harness.js';

export const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
export const PREVIOUS_SECRET = 'b2xkLXNpZ25pbmctc2VjcmV0LWJlZm9yZS1yZXNldA==';
export const TRIGGER_WEBHOOK_SECRET = 'c2Vjb25kLXdlYmhvb2stZm9yLXRyaWdnZXJzLW9ubHk=';

/** The receiving server's clock in HTTP tests. */
export const NOW = Date.parse('2026-11-24T12:00:30Z');
/** A fresh signature timestamp, as Zendesk sends it (ISO 8601). */
export const FRESH_TIMESTAMP = '2026-11-24T12:00:28Z';

export const RAW_CONFIG = {
  secret: SECRET,
  previous_secret: PREVIOUS_SECRET,
  additional_secrets: [TRIGGER_WEBHOOK_SECRET],
  subdomain: 'acme',
};

export function config(over: Record<string, unknown> = {}): ZendeskConfig {
  return zendeskConfigSchema.parse({ ...RAW_CONFIG, ...over });
}

const FIXTURES = fileURLToPath(new URL('../../../fixtures/zendesk/', import.meta.url));

/** A fixture's bytes as stored (what Zendesk would send). */
export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}.json`, 'utf8');
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** base64(HMAC-SHA256(secret, timestamp + body)), as Zendesk signs. */
export function signZendesk(body: string | Buffer, timestamp: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp), Buffer.isBuffer(body) ? body : Buffer.from(body)])).digest('base64');
}

export interface PostOptions {
  timestamp?: string | null;
  secret?: string;
  /** A signature header to send instead of a computed one; null sends none. */
  signature?: string | null;
}

/** POSTs to `/webhooks/zendesk` with Zendesk's headers, signed unless told otherwise. */
export function postZendesk(base: string, body: string, opts: PostOptions = {}): Promise<Response> {
  const timestamp = opts.timestamp === undefined ? FRESH_TIMESTAMP : opts.timestamp;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Zendesk Webhook', 'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5' };
  if (timestamp !== null) headers['x-zendesk-webhook-signature-timestamp'] = timestamp;
  const signature = opts.signature === undefined ? signZendesk(body, timestamp ?? '', opts.secret) : opts.signature;
  if (signature !== null) headers['x-zendesk-webhook-signature'] = signature;
  return fetch(`${base}/webhooks/zendesk`, { method: 'POST', headers, body });
}

/** The real app with only the Zendesk integration, its config block, and a fixed clock. */
export function startZendeskApp(over: Record<string, unknown> = {}): Promise<Harness> {
  return startApp({
    registry: new Map([[zendeskIntegration.name, zendeskIntegration]]),
    integrationConfig: { zendesk: config(over) },
    clock: () => NOW,
  });
}

export function eventsOf(body: unknown, cfg: ZendeskConfig = config()): TicketEvent[] {
  const r = normalizeZendesk(body, cfg);
  if (!r.ok) throw new Error(`expected events, got ${JSON.stringify(r.errors)}`);
  return r.events;
}

export function errorsOf(body: unknown, cfg: ZendeskConfig = config()): FieldError[] {
  const r = normalizeZendesk(body, cfg);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.events)}`);
  return r.errors;
}

/** A deep copy of an object with `path` (dot-separated) set to `value` (undefined deletes). */
export function withField<T extends Record<string, unknown>>(body: T, path: string, value: unknown): T {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
