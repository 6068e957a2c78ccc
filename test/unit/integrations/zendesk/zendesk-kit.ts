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
import { LIFE, lifeCreatedAt, type LifeStep } from '../../../support/ticket-life.js';
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

// ---------------------------------------------------------------------------------------------
// The ticket life (test/support/ticket-life.ts) as an event-subscribed Zendesk webhook receives it

export const LIFE_TICKET = '35436';
export const LIFE_AGENT = '8447388090495';
export const LIFE_CUSTOMER = '8447388090494';

/** How Zendesk names the canonical statuses of the life. */
const LIFE_STATUS = { open: 'OPEN', pending: 'PENDING', solved: 'SOLVED' } as const;

/** The Zendesk status after a life step. */
export function zendeskLifeStatus(step: LifeStep): string {
  // A ticket a customer submits is New until an agent touches it.
  if (step.name === 'created') return 'NEW';
  return LIFE_STATUS[step.status as keyof typeof LIFE_STATUS];
}

/** `detail` instants have whole seconds (`2026-11-24T09:10:00Z`); an event's `time` may have milliseconds. */
function wholeSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface ZendeskLifeOptions {
  /** The life's steps (default LIFE; `lifeAt` retimes them); the first one's instant is the creation. */
  steps?: readonly LifeStep[];
  ticketId?: string;
}

/**
 * Order of the events of one action. Zendesk does not guarantee it: `alternate` delivers the
 * status change before the comment on every other step (agentReply, pending, solved).
 */
export type ZendeskLifeOrder = 'comment-first' | 'alternate';

/**
 * What an event-subscribed webhook receives for each step of the life, step by step: several
 * events per action, each carrying the ticket after the action in `detail` and the action's
 * instant as `time`. Creation is `ticket.created` plus the `comment_added` of the customer's
 * description; every later step is a `comment_added`, plus a `status_changed` when the status
 * changes. Event ids are unique per ticket.
 */
export function eventSubscriptionLifeSteps(order: ZendeskLifeOrder, options: ZendeskLifeOptions = {}): Array<Array<Record<string, unknown>>> {
  const steps = options.steps ?? LIFE;
  const ticket = options.ticketId ?? LIFE_TICKET;
  const createdAt = wholeSeconds(lifeCreatedAt(steps));
  const detail = (step: LifeStep) => ({
    id: ticket, status: zendeskLifeStatus(step), priority: 'HIGH', created_at: createdAt, updated_at: wholeSeconds(step.at),
    subject: 'Checkout is down', tags: ['checkout'], requester_id: LIFE_CUSTOMER, assignee_id: step.name === 'created' ? null : LIFE_AGENT,
    group_id: '360005554321', organization_id: '360099887766', custom_status: '0', via: { channel: 'web_form' },
  });
  const envelope = (type: string, id: string, step: LifeStep, event: Record<string, unknown>): Record<string, unknown> => ({
    type: `zen:event-type:ticket.${type}`, account_id: 12514403, id: `evt-${ticket}-${id}`, time: step.at, zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket}`, detail: detail(step), event,
  });
  const agent = { id: LIFE_AGENT, is_staff: true, name: 'Dana' };
  const customer = { id: LIFE_CUSTOMER, is_staff: false, name: 'Pat' };
  let previous = 'NEW';
  return steps.map((step, i) => {
    const status = zendeskLifeStatus(step);
    if (step.name === 'created') {
      // The customer's description arrives as a comment of the creating action.
      return [envelope('created', `${i}-created`, step, {}), envelope('comment_added', `${i}-description`, step, { comment: { id: '1001', body: 'Checkout fails', is_public: true, author: customer } })];
    }
    const c = step.comment!;
    const comment = envelope('comment_added', `${i}-comment`, step, {
      comment: { id: String(2000 + i), body: '…', is_public: c.public, author: c.author === 'agent' ? agent : customer },
    });
    const change = status === previous ? [] : [envelope('status_changed', `${i}-status`, step, { current: status, previous })];
    previous = status;
    return order === 'comment-first' || i % 2 === 0 ? [comment, ...change] : [...change, comment];
  });
}

/** The deliveries of `eventSubscriptionLifeSteps`, in the order they are sent. */
export function eventSubscriptionLife(order: ZendeskLifeOrder, options: ZendeskLifeOptions = {}): Array<Record<string, unknown>> {
  return eventSubscriptionLifeSteps(order, options).flat();
}
