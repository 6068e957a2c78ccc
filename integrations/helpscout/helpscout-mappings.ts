/**
 * Help Scout's conversation statuses and events → canonical values. Verified against the
 * Help Scout developer docs: statuses `active`, `pending`, `closed`, `spam` (webhook
 * Conversation object); event names and their bodies (Webhooks → Available Events).
 */
import type { CanonicalPriority, TicketStatus } from '../../src/events.js';

/**
 * Status → canonical status. Help Scout has no "solved": closing a conversation is its
 * resolution (`closed` is done, so the resolution clock is achieved).
 */
export const DEFAULT_HELPSCOUT_STATUSES: Readonly<Record<string, TicketStatus>> = {
  active: 'open',
  open: 'open',
  pending: 'pending',
  closed: 'closed',
  spam: 'closed',
};

/** Statuses that stop every clock (`deleted: true`): spam is not a customer request. */
export const DEFAULT_HELPSCOUT_DELETED_STATUSES: readonly string[] = ['spam'];

/** Priority custom-field values → canonical priority (Help Scout itself has no priority). */
export const DEFAULT_HELPSCOUT_PRIORITIES: Readonly<Record<string, CanonicalPriority>> = {
  urgent: 'urgent',
  high: 'high',
  normal: 'normal',
  medium: 'normal',
  low: 'low',
};

/** What a conversation event says about the thread it added. */
export interface EventKind {
  /** The thread this event added, when it is a reply or a note. */
  comment?: { author: 'agent' | 'customer'; public: boolean };
  /** The body is `{ id }` only: the conversation was deleted. */
  deleted?: boolean;
}

/** Conversation events and what they add; other events (customers, ratings, tags) carry no ticket. */
export const HELPSCOUT_CONVERSATION_EVENTS: Readonly<Record<string, EventKind>> = {
  'convo.created': {},
  'convo.assigned': {},
  'convo.status': {},
  'convo.tags': {},
  'convo.custom-fields': {},
  'convo.moved': {},
  // The body is the conversation that remains (merges delete the other one, which we are not told).
  'convo.merged': {},
  'convo.customer.reply.created': { comment: { author: 'customer', public: true } },
  'convo.agent.reply.created': { comment: { author: 'agent', public: true } },
  'convo.note.created': { comment: { author: 'agent', public: false } },
  'convo.deleted': { deleted: true },
};
