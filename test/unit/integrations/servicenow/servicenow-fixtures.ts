/** ServiceNow test fixtures and a delivery helper. */
import { readFileSync } from 'node:fs';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { servicenowConfigSchema, type ServicenowConfig } from '../../../../integrations/servicenow/index.js';

export const SN_SECRET = 'sn-secret-5d8e2a';
export const SN_PREVIOUS_SECRET = 'sn-old-secret-9f0e';
export const SYS_ID = '9d385017c611228701d22104cc95c371';

export type ServicenowFixture = 'incident-created' | 'agent-comment' | 'caller-comment' | 'on-hold-awaiting-caller' | 'work-note' | 'canceled';

/** A fixture body (a fresh copy), with top-level keys overridden. */
export function snBody(name: ServicenowFixture, over: Record<string, unknown> = {}): Record<string, unknown> {
  const text = readFileSync(new URL(`../../../fixtures/servicenow/${name}.json`, import.meta.url), 'utf8');
  return { ...(JSON.parse(text) as Record<string, unknown>), ...over };
}

export function snConfig(over: Record<string, unknown> = {}): ServicenowConfig {
  return servicenowConfigSchema.parse({ secret: SN_SECRET, previous_secret: SN_PREVIOUS_SECRET, instance: 'acme', ...over });
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A delivery as the route builds it (lower-cased headers). */
export function delivery(body: unknown, headers: Record<string, string> = { authorization: basicAuth('sla-timer', SN_SECRET) }): WebhookDelivery {
  return { rawBody: Buffer.from(JSON.stringify(body)), headers, query: {}, receivedAt: Date.parse('2026-11-24T12:00:00Z') };
}
