/**
 * Generic-source webhook payloads for tests, as DESIGN.md "The generic source" defines them:
 * build events that carry the ticket as it is after each event, and sign raw bodies the way
 * a sender does (`X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`).
 *
 * ```ts
 * const t = genericTicket('T-1', { createdAt: Date.now(), priority: 'urgent' });
 * const created = t.event();                                   // status new, occurred now
 * const replied = t.event({ status: 'open', comment: 'agent' }); // a public agent comment
 * const body = JSON.stringify([created, replied]);
 * fetch(url, { method: 'POST', body, headers: { 'X-Signature': signGeneric(body, secret) } });
 * ```
 */
import { createHmac } from 'node:crypto';

export type GenericStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';

export interface GenericTicketJson {
  id: string;
  status: GenericStatus;
  priority: string | null;
  created_at: string;
  subject: string | null;
  url: string | null;
  tags: string[];
  group: string | null;
  organization: string | null;
  assignee: string | null;
  requester: string | null;
  fields: Record<string, string | number | boolean | null>;
}

export interface GenericEventJson {
  event_id: string;
  occurred_at: string;
  ticket: GenericTicketJson;
  comment?: { author: 'agent' | 'customer'; public: boolean };
}

/** What changes with one event; everything else stays as the previous event left it. */
export interface GenericChange {
  /** Epoch ms of `occurred_at` (default: now). */
  at?: number;
  status?: GenericStatus;
  priority?: string | null;
  tags?: string[];
  subject?: string | null;
  assignee?: string | null;
  /** A public comment by `agent` or `customer`, or a full comment object (e.g. private). */
  comment?: 'agent' | 'customer' | { author: 'agent' | 'customer'; public: boolean };
  /** Default: `<ticket id>-e<n>`. */
  eventId?: string;
}

export interface GenericTicketOptions {
  /** Epoch ms of `created_at` (default: now). */
  createdAt?: number;
  status?: GenericStatus;
  priority?: string | null;
  tags?: string[];
  subject?: string | null;
  url?: string | null;
  group?: string | null;
  assignee?: string | null;
}

/** Epoch ms → ISO 8601 UTC with milliseconds. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** `sha256=<hex HMAC-SHA256 of body with secret>`, the generic source's `X-Signature`. */
export function signGeneric(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** One ticket's event stream: each `event()` carries the ticket as it is after that event. */
export class GenericTicket {
  readonly createdAt: number;
  private snapshot: GenericTicketJson;
  private n = 0;

  constructor(
    readonly id: string,
    options: GenericTicketOptions = {},
  ) {
    this.createdAt = options.createdAt ?? Date.now();
    this.snapshot = {
      id,
      status: options.status ?? 'new',
      priority: options.priority ?? null,
      created_at: iso(this.createdAt),
      subject: options.subject === undefined ? `Ticket ${id}` : options.subject,
      url: options.url ?? `https://help.example.com/${encodeURIComponent(id)}`,
      tags: options.tags ?? [],
      group: options.group ?? null,
      organization: null,
      assignee: options.assignee ?? null,
      requester: 'pat@example.com',
      fields: {},
    };
  }

  /** The ticket as the last event left it. */
  get ticket(): GenericTicketJson {
    return structuredClone(this.snapshot);
  }

  /** The next event: applies `change` to the ticket and returns the payload. */
  event(change: GenericChange = {}): GenericEventJson {
    const { at, comment, eventId, ...fields } = change;
    this.snapshot = { ...this.snapshot, ...definedOnly(fields) };
    const out: GenericEventJson = {
      event_id: eventId ?? `${this.id}-e${++this.n}`,
      occurred_at: iso(at ?? Date.now()),
      ticket: this.ticket,
    };
    if (comment !== undefined) out.comment = typeof comment === 'string' ? { author: comment, public: true } : comment;
    return out;
  }
}

/** Shorthand for `new GenericTicket(id, options)`. */
export function genericTicket(id: string, options: GenericTicketOptions = {}): GenericTicket {
  return new GenericTicket(id, options);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
