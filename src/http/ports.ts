/**
 * What the HTTP layer needs from the rest of the service. The store and queues implement
 * these; HTTP tests pass in-memory fakes through the same door.
 */
import type { TicketEvent } from '../events.js';
import type { ClockChange, HistoryEntry, TicketState } from '../sla/index.js';

/** Hands events to the durable events queue. */
export interface EventIngest {
  /**
   * Resolves once every event is durably enqueued (never before). `duplicates` counts
   * events whose id was already received; they are harmless if enqueued again.
   * Rejects when the queue cannot take them (the webhook answers 503 so the tool retries).
   */
  ingest(events: TicketEvent[]): Promise<{ accepted: number; duplicates: number }>;
}

/** Reads ticket SLA state for the API. */
export interface TicketQueries {
  get(source: string, ticketId: string): Promise<TicketState | undefined>;
  /** Newest first. */
  history(source: string, ticketId: string, limit: number): Promise<HistoryEntry[]>;
  /** Tickets with an active timer, soonest next due first, then the rest of the active ones. */
  active(limit: number): Promise<TicketState[]>;
  /** Tickets whose state changed most recently, first; includes tickets whose timers all ended. */
  recent(limit: number): Promise<TicketState[]>;
}

/** One saved change of a ticket's clocks, as the live stream carries it. */
export interface ChangeEvent {
  /** Position in the feed; a client resumes after it (`Last-Event-ID`). */
  id: string;
  source: string;
  ticketId: string;
  changes: ClockChange[];
  recordedAt: number;
}

/** Clock changes saved by any worker process, in order. */
export interface ChangeFeed {
  /**
   * Calls `onEvent` for each change after `afterId` (only new ones when undefined), until
   * the returned function is called. Changes too old to replay are skipped.
   */
  subscribe(afterId: string | undefined, onEvent: (event: ChangeEvent) => void): () => void;
}
