/**
 * Zammad's default states, priorities and article senders → canonical values. Verified
 * against Zammad's seeds (`db/seeds/ticket_states.rb`, `ticket_priorities.rb`,
 * `ticket_article_senders.rb`): the names and the ids an unmodified instance uses. Both are
 * accepted because the default webhook body carries `state` (a name) and `state_id`, and
 * `priority` (an object with `name`) and `priority_id`. Instances with their own states or
 * priorities map them under `integrations.zammad.statuses` / `.priorities`.
 */
import type { CanonicalPriority, TicketStatus } from '../../src/events.js';

/** State name or id → canonical status. */
export const DEFAULT_ZAMMAD_STATUSES: Readonly<Record<string, TicketStatus>> = {
  new: 'open',
  open: 'open',
  'pending reminder': 'pending',
  'pending close': 'solved',
  closed: 'closed',
  merged: 'closed',
  removed: 'closed',
  '1': 'open', // new
  '2': 'open', // open
  '3': 'pending', // pending reminder
  '4': 'closed', // closed
  '5': 'closed', // merged
  '6': 'closed', // removed
  '7': 'solved', // pending close
};

/**
 * States whose tickets stop every clock (`deleted: true`): a merged ticket lives on in the
 * ticket it was merged into, a removed one is gone.
 */
export const DEFAULT_ZAMMAD_DELETED_STATES: readonly string[] = ['merged', 'removed', '5', '6'];

/** Priority name or id → canonical priority. */
export const DEFAULT_ZAMMAD_PRIORITIES: Readonly<Record<string, CanonicalPriority>> = {
  '1 low': 'low',
  '2 normal': 'normal',
  '3 high': 'high',
  low: 'low',
  normal: 'normal',
  high: 'high',
  '1': 'low',
  '2': 'normal',
  '3': 'high',
};

/** Article sender (name or `sender_id`) → who wrote it; `System` articles are no reply. */
export function articleAuthor(sender: string | undefined, senderId: number | undefined): 'agent' | 'customer' | undefined {
  const name = sender?.trim().toLowerCase();
  if (name === 'agent' || (name === undefined && senderId === 1)) return 'agent';
  if (name === 'customer' || (name === undefined && senderId === 2)) return 'customer';
  return undefined;
}

/** Article types that are no reply by default: Zammad's own SLA does not count notes. */
export const DEFAULT_INTERNAL_ARTICLE_TYPES: readonly string[] = ['note'];
