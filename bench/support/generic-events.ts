/**
 * Generic-source events as DESIGN.md "The generic source" defines them, for the benches: the
 * JSON a sender posts, its signature, and the same event as the `TicketEvent` the integration
 * produces (for feeding the events queue directly).
 */
import { createHmac } from 'node:crypto';
import type { TicketEvent } from '../../src/events.js';

export const BENCH_SECRET = 'bench-generic-secret';

export interface BenchTicket {
  id: string;
  eventId: string;
  occurredAt: number;
  createdAt: number;
  priority: string | null;
  tags: string[];
  group: string | null;
}

/** The wire JSON of a "ticket created" event (status new, no comment). */
export function genericEventJson(t: BenchTicket): Record<string, unknown> {
  return {
    event_id: t.eventId,
    occurred_at: new Date(t.occurredAt).toISOString(),
    ticket: {
      id: t.id,
      status: 'new',
      priority: t.priority,
      created_at: new Date(t.createdAt).toISOString(),
      subject: `Checkout is down for customer ${t.id}`,
      url: `https://help.example.com/tickets/${t.id}`,
      tags: t.tags,
      group: t.group,
      organization: 'Acme',
      assignee: 'Dana',
      requester: 'pat@example.com',
      fields: {},
    },
  };
}

/** The `TicketEvent` the generic integration makes of `genericEventJson(t)`. */
export function ticketEvent(t: BenchTicket): TicketEvent {
  return {
    source: 'generic',
    eventId: t.eventId,
    occurredAt: t.occurredAt,
    ticket: {
      id: t.id,
      status: 'new',
      priority: t.priority,
      createdAt: t.createdAt,
      subject: `Checkout is down for customer ${t.id}`,
      url: `https://help.example.com/tickets/${t.id}`,
      tags: t.tags,
      group: t.group,
      organization: 'Acme',
      assignee: 'Dana',
      requester: 'pat@example.com',
      fields: {},
    },
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signGeneric(body: string | Buffer, secret = BENCH_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
