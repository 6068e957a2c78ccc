/**
 * Intercom's conversation states, priorities and parts → canonical values. Verified against
 * the Intercom developer docs: conversation `state` open / closed / snoozed and `priority`
 * priority / not_priority (Conversation model), part types and author types (Conversation
 * Part model), conversation topics (Webhooks → Topics).
 */
import type { CanonicalPriority, TicketStatus } from '../../src/events.js';

/**
 * State → canonical status. A snoozed conversation waits (on the customer, usually): it
 * pauses like `pending`; map `snoozed: on_hold` if snoozing means something else for you.
 * Intercom has no "solved": closing is the resolution, and a customer reply reopens it.
 */
export const DEFAULT_INTERCOM_STATUSES: Readonly<Record<string, TicketStatus>> = {
  open: 'open',
  snoozed: 'pending',
  closed: 'solved',
};

export const DEFAULT_INTERCOM_PRIORITIES: Readonly<Record<string, CanonicalPriority>> = {
  priority: 'high',
  not_priority: 'normal',
};

/** Author types of a part: teammates (and, when enabled, bots) are agents; contacts are customers. */
const AGENT_AUTHORS = new Set(['admin', 'team']);
const CUSTOMER_AUTHORS = new Set(['user', 'lead', 'contact']);

/** Who wrote a part, or undefined when it does not count (a bot, unless bots count; unknown types). */
export function partAuthor(type: string | null, countBots: boolean): 'agent' | 'customer' | undefined {
  const t = type?.toLowerCase() ?? '';
  if (AGENT_AUTHORS.has(t) || (countBots && t === 'bot')) return 'agent';
  if (CUSTOMER_AUTHORS.has(t)) return 'customer';
  return undefined;
}

/**
 * Part types that carry a message: `comment` (a reply, public), `note` (internal), and a
 * `close` with a body (a teammate closing with a message to the customer: the API's
 * "close with body").
 */
export function partVisibility(partType: string | null, hasBody: boolean): 'public' | 'internal' | undefined {
  const t = partType?.toLowerCase() ?? '';
  if (t === 'comment') return 'public';
  if (t === 'note' || t === 'note_and_reopen') return 'internal';
  if (t === 'close' && hasBody) return 'public';
  return undefined;
}

/**
 * Topics whose item is a conversation; other topics (contacts, tickets, ping) give no events.
 * `*.translated` topics repeat a reply already notified in the teammate's language.
 */
export function isConversationTopic(topic: string): boolean {
  return topic.startsWith('conversation.') && topic !== 'conversation.deleted' && !topic.endsWith('.translated');
}
