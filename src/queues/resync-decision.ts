/**
 * What to do with one ticket the resync read (pure): hand the tool's snapshot to the events
 * queue, or nothing. The snapshot goes through the same door as webhooks, so ordering, dedupe
 * and "an older event cannot roll a ticket back" are the ones every event gets; this only
 * spares the queue events that cannot change anything, and decides what a 404 means.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TicketEvent, TicketSnapshot } from '../events.js';
import type { TicketState } from '../sla/index.js';

export type ResyncDecision =
  | { kind: 'ingest'; event: TicketEvent }
  | { kind: 'unchanged' }
  /** 404, `on_not_found: keep`: the tool may hide the ticket from the API user (Jira does), so the clocks stay. */
  | { kind: 'not_found' }
  /** 404, `on_not_found: cancel`: the deletion event to ingest. */
  | { kind: 'cancel'; event: TicketEvent };

export interface ResyncDecisionInput {
  /** The ticket as stored now (undefined: it left the store meanwhile). */
  stored: TicketState | undefined;
  /** What the reader returned: the tool's snapshot, or null for a 404. */
  fetched: TicketEvent | null;
  /** Snapshot fields the reader cannot give the way webhooks do: the stored values stay. */
  keepsStored?: ReadonlyArray<keyof TicketSnapshot> | undefined;
  onNotFound: 'keep' | 'cancel';
  now: number;
}

export function decideResync(input: ResyncDecisionInput): ResyncDecision {
  const { stored, fetched } = input;
  if (fetched === null) {
    if (input.onNotFound === 'keep' || stored === undefined || stored.deleted) return { kind: 'not_found' };
    return { kind: 'cancel', event: deletionOf(stored, input.now) };
  }
  if (stored === undefined) return { kind: 'ingest', event: fetched };
  const ticket = { ...fetched.ticket };
  for (const key of input.keepsStored ?? []) (ticket as Record<string, unknown>)[key] = stored.ticket[key];
  const event: TicketEvent = { ...fetched, ticket };
  // Older than what is held: the core would drop it as late. The same ticket (even updated
  // later, e.g. by our own internal note): nothing would change, so the queue is spared it.
  if (event.occurredAt < stored.lastEventAt) return { kind: 'unchanged' };
  if (event.deleted !== true && sameTicket(ticket, stored.ticket)) return { kind: 'unchanged' };
  return { kind: 'ingest', event };
}

/**
 * A deletion for a ticket the tool no longer has. Its id names the last event the ticket had,
 * so repeated runs before it is applied enqueue it once.
 */
function deletionOf(stored: TicketState, now: number): TicketEvent {
  return {
    source: stored.source,
    eventId: `resync-gone-${stored.ticketId}-${stored.lastEventAt}`,
    // When it went is unknown: now, so it is never older than what the ticket holds.
    occurredAt: Math.max(now, stored.lastEventAt),
    ticket: stored.ticket,
    deleted: true,
  };
}

/** Equal apart from `createdAt` (the core keeps the first one it saw); key order does not matter. */
function sameTicket(a: TicketSnapshot, b: TicketSnapshot): boolean {
  return isDeepStrictEqual({ ...a, createdAt: 0 }, { ...b, createdAt: 0 });
}
