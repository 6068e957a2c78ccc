/** Freshdesk test fixtures and a delivery helper. */
import { readFileSync } from 'node:fs';
import { freshdeskConfigSchema, type FreshdeskConfig } from '../../../../integrations/freshdesk/index.js';
import type { WebhookDelivery } from '../../../../integrations/integration.js';

export const FD_SECRET = 'fd-secret-7f3a9c';
export const FD_PREVIOUS_SECRET = 'fd-old-secret-1b2c';

export type FreshdeskFixture = 'ticket-created' | 'agent-reply' | 'customer-reply' | 'ticket-updated' | 'note-added';

/** A fixture body (a fresh copy), with top-level keys overridden. */
export function fdBody(name: FreshdeskFixture, over: Record<string, unknown> = {}): Record<string, unknown> {
  const text = readFileSync(new URL(`../../../fixtures/freshdesk/${name}.json`, import.meta.url), 'utf8');
  return { ...(JSON.parse(text) as Record<string, unknown>), ...over };
}

export function fdConfig(over: Record<string, unknown> = {}): FreshdeskConfig {
  return freshdeskConfigSchema.parse({ secret: FD_SECRET, previous_secret: FD_PREVIOUS_SECRET, domain: 'acme', ...over });
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A delivery as the route builds it (lower-cased headers). */
export function delivery(body: unknown, headers: Record<string, string> = { authorization: basicAuth('sla-timer', FD_SECRET) }): WebhookDelivery {
  return { rawBody: Buffer.from(JSON.stringify(body)), headers, query: {}, receivedAt: Date.parse('2026-11-24T12:00:00Z') };
}
