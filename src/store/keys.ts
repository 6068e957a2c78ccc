/**
 * Redis key names. Every key starts with the `{prefix}` hash tag so that, on Redis
 * Cluster, a ticket's keys and the indexes land in one slot and scripts may touch them together.
 */

export interface Keys {
  /** The hash-tagged prefix, e.g. `{sla}`; also BullMQ's queue prefix. */
  readonly tag: string;
  state(source: string, ticketId: string): string;
  history(source: string, ticketId: string): string;
  /** Tickets with an active timer, scored by their soonest due instant. */
  readonly active: string;
  /** Tickets by last change, for listing ended timers. */
  readonly recent: string;
  /** Clock changes of every ticket, in order: the live stream (a capped Redis stream). */
  readonly changes: string;
  /** Webhook-level dedupe marker of one event. */
  seen(eventHash: string): string;
  /** A key for another part of the service (notify ledger, pacing…), still under the tag. */
  sub(...parts: string[]): string;
}

export function keysFor(prefix: string): Keys {
  const tag = `{${prefix}}`;
  return {
    tag,
    state: (source, id) => `${tag}:t:${source}:${id}`,
    history: (source, id) => `${tag}:h:${source}:${id}`,
    active: `${tag}:active`,
    recent: `${tag}:recent`,
    changes: `${tag}:changes`,
    seen: (eventHash) => `${tag}:seen:${eventHash}`,
    sub: (...parts) => [tag, ...parts].join(':'),
  };
}

/** The index member naming a ticket: `<source>:<id>` (sources never contain `:`). */
export function memberOf(source: string, ticketId: string): string {
  return `${source}:${ticketId}`;
}

export function parseMember(member: string): { source: string; ticketId: string } {
  const i = member.indexOf(':');
  return { source: member.slice(0, i), ticketId: member.slice(i + 1) };
}
