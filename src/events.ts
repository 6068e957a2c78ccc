/**
 * The canonical ticket event: the one contract between the help-desk integrations and the
 * SLA core. Every event carries the ticket as it is after the event; the core derives
 * what changed by comparing with what it holds, so repeats and late deliveries are safe.
 */

/** Canonical ticket statuses; each integration maps its tool's own values onto these. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Canonical priorities: tool integrations map their own values onto these (Jira `Highest`,
 * Freshdesk `4`, ServiceNow `1 - Critical` → `urgent`), so severities can name them once.
 * The generic source passes its priority through as sent.
 */
export const CANONICAL_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CanonicalPriority = (typeof CANONICAL_PRIORITIES)[number];

/** The ticket as the help desk sees it after the event. */
export interface TicketSnapshot {
  /** The tool's ticket id (unique within a source). */
  id: string;
  status: TicketStatus;
  /** The tool's own priority value, e.g. `urgent`, `"4"`, `Highest`; severity mapping reads it. */
  priority: string | null;
  /** When the ticket was created (epoch ms): first response and resolution start here. */
  createdAt: number;
  subject: string | null;
  url: string | null;
  tags: string[];
  group: string | null;
  organization: string | null;
  assignee: string | null;
  requester: string | null;
  /** Custom fields by name, for policy matching (`fields.<name>`). */
  fields: Record<string, string | number | boolean | null>;
}

/** A public or internal comment added by this event. */
export interface TicketComment {
  author: 'agent' | 'customer';
  public: boolean;
}

/** One ticket lifecycle event, normalized. */
export interface TicketEvent {
  /** Integration that received it (`generic`, `zendesk`, …). */
  source: string;
  /** Dedupe key, unique within the source (the tool's delivery or event id). */
  eventId: string;
  /** When it happened at the help desk (epoch ms); orders events of a ticket. */
  occurredAt: number;
  ticket: TicketSnapshot;
  comment?: TicketComment;
  /** The ticket was deleted (or marked spam): every clock is cancelled. */
  deleted?: boolean;
}

/** The key that names a ticket across sources: `<source>:<id>`. */
export function ticketKey(source: string, ticketId: string): string {
  return `${source}:${ticketId}`;
}

/**
 * Writes to the ticket in its help desk after an alert (axios, with the integration's
 * credentials). Failures a later attempt may fix (429, 5xx, timeouts) throw an error
 * carrying `retryable: true` and, when the tool said, `retryAfterMs`: the notify queue
 * retries then. Other failures throw plain errors and are not retried.
 */
export interface TicketWriter {
  /** Adds a note only agents see. */
  addInternalNote(ticketId: string, text: string): Promise<void>;
  /** Sets the configured due-date field to the instant; absent when no field is configured. */
  setDueField?(ticketId: string, dueAt: number): Promise<void>;
}

/**
 * Reads one ticket from its help desk's REST API (axios, with the integration's credentials),
 * for the resync of tickets whose webhooks stopped arriving. The event it returns is mapped
 * exactly as a webhook of the same ticket would be (the integration's own value tables) and
 * carries no comment: the core compares it with what it holds, like any other event.
 */
export interface TicketReader {
  /**
   * The ticket as the tool has it now: `occurredAt` is the tool's last-updated instant and
   * `eventId` is the same for the same update, so a repeated read dedupes. Null when the tool
   * answers 404. Throws otherwise; an error with `status: 429` (and `retryAfterMs` when the
   * tool said how long) means the tool asked us to slow down.
   */
  read(ticketId: string): Promise<TicketEvent | null>;
  /**
   * Snapshot fields the API gives differently from the tool's webhooks (ids where a webhook
   * template renders names): the resync keeps the stored values of these, so reading a ticket
   * never moves it to another policy by itself.
   */
  readonly keepsStored?: ReadonlyArray<keyof TicketSnapshot>;
}
