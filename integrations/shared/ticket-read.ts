/**
 * Helpers every ticket reader shares: one GET through the write-back client (same axios
 * instance, retries and 429 Retry-After handling), 404 as "no such ticket", and the dedupe key
 * of a resync snapshot. Error messages name method, path and status, never credentials.
 */
import type { FieldError } from '../integration.js';
import { WriteBackError, type WriteBackHttp } from './write-back-http.js';

/** A failed ticket read: the tool's answer, or a body that does not map to a ticket. */
export class TicketReadError extends Error {
  readonly code = 'sla_resync_read_failed';
  constructor(
    message: string,
    /** The tool's HTTP status, when it answered. */
    readonly status?: number,
    /** How long the tool asked us to wait (429 Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TicketReadError';
  }
}

/** The parsed JSON body of `GET path`, or null when the tool answers 404. */
export async function getTicketJson(http: WriteBackHttp, path: string): Promise<unknown> {
  try {
    return await http.send('GET', path, undefined);
  } catch (err) {
    if (err instanceof WriteBackError) {
      if (err.status === 404) return null;
      // Only a 429 is the tool asking us to wait; on other statuses the client's wait is its own backoff.
      throw new TicketReadError(err.message, err.status, err.status === 429 ? err.retryAfterMs : undefined);
    }
    throw err;
  }
}

/** A body that does not map: every bad field with its path, and the fix the mapping suggests. */
export function unmappedTicket(what: string, errors: readonly FieldError[]): TicketReadError {
  return new TicketReadError(`${what} does not map to a ticket: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
}

/**
 * The dedupe key of a resync snapshot: the ticket and the tool's last-updated instant. Reading
 * the same update again gives the same key, so the event-id dedupe makes it a no-op; it names
 * the ticket because event ids are unique per source, not per ticket.
 */
export function resyncEventId(ticketId: string, updatedAt: number): string {
  return `resync-${ticketId}-${updatedAt}`;
}
